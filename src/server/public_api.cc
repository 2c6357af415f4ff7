#include "server/public_api.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "catalog/facts.h"
#include "planner/rule_words.h"
#include "server/openapi.h"

namespace okno::server {
namespace {

namespace fs = std::filesystem;

HttpResponse Health(const PublicApi& api) {
  return HttpResponse::Json(
      200, {{"status", "ok"}, {"catalog_version", api.catalogs.Current()->catalog().version}});
}

Result<HttpResponse> Plan(const PublicApi& api, const Call& call) {
  std::shared_ptr<const planner::LoadedCatalog> loaded = api.catalogs.Current();
  std::vector<catalog::SituationError> errors;
  catalog::Situation situation = catalog::ParseSituation(call.body, loaded->catalog(), errors);
  if (!errors.empty()) return InvalidFieldsError(std::move(errors));
  planner::PlanOptions options;
  options.language = call.request.Query("lang", "ru");
  options.all_services = call.request.Query("all") == "true";
  options.cancelled = call.request.cancelled.get();
  planner::Plan plan = loaded->planner().Make(situation, options);
  if (plan.stopped) {
    return RetryLater(503, "plan_stopped",
                      "the plan took longer than the server gives one request, or the client "
                      "left; a smaller household or fewer unknown facts plan faster",
                      std::chrono::seconds(5));
  }
  return HttpResponse::Text(200, "application/json", planner::PlanToJsonText(plan));
}

using nlohmann::json;

json Localized(const catalog::LocalizedText& text, const std::string& language) {
  return text.In(language).empty() ? text.ru : text.In(language);
}

// A service as lists show it.
json ServiceBrief(const catalog::Catalog& catalog, const catalog::Service& service,
                  const std::string& language) {
  json entry = {{"id", service.id},           {"title", Localized(service.title, language)},
                {"agency", service.agency},   {"needs", service.needs},
                {"subject", service.subject}, {"computable", service.computable()}};
  if (auto agency = catalog.agencies.find(service.agency); agency != catalog.agencies.end()) {
    entry["agency_title"] = Localized(agency->second.title, language);
  }
  return entry;
}

// The label of the fact a rule reads at `attribute` ("household.housing", "person.age"), from
// the fact schema; empty for a variable or a record as a whole.
std::string FactLabel(const catalog::Catalog& catalog, const std::string& attribute,
                      const std::string& language) {
  size_t dot = attribute.find('.');
  if (dot == std::string::npos) return "";
  std::string record =
      attribute.substr(0, dot) == "applicant" ? "person" : attribute.substr(0, dot);
  auto found = catalog.facts.records.find(record);
  if (found == catalog.facts.records.end()) return "";
  std::string field = attribute.substr(dot + 1);
  field = field.substr(0, field.find('.'));
  auto fact = found->second.fields.find(field);
  return fact == found->second.fields.end() ? "" : fact->second.label.In(language);
}

// A service with everything a citizen or a methodologist reads about it: its agency, needs,
// documents, legal basis, and each version of its rule with the facts it reads.
json ServiceDetail(const catalog::Catalog& catalog, const catalog::Service& service,
                   const std::string& language) {
  json entry = ServiceBrief(catalog, service, language);
  entry["description"] = Localized(service.description, language);
  entry["on_request"] = service.on_request;
  entry["legal_basis"] = {{"citation", service.legal_basis.citation},
                          {"status", service.legal_basis.status},
                          {"source", service.legal_basis.source}};
  entry["channels"] = service.channels;
  if (service.processing_days) {
    entry["processing"] = {{"days", *service.processing_days}, {"unit", service.processing_unit}};
  }
  if (!service.applies_to.empty()) entry["applies_to"] = service.applies_to;
  json needs = json::array();
  for (const std::string& need : service.needs) {
    auto found = catalog.needs.find(need);
    needs.push_back(
        {{"id", need},
         {"title",
          found == catalog.needs.end() ? json(need) : Localized(found->second.title, language)}});
  }
  entry["needs"] = std::move(needs);
  json documents = json::array();
  for (const catalog::DocumentRequirement& requirement : service.documents) {
    auto found = catalog.documents.find(requirement.document);
    json document = {
        {"id", requirement.document},
        {"title", found == catalog.documents.end() ? json(requirement.document)
                                                   : Localized(found->second.title, language)},
        {"source", requirement.source},
        {"per_member", requirement.per_member}};
    if (!requirement.from_agency.empty()) document["from_agency"] = requirement.from_agency;
    documents.push_back(std::move(document));
  }
  entry["documents"] = std::move(documents);
  json rules = json::array();
  for (const catalog::RuleVersion& rule : service.rules) {
    json facts = json::array();
    if (rule.program) {
      for (const std::string& attribute : rule.program->attributes()) {
        facts.push_back({{"path", attribute}, {"label", FactLabel(catalog, attribute, language)}});
      }
    }
    json version = {{"expression", rule.expression},
                    {"words", planner::RuleInWords(rule.expression, catalog.facts, language)},
                    {"approximate", rule.approximate},
                    {"facts", std::move(facts)}};
    if (rule.valid_from) version["valid_from"] = rule.valid_from->ToString();
    if (rule.valid_to) version["valid_to"] = rule.valid_to->ToString();
    if (!rule.note.empty()) version["note"] = rule.note;
    rules.push_back(std::move(version));
  }
  entry["rules"] = std::move(rules);
  if (!service.eligibility_text.empty()) entry["eligibility_text"] = service.eligibility_text;
  return entry;
}

// GET /api/v1/catalog/services?q=&need=&agency=&region=&lang=&limit=&offset=
Result<HttpResponse> Services(const PublicApi& api, const HttpRequest& request) {
  std::string language = request.Query("lang", "ru");
  long limit = std::stol(request.Query("limit", "50"));
  long offset = std::stol(request.Query("offset", "0"));
  std::shared_ptr<const planner::LoadedCatalog> loaded = api.catalogs.Current();
  const catalog::Catalog& catalog = loaded->catalog();
  std::string need = request.Query("need");
  std::string agency = request.Query("agency");
  std::string region = request.Query("region");
  std::vector<FieldError> unknown;
  if (!need.empty() && !catalog.needs.contains(need)) {
    unknown.push_back({"need", "no need '" + need + "'"});
  }
  if (!region.empty() && !catalog.regions.contains(region)) {
    unknown.push_back({"region", "no region '" + region + "'"});
  }
  if (!unknown.empty()) return InvalidFieldsError(std::move(unknown));
  json services = json::array();
  long matched = 0;
  for (const catalog::Service* service : loaded->search().Find(request.Query("q"))) {
    if (!need.empty() &&
        std::find(service->needs.begin(), service->needs.end(), need) == service->needs.end()) {
      continue;
    }
    if (!agency.empty() && service->agency != agency) continue;
    if (!region.empty() && !catalog.Offers(*service, region)) continue;
    if (matched++ >= offset && static_cast<long>(services.size()) < limit) {
      services.push_back(ServiceBrief(catalog, *service, language));
    }
  }
  return HttpResponse::Json(200, {{"total", matched},
                                  {"catalog_version", catalog.version},
                                  {"services", std::move(services)}});
}

Result<HttpResponse> Service(const catalog::Catalog& catalog, const std::string& language,
                             const std::string& id) {
  const catalog::Service* service = catalog.FindService(id);
  if (service == nullptr) return NotFoundError("no service " + id);
  return HttpResponse::Json(200, ServiceDetail(catalog, *service, language));
}

HttpResponse Needs(const catalog::Catalog& catalog, const std::string& language) {
  json needs = json::array();
  for (const auto& [id, need] : catalog.needs) {
    needs.push_back(
        {{"id", id},
         {"title", Localized(need.title, language)},
         {"urgency", need.urgency},
         {"services",
          catalog.services_by_need.contains(id) ? catalog.services_by_need.at(id).size() : 0}});
  }
  return HttpResponse::Json(200, {{"needs", std::move(needs)}});
}

HttpResponse Agencies(const catalog::Catalog& catalog, const std::string& language) {
  json agencies = json::array();
  for (const auto& [id, agency] : catalog.agencies) {
    agencies.push_back({{"id", id},
                        {"title", Localized(agency.title, language)},
                        {"level", agency.level},
                        {"integration", agency.integration},
                        {"regions", agency.regions},
                        {"website", agency.website}});
  }
  return HttpResponse::Json(200, {{"agencies", std::move(agencies)}});
}

// The facts a situation may give, per record (household, person): what a form asks and how.
HttpResponse Facts(const catalog::Catalog& catalog, const std::string& language) {
  json records = json::object();
  for (const char* name : {"household", "person"}) {
    auto record = catalog.facts.records.find(name);
    if (record == catalog.facts.records.end()) continue;
    json fields = json::object();
    for (const auto& [field_name, field] : record->second.fields) {
      json entry = {{"type", field.type.Name()},
                    {"label", Localized(field.label, language)},
                    {"derived", field.derived}};
      if (!field.values.empty()) entry["values"] = field.values;
      // Each closed value in words (a document's by its title).
      json value_labels = json::object();
      for (const auto& [value, label] : field.value_labels) {
        value_labels[value] = Localized(label, language);
      }
      if (!value_labels.empty()) entry["value_labels"] = std::move(value_labels);
      if (!field.question.In(language).empty()) {
        entry["question"] = field.question.In(language);
      }
      if (!field.unit.empty()) entry["unit"] = field.unit;
      fields[field_name] = std::move(entry);
    }
    records[name] = std::move(fields);
  }
  return HttpResponse::Json(200, {{"records", std::move(records)}});
}

HttpResponse Regions(const catalog::Catalog& catalog, const std::string& language) {
  json regions = json::array();
  for (const auto& [code, region] : catalog.regions) {
    regions.push_back({{"code", code}, {"name", Localized(region.name, language)}});
  }
  return HttpResponse::Json(200, {{"regions", std::move(regions)}});
}

HttpResponse Documents(const catalog::Catalog& catalog, const std::string& language) {
  json documents = json::array();
  for (const auto& [id, document] : catalog.documents) {
    documents.push_back({{"id", id},
                         {"title", Localized(document.title, language)},
                         {"issued_by", document.issued_by}});
  }
  return HttpResponse::Json(200, {{"documents", std::move(documents)}});
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

void AddPublicRoutes(Endpoints& endpoints, const PublicApi& api) {
  using namespace openapi;
  // The catalog in force, in the language asked (?lang=ru|en): `answer` builds the response.
  auto in_language = [&api](auto answer) {
    return [&api, answer](const Call& call) -> Result<HttpResponse> {
      std::shared_ptr<const planner::LoadedCatalog> loaded = api.catalogs.Current();
      return answer(loaded->catalog(), call.request.Query("lang", "ru"), call);
    };
  };
  endpoints.Add({.method = "GET",
                 .path = "/healthz",
                 .access = Access::kAnyone,
                 .summary = "The server is up",
                 .answers = Ok("ok, with the catalog's version")},
                [&api](const Call&) -> Result<HttpResponse> { return Health(api); });
  endpoints.Add(
      {.method = "POST",
       .path = "/api/v1/plan",
       .access = Access::kAnyone,
       .summary = "The integrated plan for a situation (DESIGN.md §4.4)",
       .body = Ref("Situation"),
       .parameters = json::array(
           {Language(), Query("all", "true: every service of the catalog, not only those found",
                              {{"type", "boolean"}})}),
       .answers = Ok("the plan", Ref("Plan")),
       .problems = {503},
       .options = {.pool = Pool::kPlanning, .rate_limit = "plan", .max_body_bytes = 256 * 1024}},
      [&api](const Call& call) { return Plan(api, call); });
  endpoints.Add(
      {.method = "GET",
       .path = "/api/v1/catalog/services",
       .access = Access::kAnyone,
       .summary = "Search the catalog's services by words (Russian or English, any word form), "
                  "need, agency and region",
       .parameters = json::array(
           {Query("q", "words to find"), Query("need", "a need's id"),
            Query("agency", "an agency's id"),
            Query("region", "only services offered in this region (RU-SPE)"), Language(),
            Query("limit", "at most", {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}}),
            Query("offset", "skip", {{"type", "integer"}, {"minimum", 0}})}),
       .answers = Ok("the matching services, best first", {{"type", "object"}}),
       .problems = {400}},
      [&api](const Call& call) { return Services(api, call.request); });
  endpoints.Add(
      {.method = "GET",
       .path = "/api/v1/catalog/services/{id}",
       .access = Access::kAnyone,
       .summary = "A service: agency, needs, documents, legal basis, each rule version with the "
                  "facts it reads",
       .parameters = json::array({PathParameter("id", "the service's id"), Language()}),
       .answers = Ok("the service", {{"type", "object"}}),
       .problems = {400, 404}},
      in_language([](const catalog::Catalog& catalog, const std::string& language,
                     const Call& call) { return Service(catalog, language, call.Param("id")); }));
  using CatalogList = HttpResponse (*)(const catalog::Catalog&, const std::string&);
  for (const auto& [what, list] :
       std::vector<std::pair<std::string, CatalogList>>{{"needs", Needs},
                                                        {"agencies", Agencies},
                                                        {"regions", Regions},
                                                        {"facts", Facts},
                                                        {"documents", Documents}}) {
    endpoints.Add({.method = "GET",
                   .path = "/api/v1/catalog/" + what,
                   .access = Access::kAnyone,
                   .summary = "The catalog's " + what,
                   .parameters = json::array({Language()}),
                   .answers = Ok(what, {{"type", "object"}}),
                   .problems = {400}},
                  in_language([list](const catalog::Catalog& catalog, const std::string& language,
                                     const Call&) -> Result<HttpResponse> {
                    return list(catalog, language);
                  }));
  }
  // The web app's files: not part of the API.
  endpoints.Add(
      {.method = "GET", .path = "/*", .access = Access::kAnyone},
      [&api](const Call& call) -> Result<HttpResponse> { return WebApp(api, call.request); });
}

}  // namespace okno::server
