#include "server/case_api.h"

#include <random>
#include <set>

namespace okno::server {
namespace {

using nlohmann::json;

const std::set<std::string> kFrontOffice = {"operator", "case_manager"};

// The body as a JSON object with only `allowed` fields; a problem response otherwise.
Result<json> BodyObject(const HttpRequest& request, const CaseApi& api,
                        const std::set<std::string>& allowed) {
  json body = OKNO_TRY(ParseJsonBody(request.body, api.max_json_depth));
  if (!body.is_object()) return InvalidArgumentError("the body is a JSON object");
  for (const auto& [key, value] : body.items()) {
    if (!allowed.contains(key)) return InvalidArgumentError(key + ": unknown field");
  }
  return body;
}

// A required integer field.
Result<int64_t> Version(const json& body) {
  if (!body.contains("expected_version") || !body["expected_version"].is_number_integer()) {
    return InvalidArgumentError(
        "expected_version: required, the case's version the change was made against");
  }
  return body["expected_version"].get<int64_t>();
}

std::string Text(const json& body, const std::string& key) {
  return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : "";
}

HttpResponse Refused(const Status& status) {
  if (status.code() == StatusCode::kInvalidArgument) {
    // "changes[0].kind: ..." names its field: the problem names it too.
    const std::string& message = status.message();
    size_t colon = message.find(": ");
    if (colon != std::string::npos && message.find(' ') > colon) {
      return Problem(400, "invalid_request", "",
                     {{message.substr(0, colon), message.substr(colon + 2)}});
    }
  }
  return ProblemOf(status);
}

// The case's response after recording `action` by `user` in the audit log.
HttpResponse Audited(CaseApi& api, const auth::User& user, const std::string& action, int status,
                     const Result<cases::CaseState>& state) {
  if (!state.ok()) return Refused(state.status());
  if (Status logged = api.audit.Append(user.login, action, state->id); !logged.ok()) {
    return ProblemOf(UnavailableError("the audit log cannot record this: " + logged.message()));
  }
  return HttpResponse::Json(status, cases::CaseToJson(*state));
}

std::string NewCaseId() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "c-";
  uint64_t bits = random();
  for (int i = 0; i < 16; ++i) id += kHex[(bits >> (i * 4)) & 0xF];
  return id;
}

using UserHandler = std::function<HttpResponse(const auth::User&, const HttpRequest&)>;

// The handler behind a login: 401 without a live session, 403 for a role not in `roles`.
Handler Authenticated(CaseApi& api, std::set<std::string> roles, UserHandler handler) {
  return
      [&api, roles = std::move(roles), handler = std::move(handler)](const HttpRequest& request) {
        std::string header = request.Header("authorization");
        std::string token = header.starts_with("Bearer ") ? header.substr(7) : "";
        Result<auth::User> user = api.users.Authenticate(token);
        if (!user.ok()) {
          HttpResponse response = ProblemOf(user.status());
          response.headers.emplace_back("WWW-Authenticate", "Bearer");
          return response;
        }
        if (!roles.contains(user->role)) {
          return Problem(403, "forbidden", "the role " + user->role + " may not do this");
        }
        return handler(*user, request);
      };
}

// The case as `user` may see it: NotFound for an agency worker without a task in it.
Result<cases::CaseState> Visible(CaseApi& api, const auth::User& user, const std::string& id) {
  cases::CaseState state = OKNO_TRY(api.cases.Get(id));
  if (user.role == "agency_worker" && !state.tasks.contains(user.agency)) {
    return NotFoundError("no case " + id);
  }
  return state;
}

cases::Command CommandOf(const auth::User& user, const HttpRequest& request) {
  return {user.login, request.Header("idempotency-key")};
}

}  // namespace

