#include "server/public_api.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalog/facts.h"

namespace okno::server {
namespace {

namespace fs = std::filesystem;

HttpResponse Health(const PublicApi& api) {
  return HttpResponse::Json(200, {{"status", "ok"}, {"catalog_version", api.catalog.version}});
}

HttpResponse Plan(const PublicApi& api, const HttpRequest& request) {
  std::string language = request.Query("lang", "ru");
  if (language != "ru" && language != "en") {
    return Problem(400, "invalid_query", "", {{"lang", "'" + language + "' is not ru or en"}});
  }
  std::string all = request.Query("all", "false");
  if (all != "true" && all != "false") {
    return Problem(400, "invalid_query", "", {{"all", "'" + all + "' is not true or false"}});
  }
  Result<nlohmann::json> body = ParseJsonBody(request.body, api.max_json_depth);
  if (!body.ok()) return Problem(400, "invalid_json", body.status().message());
  std::vector<catalog::SituationError> errors;
  catalog::Situation situation = catalog::ParseSituation(*body, api.catalog, errors);
  if (!errors.empty()) {
    std::vector<FieldError> fields;
    for (const catalog::SituationError& error : errors) {
      fields.push_back({error.path, error.message});
    }
    return Problem(400, "invalid_situation",
                   std::to_string(errors.size()) + " error(s) in the situation; no plan made",
                   fields);
  }
  planner::PlanOptions options;
  options.language = language;
  options.all_services = all == "true";
  return HttpResponse::Json(200, planner::PlanToJson(api.planner.Make(situation, options)));
}

std::string ContentTypeOf(const fs::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"}};
  auto it = kTypes.find(file.extension().string());
  return it != kTypes.end() ? it->second : "application/octet-stream";
}

const char* kNotBuiltPage = R"(<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Окно</title></head>
<body>
<h1>Окно</h1>
<p>Сервер работает, но веб-приложение ещё не собрано. Соберите его командой
<code>make run</code> (или <code>npm ci &amp;&amp; npm run build</code> в папке <code>web/</code>)
и обновите страницу. API доступно уже сейчас: <code>POST /api/v1/plan</code>.</p>
<p lang="en">The server is running, but the web app has not been built. Build it with
<code>make run</code> (or <code>npm ci &amp;&amp; npm run build</code> in <code>web/</code>) and
reload. The API works already: <code>POST /api/v1/plan</code>.</p>
</body></html>
)";

HttpResponse WebApp(const PublicApi& api, const HttpRequest& request) {
  if (request.path.starts_with("/api/")) {
    return Problem(404, "not_found", "no resource at " + request.path);
  }
  fs::path root = api.web_root;
  std::error_code error;
  if (api.web_root.empty() || !fs::is_regular_file(root / "index.html", error)) {
    return HttpResponse::Text(request.path == "/" ? 200 : 404, "text/html; charset=utf-8",
                              kNotBuiltPage);
  }
  // Only files under the root: no segment may climb out of it.
  fs::path relative = fs::path(request.path).relative_path().lexically_normal();
  if (!relative.empty() && *relative.begin() == "..") {
    return Problem(404, "not_found", "no resource at " + request.path);
  }
  fs::path file = root / relative;
  // An app route (/cases/42) is the app's to show: index.html.
  if (relative.empty() || !fs::is_regular_file(file, error)) file = root / "index.html";
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return HttpResponse::Text(200, ContentTypeOf(file), content.str());
}

}  // namespace

void AddPublicRoutes(Router& router, const PublicApi& api) {
  router.Add("GET", "/healthz", [&api](const HttpRequest&) { return Health(api); });
  router.Add("POST", "/api/v1/plan",
             [&api](const HttpRequest& request) { return Plan(api, request); });
  router.Add("GET", "/*", [&api](const HttpRequest& request) { return WebApp(api, request); });
}

}  // namespace okno::server
