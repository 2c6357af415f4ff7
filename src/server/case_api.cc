#include "server/case_api.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <mutex>
#include <set>

#include "analytics/kpis.h"
#include "cases/visibility.h"
#include "common/logging.h"
#include "planner/plan_html.h"
#include "server/login.h"

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

cases::Viewer ViewerOf(CaseApi& api, const auth::User& user, const cases::CaseState& state);

// The case as `user` sees it. A change was audited in its own transaction (Command::action).
HttpResponse CaseAnswer(CaseApi& api, const auth::User& user, int status,
                        const Result<cases::CaseState>& state) {
  if (!state.ok()) return ProblemOf(state.status());
  return HttpResponse::Json(status, cases::CaseToJson(*state, ViewerOf(api, user, *state)));
}

// Records what `user` read or did outside a store write (a read, a search, a памятка);
// Unavailable when the audit log cannot, and then the request is refused.
Status Record(CaseApi& api, const auth::User& user, const HttpRequest& request,
              const std::string& action, const std::string& target,
              const std::string& reason = "") {
  if (Status logged = api.audit.Append({user.login, action, target, reason, request.client});
      !logged.ok()) {
    return UnavailableError("the audit log cannot record this: " + logged.message());
  }
  return Status::Ok();
}

// A case id the server draws: 64 bits from libsodium's CSPRNG, so that one id seen tells
// nothing of the next (ids are no capabilities, but need not be guessable either).
std::string NewCaseId() {
  unsigned char random[8];
  randombytes_buf(random, sizeof random);
  char hex[sizeof random * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, random, sizeof random);
  return std::string("c-") + hex;
}

// The handler behind a login (login.h).
Handler Authenticated(CaseApi& api, std::set<std::string> roles, UserHandler handler) {
  return RequireRole(api.users, api.audit, std::move(roles), std::move(handler));
}

// The case as `user` may see it: NotFound for an agency worker without a task in it and for
// a citizen not linked to one of its members — the same answer as for no case, and the
// refusal audited.
Result<cases::CaseState> Visible(CaseApi& api, const auth::User& user, const HttpRequest& request,
                                 const std::string& id) {
  cases::CaseState state = OKNO_TRY(api.cases.Get(id));
  if ((user.role == "agency_worker" && !state.tasks.contains(user.agency)) ||
      (user.role == "citizen" && state.MemberOf(user.login).empty())) {
    if (Status logged = api.audit.Append({user.login, "access.denied", id,
                                          "the case is not this user's to see", request.client});
        !logged.ok()) {
      spdlog::error("audit: a denied access could not be recorded: {}", logged.message());
    }
    return NotFoundError("no case " + id);
  }
  return state;
}

// The command of `user`'s request, audited as `action`.
cases::Command CommandOf(const auth::User& user, const HttpRequest& request,
                         const std::string& action) {
  return {user.login, request.Header("idempotency-key"), action, request.client};
}

cases::Viewer ViewerOf(CaseApi& api, const auth::User& user, const cases::CaseState& state) {
  cases::Viewer viewer{user.role, user.agency, user.login, {}};
  if (user.role == "agency_worker")
    viewer.readable_facts = api.cases.FactsReadBy(state, user.agency);
  return viewer;
}

// A case summary as lists show it to `user`: no personal data; an agency worker sees only its
// own task.
json SummaryToJson(const store::CaseSummary& summary, const auth::User& user,
                   const catalog::Date& today) {
  json tasks = json::array();
  for (const store::CaseTaskKey& task : summary.tasks) {
    if (user.role == "agency_worker" && task.agency != user.agency) continue;
    tasks.push_back({{"agency", task.agency},
                     {"state", task.state},
                     {"due", task.due},
                     {"sla", cases::SlaState(task.due, today)}});
  }
  json entry = {{"id", summary.id},
                {"version", summary.version},
                {"status", summary.status},
                {"queue", summary.queue},
                {"complexity", summary.complexity},
                {"opened_at_ms", summary.opened_at_ms},
                {"updated_at_ms", summary.updated_at_ms},
                {"due", summary.due},
                {"sla", cases::SlaState(summary.due, today)},
                {"tasks", std::move(tasks)}};
  if (kFrontOffice.contains(user.role)) entry["assignee"] = summary.assignee;
  return entry;
}

