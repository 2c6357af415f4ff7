#include "server/endpoint.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "common/logging.h"
#include "server/json_schema.h"
#include "server/openapi.h"

namespace okno::server {
namespace {

using nlohmann::json;

// A refusal in the audit log; one that cannot be recorded is logged and the refusal stands.
void RecordRefusal(audit::AuditLog& audit, const std::string& actor, const std::string& action,
                   const HttpRequest& request, const std::string& reason) {
  if (Status logged = audit.Append(
          {actor, action, request.method + " " + request.path, reason, request.client});
      !logged.ok()) {
    spdlog::error("audit: a refusal could not be recorded: {}", logged.message());
  }
}

// The user of the request's session when their role may call `spec`; the refusal otherwise.
Result<auth::User> Admitted(auth::UserStore& users, audit::AuditLog& audit, const RouteSpec& spec,
                            const HttpRequest& request, HttpResponse& refusal) {
  std::string header = request.Header("authorization");
  Result<auth::User> user =
      users.Authenticate(header.starts_with("Bearer ") ? header.substr(7) : "");
  if (!user.ok()) {
    if (user.status().code() == StatusCode::kUnauthenticated) {
      spdlog::info(LogFields({{"event", "access_refused"}, {"status", 401}}));
      RecordRefusal(audit, "", "access.unauthenticated", request,
                    header.empty() ? "no token" : "no live session for the token");
    }
    refusal = ProblemOf(user.status());
    refusal.headers.emplace_back("WWW-Authenticate", "Bearer");
    return user.status();
  }
  if (!spec.roles.contains(user->role)) {
    spdlog::info(LogFields({{"event", "access_refused"}, {"status", 403}}));
    RecordRefusal(audit, user->login, "access.forbidden", request,
                  "the role " + user->role + " may not");
    refusal = Problem(403, "forbidden", "the role " + user->role + " may not do this");
    return PermissionDeniedError("forbidden");
  }
  return user;
}

// Whether the request carries `token` (Authorization: Bearer), compared in constant time.
bool HoldsToken(const HttpRequest& request, const std::string& token) {
  std::string expected = "Bearer " + token;
  std::string given = request.Header("authorization");
  return !token.empty() && given.size() == expected.size() &&
         sodium_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

// A query value as its parameter's type reads it: an integer or true/false from its text;
// null when the text is not one.
json QueryValue(const std::string& text, const std::string& type) {
  if (type == "integer") {
    size_t digits = text.starts_with('-') ? 1 : 0;
    if (text.size() == digits || text.size() - digits > 15 ||
        text.find_first_not_of("0123456789", digits) != std::string::npos) {
      return nullptr;
    }
    return std::stoll(text);
  }
  if (type == "boolean") {
    if (text == "true" || text == "false") return text == "true";
    return nullptr;
  }
  return text;
}

// The errors of the request's query against the spec's query parameters, each named by its
// parameter. Parameters not declared are ignored, as a browser's cache-busters are.
std::vector<FieldError> QueryErrors(const RouteSpec& spec, const HttpRequest& request) {
  std::vector<FieldError> errors;
  for (const json& parameter : spec.parameters) {
    if (parameter.value("in", "") != "query") continue;
    const std::string name = parameter["name"].get<std::string>();
    auto given = request.query.find(name);
    if (given == request.query.end()) {
      if (parameter.value("required", false)) {
        errors.push_back({name, "required: " + parameter.value("description", "")});
      }
      continue;
    }
    const json& schema = parameter["schema"];
    json value = QueryValue(given->second, schema.value("type", "string"));
    for (FieldError& error : SchemaErrors(schema, value)) {
      errors.push_back({name, "'" + given->second.substr(0, 40) + "': " + error.message});
    }
  }
  return errors;
}

}  // namespace

std::string Call::Text(const std::string& key) const {
  return body.is_object() && body.contains(key) && body[key].is_string()
             ? body[key].get<std::string>()
             : "";
}

Endpoints::Endpoints(Router& router, auth::UserStore& users, audit::AuditLog& audit,
                     std::string metrics_token, int max_json_depth)
    : router_(router),
      users_(users),
      audit_(audit),
      metrics_token_(std::move(metrics_token)),
      max_json_depth_(max_json_depth) {}

void Endpoints::Add(RouteSpec spec, Endpoint endpoint) {
  auto refuse = [&spec](const Status& checked) {
    throw std::invalid_argument(spec.method + " " + spec.path + ": " + checked.message());
  };
  if (!spec.body.is_null()) {
    if (Status checked = CheckSchema(spec.body, ApiSchemas()); !checked.ok()) refuse(checked);
  }
  for (const json& parameter : spec.parameters) {
    if (Status checked = CheckSchema(parameter.value("schema", json::object())); !checked.ok()) {
      refuse(checked);
    }
  }
  // The handler keeps what it needs, not this object: the routes outlive it.
  Handler handler = [&users = users_, &audit = audit_, token = metrics_token_,
                     max_json_depth = max_json_depth_, spec,
                     endpoint = std::move(endpoint)](const HttpRequest& request) -> HttpResponse {
    std::optional<auth::User> user;
    switch (spec.access) {
      case Access::kAnyone:
        break;
      case Access::kSession: {
        HttpResponse refusal;
        Result<auth::User> admitted = Admitted(users, audit, spec, request, refusal);
        if (!admitted.ok()) return refusal;
        user = std::move(*admitted);
        break;
      }
      case Access::kMetricsToken:
        if (!HoldsToken(request, token)) {
          HttpResponse refused = Problem(401, "unauthenticated",
                                         "metrics are for the scraper holding the key folder's "
                                         "metrics.token (Authorization: Bearer)");
          refused.headers.emplace_back("WWW-Authenticate", "Bearer");
          return refused;
        }
        break;
    }
    if (std::vector<FieldError> errors = QueryErrors(spec, request); !errors.empty()) {
      return ProblemOf(InvalidFieldsError(std::move(errors)));
    }
    json body;
    if (spec.body.is_null()) {
      if (!request.body.empty()) {
        return Problem(400, "invalid_request",
                       spec.method + " " + spec.path + " takes no body; send none");
      }
    } else {
      Result<json> parsed = ParseJsonBody(request.body, max_json_depth);
      if (!parsed.ok()) return Problem(400, "invalid_json", parsed.status().message());
      std::vector<FieldError> errors = SchemaErrors(spec.body, *parsed, ApiSchemas());
      if (!errors.empty()) return ProblemOf(InvalidFieldsError(std::move(errors)));
      body = std::move(*parsed);
    }
    Result<HttpResponse> answered = endpoint(Call{request, user ? &*user : nullptr, body});
    if (!answered.ok()) return ProblemOf(answered.status());
    return std::move(*answered);
  };
  router_.Add(std::move(spec), std::move(handler));
}

}  // namespace okno::server