void AddCaseRoutes(Router& router, CaseApi& api) {
  router.Add("POST", "/api/v1/sessions", [&api](const HttpRequest& request) {
    Result<json> body = BodyObject(request, api, {"login", "password"});
    if (!body.ok()) return Refused(body.status());
    Result<auth::Session> session = api.users.LogIn(Text(*body, "login"), Text(*body, "password"));
    if (!session.ok()) return ProblemOf(session.status());
    return HttpResponse::Json(201, {{"token", session->token},
                                    {"expires_at_ms", session->expires_at_ms},
                                    {"user",
                                     {{"login", session->user.login},
                                      {"role", session->user.role},
                                      {"agency", session->user.agency},
                                      {"name", session->user.name}}}});
  });
  router.Add("DELETE", "/api/v1/sessions",
             Authenticated(api,
                           {"operator", "case_manager", "agency_worker", "citizen", "methodologist",
                            "analyst", "admin"},
                           [&api](const auth::User&, const HttpRequest& request) {
                             (void)api.users.LogOut(request.Header("authorization").substr(7));
                             return HttpResponse::Text(204, "text/plain", "");
                           }));

  router.Add(
      "POST", "/api/v1/cases",
      Authenticated(api, kFrontOffice, [&api](const auth::User& user, const HttpRequest& request) {
        Result<json> body = BodyObject(request, api, {"situation", "consent"});
        if (!body.ok()) return Refused(body.status());
        json consent = body->value("consent", json::object());
        if (!consent.is_object()) {
          return Refused(InvalidArgumentError("consent: an object {purpose, given_on}"));
        }
        return Audited(api, user, "case.open", 201,
                       api.cases.Open(NewCaseId(), body->value("situation", json()),
                                      {Text(consent, "purpose"), Text(consent, "given_on")},
                                      CommandOf(user, request)));
      }));

  router.Add("GET", "/api/v1/cases/{id}",
             Authenticated(api, {"operator", "case_manager", "agency_worker", "admin"},
                           [&api](const auth::User& user, const HttpRequest& request) {
                             return Audited(api, user, "case.read", 200,
                                            Visible(api, user, request.params.at("id")));
                           }));

  router.Add(
      "POST", "/api/v1/cases/{id}/facts",
      Authenticated(api, kFrontOffice, [&api](const auth::User& user, const HttpRequest& request) {
        Result<json> body = BodyObject(request, api, {"expected_version", "changes"});
        if (!body.ok()) return Refused(body.status());
        Result<int64_t> version = Version(*body);
        if (!version.ok()) return Refused(version.status());
        std::vector<cases::FactChange> changes;
        for (const json& change : body->value("changes", json::array())) {
          if (!change.is_object()) return Refused(InvalidArgumentError("changes: objects"));
          changes.push_back({Text(change, "path"), change.value("value", json()),
                             Text(change, "kind"), Text(change, "effective_from")});
        }
        return Audited(api, user, "case.facts", 200,
                       api.cases.RecordFacts(request.params.at("id"), *version, changes,
                                             CommandOf(user, request)));
      }));

  router.Add(
      "POST", "/api/v1/cases/{id}/complex-request",
      Authenticated(api, kFrontOffice, [&api](const auth::User& user, const HttpRequest& request) {
        Result<json> body = BodyObject(request, api, {"expected_version"});
        if (!body.ok()) return Refused(body.status());
        Result<int64_t> version = Version(*body);
        if (!version.ok()) return Refused(version.status());
        return Audited(api, user, "case.complex_request", 200,
                       api.cases.SubmitComplexRequest(request.params.at("id"), *version,
                                                      CommandOf(user, request)));
      }));

  router.Add(
      "POST", "/api/v1/cases/{id}/tasks/{agency}/decision",
      Authenticated(
          api, {"agency_worker"}, [&api](const auth::User& user, const HttpRequest& request) {
            // Another agency's task is not this worker's to see.
            if (request.params.at("agency") != user.agency) {
              return Problem(404, "not_found", "no such task");
            }
            Result<cases::CaseState> visible = Visible(api, user, request.params.at("id"));
            if (!visible.ok()) return Refused(visible.status());
            Result<json> body =
                BodyObject(request, api, {"expected_version", "decision", "reason"});
            if (!body.ok()) return Refused(body.status());
            Result<int64_t> version = Version(*body);
            if (!version.ok()) return Refused(version.status());
            return Audited(api, user, "task.decide", 200,
                           api.cases.DecideTask(request.params.at("id"), *version, user.agency,
                                                Text(*body, "decision"), Text(*body, "reason"),
                                                CommandOf(user, request)));
          }));

  router.Add("POST", "/api/v1/cases/{id}/notes",
             Authenticated(
                 api, {"operator", "case_manager", "agency_worker"},
                 [&api](const auth::User& user, const HttpRequest& request) {
                   Result<cases::CaseState> visible = Visible(api, user, request.params.at("id"));
                   if (!visible.ok()) return Refused(visible.status());
                   Result<json> body = BodyObject(request, api, {"expected_version", "text"});
                   if (!body.ok()) return Refused(body.status());
                   Result<int64_t> version = Version(*body);
                   if (!version.ok()) return Refused(version.status());
                   return Audited(api, user, "case.note", 200,
                                  api.cases.AddNote(request.params.at("id"), *version,
                                                    Text(*body, "text"), CommandOf(user, request)));
                 }));
}

}  // namespace okno::server