// The query's paging and order: ?order=opened|due&after=CURSOR&limit=1..500.
Result<store::CaseQuery> PagingOf(const HttpRequest& request) {
  store::CaseQuery query;
  query.order = request.Query("order", "opened");
  query.after = request.Query("after");
  std::string limit = request.Query("limit", "50");
  char* end = nullptr;
  long value = std::strtol(limit.c_str(), &end, 10);
  if (limit.empty() || *end != '\0' || value < 1 || value > 500) {
    return InvalidArgumentError("limit: a number from 1 to 500");
  }
  query.limit = static_cast<int>(value);
  return query;
}

HttpResponse PageResponse(const Result<store::CasePage>& page, const auth::User& user) {
  if (!page.ok()) return ProblemOf(page.status());
  catalog::Date today = catalog::Date::Today();
  json cases = json::array();
  for (const store::CaseSummary& summary : page->cases) {
    cases.push_back(SummaryToJson(summary, user, today));
  }
  json body = {{"cases", std::move(cases)}};
  if (!page->next.empty()) body["next"] = page->next;
  return HttpResponse::Json(200, body);
}

// The handler of a command on case {id}: the body's fields checked against `allowed` (with
// expected_version), the case visible to the user, then `command` run and audited as `action`.
using CaseCommand = std::function<Result<cases::CaseState>(const auth::User&, const std::string& id,
                                                           int64_t version, const json& body,
                                                           const cases::Command&)>;

Handler CaseCommandRoute(CaseApi& api, std::set<std::string> roles, std::set<std::string> allowed,
                         std::string action, CaseCommand command) {
  allowed.insert("expected_version");
  return Authenticated(
      api, std::move(roles),
      [&api, allowed = std::move(allowed), action = std::move(action),
       command = std::move(command)](const auth::User& user, const HttpRequest& request) {
        const std::string& id = request.params.at("id");
        Result<cases::CaseState> visible = Visible(api, user, request, id);
        if (!visible.ok()) return ProblemOf(visible.status());
        Result<json> body = BodyObject(request, api, allowed);
        if (!body.ok()) return ProblemOf(body.status());
        Result<int64_t> version = Version(*body);
        if (!version.ok()) return ProblemOf(version.status());
        return CaseAnswer(api, user, 200,
                          command(user, id, *version, *body, CommandOf(user, request, action)));
      });
}

}  // namespace

