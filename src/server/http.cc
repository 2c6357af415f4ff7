#include "server/http.h"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <vector>

namespace okno::server {

std::string HttpRequest::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it != headers.end() ? it->second : "";
}

namespace {

// A request's path or query may carry bytes that are not UTF-8 (a case id in the path): they
// are written as U+FFFD rather than failing the response.
std::string Dump(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string HttpRequest::Query(const std::string& name, const std::string& fallback) const {
  auto it = query.find(name);
  return it != query.end() ? it->second : fallback;
}

HttpResponse HttpResponse::Json(int status, const nlohmann::json& body) {
  return {status, "application/json", Dump(body), {}};
}

HttpResponse HttpResponse::Text(int status, std::string content_type, std::string body) {
  return {status, std::move(content_type), std::move(body), {}};
}

HttpResponse Problem(int status, const std::string& title, const std::string& detail,
                     const std::vector<FieldError>& errors) {
  nlohmann::json body = {{"type", "about:blank"}, {"title", title}, {"status", status}};
  if (!detail.empty()) body["detail"] = detail;
  if (!errors.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const FieldError& error : errors) {
      list.push_back({{"path", error.path}, {"message", error.message}});
    }
    body["errors"] = std::move(list);
  }
  return {status, "application/problem+json", Dump(body), {}};
}

HttpResponse RetryLater(int status, const std::string& title, const std::string& detail,
                        std::chrono::milliseconds after) {
  HttpResponse response = Problem(status, title, detail);
  response.headers.emplace_back("Retry-After",
                                std::to_string(std::max<int64_t>(1, (after.count() + 999) / 1000)));
  return response;
}

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kResourceExhausted:
      return 413;
    case StatusCode::kFailedPrecondition:
      return 422;
    case StatusCode::kUnimplemented:
      return 501;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kDataLoss:
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

HttpResponse ProblemOf(const Status& status) {
  if (!status.fields().empty()) {
    size_t count = status.fields().size();
    return Problem(400, "invalid_request",
                   std::to_string(count) + (count == 1 ? " field is" : " fields are") +
                       " at fault; nothing was done",
                   status.fields());
  }
  if (status.code() == StatusCode::kInvalidArgument) {
    // "changes[0].kind: ..." names its field: the problem names it too.
    const std::string& message = status.message();
    size_t colon = message.find(": ");
    if (colon != std::string::npos && message.find(' ') > colon) {
      return Problem(400, "invalid_request", "",
                     {{message.substr(0, colon), message.substr(colon + 2)}});
    }
  }
  return Problem(HttpStatusOf(status.code()), std::string(StatusCodeName(status.code())),
                 status.message());
}

Result<nlohmann::json> ParseJsonBody(std::string_view body, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) {
        return InvalidArgumentError("the body nests deeper than " + std::to_string(max_depth) +
                                    " levels (at byte " + std::to_string(i + 1) + ")");
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  // Each open object's keys so far: a repeated key is refused, not silently the last one.
  std::vector<std::set<std::string>> keys;
  std::string repeated;
  auto check_keys = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    if (event == Event::object_start) {
      keys.emplace_back();
    } else if (event == Event::object_end && !keys.empty()) {
      keys.pop_back();
    } else if (event == Event::key && !keys.empty() && repeated.empty() &&
               !keys.back().insert(parsed.get<std::string>()).second) {
      repeated = parsed.get<std::string>();
    }
    return true;
  };
  try {
    nlohmann::json parsed = nlohmann::json::parse(body, check_keys);
    if (!repeated.empty()) {
      return InvalidArgumentError("the body gives the key '" + repeated + "' twice in one object");
    }
    return parsed;
  } catch (const nlohmann::json::parse_error& error) {
    return InvalidArgumentError("the body is not valid JSON (at byte " +
                                std::to_string(error.byte) + ")");
  } catch (const nlohmann::json::out_of_range&) {
    return InvalidArgumentError("the body holds a number too large for a double");
  } catch (const nlohmann::json::exception&) {
    return InvalidArgumentError("the body is not valid JSON");
  }
}

std::optional<HttpResponse> RefusalOf(const HttpRequest& request) {
  for (char c : request.path) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      return Problem(400, "malformed_request", "the path holds a NUL or control byte");
    }
  }
  if (!request.body.empty()) {
    std::string type = request.Header("content-type");
    type = type.substr(0, type.find(';'));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (type != "application/json") {
      return Problem(415, "unsupported_media_type",
                     "a request body is JSON, sent as Content-Type: application/json");
    }
  }
  return std::nullopt;
}