void AddCaseRoutes(Router& router, CaseApi& api) {
  router.Add("POST", "/api/v1/sessions",
             [&api](const HttpRequest& request) {
               Result<json> body = BodyObject(request, api, {"login", "password"});
               if (!body.ok()) return ProblemOf(body.status());
               std::string login = Text(*body, "login");
               Result<auth::Session> session = api.users.LogIn(login, Text(*body, "password"));
               if (api.login_guard != nullptr && !login.empty()) {
                 api.login_guard->Record(login, request.client, session.ok(), Clock::now());
               }
               // Who logged in, or tried to, from where: a name given is kept short (it may
               // be anything).
               std::string named = login.substr(0, 64);
               Status logged =
                   api.audit.Append({named, session.ok() ? "session.login" : "session.login_failed",
                                     "user:" + named, "", request.client});
               if (!session.ok()) {
                 spdlog::info(LogFields({{"event", "login_failed"}}));
                 if (!logged.ok()) spdlog::error("audit: a failed login could not be recorded");
                 return ProblemOf(session.status());
               }
               if (!logged.ok()) {
                 (void)api.users.LogOut(session->token);  // no session the log does not know
                 return ProblemOf(
                     UnavailableError("the audit log cannot record this: " + logged.message()));
               }
               return HttpResponse::Json(201, {{"token", session->token},
                                               {"expires_at_ms", session->expires_at_ms},
                                               {"user",
                                                {{"login", session->user.login},
                                                 {"role", session->user.role},
                                                 {"agency", session->user.agency},
                                                 {"name", session->user.name}}}});
             },
             {Pool::kPasswords, "login"});
  router.Add("DELETE", "/api/v1/sessions",
             Authenticated(api,
                           {"operator", "case_manager", "agency_worker", "citizen", "methodologist",
                            "analyst", "admin"},
                           [&api](const auth::User& user, const HttpRequest& request) {
                             (void)api.users.LogOut(request.Header("authorization").substr(7));
                             (void)Record(api, user, request, "session.logout",
                                          "user:" + user.login);
                             return HttpResponse::Text(204, "text/plain", "");
                           }));
  // The user's other sessions end (a phone left logged in, a shared computer): how many.
  router.Add("DELETE", "/api/v1/sessions/others",
             Authenticated(api,
                           {"operator", "case_manager", "agency_worker", "citizen", "methodologist",
                            "analyst", "admin"},
                           [&api](const auth::User& user, const HttpRequest& request) {
                             Result<int> ended =
                                 api.users.LogOutOthers(request.Header("authorization").substr(7));
                             if (!ended.ok()) return ProblemOf(ended.status());
                             if (Status logged = Record(api, user, request, "session.logout_others",
                                                        "user:" + user.login);
                                 !logged.ok()) {
                               return ProblemOf(logged);
                             }
                             return HttpResponse::Json(200, {{"ended", *ended}});
                           }));

  const std::set<std::string> kCaseReaders = {"operator", "case_manager", "agency_worker",
                                              "citizen"};

  router.Add(
      "POST", "/api/v1/cases",
      Authenticated(api, kFrontOffice, [&api](const auth::User& user, const HttpRequest& request) {
        Result<json> body =
            BodyObject(request, api, {"situation", "consent", "people", "confidential"});
        if (!body.ok()) return ProblemOf(body.status());
        json consent = body->value("consent", json::object());
        if (!consent.is_object()) {
          return ProblemOf(InvalidArgumentError("consent: an object {purpose, given_on}"));
        }
        cases::Opening opening;
        opening.situation = body->value("situation", json());
        opening.consent = {Text(consent, "purpose"), Text(consent, "given_on")};
        opening.people = body->value("people", json::object());
        json confidential = body->value("confidential", json::array());
        if (!confidential.is_array()) {
          return ProblemOf(InvalidArgumentError("confidential: a list of fact paths"));
        }
        for (const json& path : confidential) {
          if (!path.is_string()) {
            return ProblemOf(InvalidArgumentError("confidential: a list of fact paths"));
          }
          opening.confidential.push_back(path.get<std::string>());
        }
        return CaseAnswer(
            api, user, 201,
            api.cases.Open(NewCaseId(), opening, CommandOf(user, request, "case.open")));
      }));

  // Lists: the front office any cases, by status, queue, assignee, agency and deadline; an
  // agency worker the cases with its agency's tasks; a citizen their own.
  router.Add(
      "GET", "/api/v1/cases",
      Authenticated(api, kCaseReaders, [&api](const auth::User& user, const HttpRequest& request) {
        Result<store::CaseQuery> query = PagingOf(request);
        if (!query.ok()) return ProblemOf(query.status());
        query->status = request.Query("status");
        query->queue = request.Query("queue");
        query->assignee = request.Query("assignee");
        query->unassigned = request.Query("unassigned") == "true";
        query->agency = request.Query("agency");
        query->task_state = request.Query("task_state");
        query->due_by = request.Query("due_by");
        if (!query->due_by.empty() && !catalog::ParseDate(query->due_by)) {
          return ProblemOf(InvalidArgumentError("due_by: a date, YYYY-MM-DD"));
        }
        if (user.role == "agency_worker") query->agency = user.agency;
        if (user.role == "citizen") query->citizen = user.login;
        return PageResponse(api.cases.List(*query), user);
      }));

  // Finding a case by a person's СНИЛС or name: personal data, so every search is audited.
  router.Add(
      "GET", "/api/v1/cases/search",
      Authenticated(api, kFrontOffice, [&api](const auth::User& user, const HttpRequest& request) {
        Result<store::CaseQuery> query = PagingOf(request);
        if (!query.ok()) return ProblemOf(query.status());
        query->person = request.Query("person");
        if (query->person.empty()) {
          return ProblemOf(
              InvalidArgumentError("person: an СНИЛС or the beginning of a full name"));
        }
        Result<store::CasePage> page = api.cases.List(*query);
        if (page.ok()) {
          std::string found;
          for (const store::CaseSummary& summary : page->cases) {
            found += (found.empty() ? "" : ",") + summary.id;
          }
          if (Status logged = Record(
                  api, user, request, "case.search", found,
                  "search by " +
                      std::string(store::SnilsDigits(query->person).empty() ? "name" : "СНИЛС"));
              !logged.ok()) {
            return ProblemOf(logged);
          }
        }
        return PageResponse(page, user);
      }));

  // My queue: the cases assigned to me (front office), or my agency's tasks waiting for a
  // decision (agency worker); soonest deadline first.
  router.Add("GET", "/api/v1/queues/mine",
             Authenticated(api, {"operator", "case_manager", "agency_worker"},
                           [&api](const auth::User& user, const HttpRequest& request) {
                             Result<store::CaseQuery> query = PagingOf(request);
                             if (!query.ok()) return ProblemOf(query.status());
                             query->order = "due";
                             query->status = "open";
                             if (user.role == "agency_worker") {
                               query->agency = user.agency;
                               query->task_state = request.Query("task_state", "open");
                             } else {
                               query->assignee = user.login;
                             }
                             return PageResponse(api.cases.List(*query), user);
                           }));

  // A tier's queue: its open cases, soonest deadline first (?unassigned=true: nobody's yet).
  router.Add(
      "GET", "/api/v1/queues/{tier}",
      Authenticated(api, kFrontOffice, [&api](const auth::User& user, const HttpRequest& request) {
        Result<store::CaseQuery> query = PagingOf(request);
        if (!query.ok()) return ProblemOf(query.status());
        query->order = "due";
        query->status = "open";
        query->queue = request.params.at("tier");
        query->unassigned = request.Query("unassigned") == "true";
        return PageResponse(api.cases.List(*query), user);
      }));

  // An agency's inbox: the cases with its tasks, by the task's state (open by default). Another
  // agency's inbox is not an agency worker's to see.
  router.Add("GET", "/api/v1/agencies/{agency}/tasks",
             Authenticated(api, {"operator", "case_manager", "agency_worker"},
                           [&api](const auth::User& user, const HttpRequest& request) {
                             const std::string& agency = request.params.at("agency");
                             if (user.role == "agency_worker" && agency != user.agency) {
                               return Problem(404, "not_found", "no resource at " + request.path);
                             }
                             Result<store::CaseQuery> query = PagingOf(request);
                             if (!query.ok()) return ProblemOf(query.status());
                             query->order = "due";
                             query->agency = agency;
                             query->task_state = request.Query("state", "open");
                             Result<store::CasePage> page = api.cases.List(*query);
                             if (!page.ok()) return ProblemOf(page.status());
                             catalog::Date today = catalog::Date::Today();
                             json tasks = json::array();
                             for (const store::CaseSummary& summary : page->cases) {
                               for (const store::CaseTaskKey& task : summary.tasks) {
                                 if (task.agency != agency) continue;
                                 tasks.push_back({{"case", summary.id},
                                                  {"case_version", summary.version},
                                                  {"state", task.state},
                                                  {"due", task.due},
                                                  {"sla", cases::SlaState(task.due, today)}});
                               }
                             }
                             json body = {{"agency", agency}, {"tasks", std::move(tasks)}};
                             if (!page->next.empty()) body["next"] = page->next;
                             return HttpResponse::Json(200, body);
                           }));

  // The KPIs (DESIGN.md §3.7) over every case; computed at most once a minute, as they read
  // every event.
  struct KpiCache {
    std::mutex mutex;
    std::chrono::steady_clock::time_point computed;
    json report;
  };
  auto cache = std::make_shared<KpiCache>();
  router.Add("GET", "/api/v1/kpis",
             Authenticated(api, {"case_manager", "methodologist", "analyst"},
                           [&api, cache](const auth::User&, const HttpRequest&) {
                             std::lock_guard lock(cache->mutex);
                             auto now = std::chrono::steady_clock::now();
                             if (cache->report.is_null() ||
                                 now - cache->computed > std::chrono::minutes(1)) {
                               catalog::Date today = catalog::Date::Today();
                               Result<analytics::Kpis> kpis =
                                   analytics::ComputeKpis(api.cases.events(), today);
                               if (!kpis.ok()) return ProblemOf(kpis.status());
                               cache->report = analytics::KpisToJson(*kpis);
                               cache->report["as_of"] = today.ToString();
                               cache->computed = now;
                             }
                             return HttpResponse::Json(200, cache->report);
                           }));

  router.Add(
      "GET", "/api/v1/cases/{id}",
      Authenticated(api, kCaseReaders, [&api](const auth::User& user, const HttpRequest& request) {
        Result<cases::CaseState> state = Visible(api, user, request, request.params.at("id"));
        if (state.ok()) {
          if (Status logged = Record(api, user, request, "case.read", state->id); !logged.ok()) {
            return ProblemOf(logged);
          }
        }
        return CaseAnswer(api, user, 200, state);
      }));

  // The citizen's памятка, printed with their name: for the front office and the citizen.
  router.Add(
      "GET", "/api/v1/cases/{id}/memo",
      Authenticated(
          api, {"operator", "case_manager", "citizen"},
          [&api](const auth::User& user, const HttpRequest& request) {
            std::string language = request.Query("lang", "ru");
            if (language != "ru" && language != "en") {
              return Problem(400, "invalid_query", "",
                             {{"lang", "'" + language + "' is not ru or en"}});
            }
            Result<cases::CaseState> state = Visible(api, user, request, request.params.at("id"));
            if (!state.ok()) return ProblemOf(state.status());
            // Planned from what the viewer may see, and shown only as far as the
            // JSON view would show it: the same policy for both.
            cases::Viewer viewer = ViewerOf(api, user, *state);
            const cases::Visibility visibility(*state, viewer);
            auto planned = api.cases.PlanNow(visibility.Situation(), state->id, language);
            if (!planned.ok()) return ProblemOf(planned.status());
            if (Status logged = Record(api, user, request, "case.memo", state->id); !logged.ok()) {
              return ProblemOf(logged);
            }
            planner::MemoPeople people;
            people.case_id = state->id;
            for (const auto& [member, data] : state->people) {
              std::string name = visibility.PersonalData(member).value("full_name", "");
              if (!name.empty()) people.names[member] = name;
            }
            // For the citizen who asked, or else the household's applicant.
            std::string self = visibility.self();
            if (self.empty()) self = cases::ApplicantOf(state->situation);
            if (auto name = people.names.find(self); name != people.names.end()) {
              people.addressee = name->second;
            }
            return HttpResponse::Text(
                200, "text/html; charset=utf-8",
                planner::PlanToHtml(visibility.Plan(std::move(planned->first)),
                                    planned->second->catalog(), people));
          }));

  router.Add("POST", "/api/v1/cases/{id}/facts",
             CaseCommandRoute(
                 api, kFrontOffice, {"changes"}, "case.facts",
                 [&api](const auth::User&, const std::string& id, int64_t version, const json& body,
                        const cases::Command& command) -> Result<cases::CaseState> {
                   std::vector<cases::FactChange> changes;
                   json list = body.value("changes", json::array());
                   if (!list.is_array()) return InvalidArgumentError("changes: a list");
                   for (const json& change : list) {
                     if (!change.is_object()) {
                       return InvalidArgumentError("changes: a list of objects");
                     }
                     if (change.contains("confidential") && !change["confidential"].is_boolean()) {
                       return InvalidArgumentError("changes[" + std::to_string(changes.size()) +
                                                   "].confidential: true or false");
                     }
                     changes.push_back({Text(change, "path"), change.value("value", json()),
                                        Text(change, "kind"), Text(change, "effective_from"),
                                        change.value("confidential", false)});
                   }
                   return api.cases.RecordFacts(id, version, changes, command);
                 }));

  router.Add("POST", "/api/v1/cases/{id}/people",
             CaseCommandRoute(api, kFrontOffice, {"people"}, "case.people",
                              [&api](const auth::User&, const std::string& id, int64_t version,
                                     const json& body, const cases::Command& command) {
                                return api.cases.RecordPeople(
                                    id, version, body.value("people", json::object()), command);
                              }));

  router.Add(
      "POST", "/api/v1/cases/{id}/citizen",
      CaseCommandRoute(
          api, kFrontOffice, {"member", "citizen"}, "case.link_citizen",
          [&api](const auth::User&, const std::string& id, int64_t version, const json& body,
                 const cases::Command& command) -> Result<cases::CaseState> {
            Result<auth::User> citizen = api.users.Find(Text(body, "citizen"));
            if (!citizen.ok() || citizen->role != "citizen") {
              return InvalidArgumentError("citizen: no citizen account " + Text(body, "citizen"));
            }
            return api.cases.LinkCitizen(id, version, Text(body, "member"), citizen->login,
                                         command);
          }));

  // Assigning: a case manager to anyone of the front office; an operator takes a case or
  // hands it back to the queue.
  router.Add(
      "POST", "/api/v1/cases/{id}/assign",
      CaseCommandRoute(
          api, kFrontOffice, {"assignee"}, "case.assign",
          [&api](const auth::User& user, const std::string& id, int64_t version, const json& body,
                 const cases::Command& command) -> Result<cases::CaseState> {
            std::string assignee = Text(body, "assignee");
            if (user.role == "operator" && !assignee.empty() && assignee != user.login) {
              return PermissionDeniedError(
                  "an operator assigns a case to themselves; a case manager to others");
            }
            if (!assignee.empty()) {
              Result<auth::User> worker = api.users.Find(assignee);
              if (!worker.ok() || worker->disabled || !kFrontOffice.contains(worker->role)) {
                return InvalidArgumentError("assignee: no operator or case manager " + assignee);
              }
            }
            return api.cases.Assign(id, version, assignee, command);
          }));

  router.Add("POST", "/api/v1/cases/{id}/escalate",
             CaseCommandRoute(api, kFrontOffice, {"queue", "reason"}, "case.escalate",
                              [&api](const auth::User&, const std::string& id, int64_t version,
                                     const json& body, const cases::Command& command) {
                                return api.cases.Escalate(id, version, Text(body, "queue"),
                                                          Text(body, "reason"), command);
                              }));

  router.Add("POST", "/api/v1/cases/{id}/contacts",
             CaseCommandRoute(api, kFrontOffice, {"channel", "summary"}, "case.contact",
                              [&api](const auth::User&, const std::string& id, int64_t version,
                                     const json& body, const cases::Command& command) {
                                return api.cases.LogContact(id, version, Text(body, "channel"),
                                                            Text(body, "summary"), command);
                              }));

  router.Add("POST", "/api/v1/cases/{id}/close",
             CaseCommandRoute(api, kFrontOffice, {"outcome", "reason"}, "case.close",
                              [&api](const auth::User&, const std::string& id, int64_t version,
                                     const json& body, const cases::Command& command) {
                                return api.cases.Close(id, version, Text(body, "outcome"),
                                                       Text(body, "reason"), command);
                              }));

  router.Add("POST", "/api/v1/cases/{id}/complex-request",
             CaseCommandRoute(api, kFrontOffice, {}, "case.complex_request",
                              [&api](const auth::User&, const std::string& id, int64_t version,
                                     const json&, const cases::Command& command) {
                                return api.cases.SubmitComplexRequest(id, version, command);
                              }));

  router.Add(
      "POST", "/api/v1/cases/{id}/tasks/{agency}/decision",
      Authenticated(
          api, {"agency_worker"}, [&api](const auth::User& user, const HttpRequest& request) {
            // Another agency's task is not this worker's to see.
            if (request.params.at("agency") != user.agency) {
              (void)Record(api, user, request, "access.denied", request.params.at("id"),
                           "another agency's task");
              return Problem(404, "not_found", "no such task");
            }
            Result<cases::CaseState> visible = Visible(api, user, request, request.params.at("id"));
            if (!visible.ok()) return ProblemOf(visible.status());
            Result<json> body =
                BodyObject(request, api, {"expected_version", "decision", "reason"});
            if (!body.ok()) return ProblemOf(body.status());
            Result<int64_t> version = Version(*body);
            if (!version.ok()) return ProblemOf(version.status());
            return CaseAnswer(api, user, 200,
                              api.cases.DecideTask(request.params.at("id"), *version, user.agency,
                                                   Text(*body, "decision"), Text(*body, "reason"),
                                                   CommandOf(user, request, "task.decide")));
          }));

  router.Add(
      "POST", "/api/v1/cases/{id}/notes",
      CaseCommandRoute(api, {"operator", "case_manager", "agency_worker"}, {"text"}, "case.note",
                       [&api](const auth::User&, const std::string& id, int64_t version,
                              const json& body, const cases::Command& command) {
                         return api.cases.AddNote(id, version, Text(body, "text"), command);
                       }));
}

}  // namespace okno::server