void AddSecurityHeaders(const HttpRequest& request, HttpResponse& response) {
  // MUI's styles are inserted at run time: styles may be inline, scripts never.
  response.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
      "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  bool public_data = request.path.starts_with("/api/v1/catalog/") ||
                     request.path == "/api/v1/openapi.json" || !request.path.starts_with("/api/");
  if (!public_data) response.headers.emplace_back("Cache-Control", "no-store");
}

void Router::Add(RouteSpec spec, Handler handler) {
  if (spec.access == Access::kSession && spec.roles.empty()) {
    throw std::invalid_argument(spec.method + " " + spec.path +
                                ": a route behind a login names the roles that may call it");
  }
  routes_.push_back({std::move(spec), std::move(handler)});
}

namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return segments;
}

// Whether `path` matches `pattern`, with the {name} segments it binds.
bool Matches(const std::string& pattern, const std::string& path,
             std::map<std::string, std::string>& params) {
  if (pattern.size() >= 2 && pattern.ends_with("/*")) {
    std::string_view prefix(pattern.data(), pattern.size() - 1);  // keeps the slash
    return path.starts_with(prefix) || path == pattern.substr(0, pattern.size() - 2);
  }
  std::vector<std::string_view> want = Segments(pattern);
  std::vector<std::string_view> have = Segments(path);
  if (want.size() != have.size()) return false;
  std::map<std::string, std::string> bound;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}') {
      bound[std::string(want[i].substr(1, want[i].size() - 2))] = std::string(have[i]);
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  params = std::move(bound);
  return true;
}

}  // namespace

const Router::Route* Router::Find(const HttpRequest& request,
                                  std::map<std::string, std::string>& params,
                                  std::set<std::string>& allowed) const {
  // Exact paths first: a path an endpoint owns answers 405 for another method rather than
  // falling through to a prefix route.
  for (bool prefix : {false, true}) {
    allowed.clear();
    for (const Route& route : routes_) {
      std::map<std::string, std::string> bound;
      const RouteSpec& spec = route.spec;
      if (spec.path.ends_with("/*") != prefix || !Matches(spec.path, request.path, bound)) {
        continue;
      }
      if (spec.method == request.method || (request.method == "HEAD" && spec.method == "GET")) {
        params = std::move(bound);
        return &route;
      }
      allowed.insert(spec.method);
    }
    if (!allowed.empty()) return nullptr;
  }
  return nullptr;
}

const RouteOptions& Router::OptionsFor(const HttpRequest& request) const {
  static const RouteOptions kGeneral;
  std::map<std::string, std::string> params;
  std::set<std::string> allowed;
  const Route* route = Find(request, params, allowed);
  return route != nullptr ? route->spec.options : kGeneral;
}

HttpResponse Router::Dispatch(const HttpRequest& request, std::string* route_name) const {
  if (route_name != nullptr) *route_name = "unmatched";
  std::map<std::string, std::string> params;
  std::set<std::string> allowed;
  if (const Route* route = Find(request, params, allowed)) {
    const RouteSpec& spec = route->spec;
    if (route_name != nullptr) *route_name = spec.method + " " + spec.path;
    if (request.body.size() > spec.options.max_body_bytes) {
      return Problem(413, "body_too_large",
                     spec.method + " " + spec.path + " takes a body of at most " +
                         std::to_string(spec.options.max_body_bytes) + " bytes");
    }
    if (params.empty()) return route->handler(request);
    HttpRequest with_params = request;
    with_params.params = std::move(params);
    return route->handler(with_params);
  }
  if (allowed.empty()) return Problem(404, "not_found", "no resource at " + request.path);
  std::string allow;
  for (const std::string& method : allowed) allow += (allow.empty() ? "" : ", ") + method;
  HttpResponse response =
      Problem(405, "method_not_allowed", request.method + " is not allowed on " + request.path);
  response.headers.emplace_back("Allow", allow);
  return response;
}

std::vector<std::string> Router::Routes() const {
  std::vector<std::string> out;
  for (const Route& route : routes_) out.push_back(route.spec.method + " " + route.spec.path);
  return out;
}

std::vector<const RouteSpec*> Router::Specs() const {
  std::vector<const RouteSpec*> out;
  for (const Route& route : routes_) out.push_back(&route.spec);
  return out;
}

}  // namespace okno::server
