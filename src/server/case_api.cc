#include "server/case_api.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <set>

#include "analytics/kpis.h"
#include "cases/visibility.h"
#include "common/logging.h"
#include "planner/plan_html.h"
#include "server/openapi.h"

namespace okno::server {
namespace {

using nlohmann::json;

const std::set<std::string> kFrontOffice = {"operator", "case_manager"};

cases::Viewer ViewerOf(CaseApi& api, const auth::User& user, const cases::CaseState& state);

// Whether `user` may see the case: the front office its own MFC office's cases, an agency
// worker those with a task for its agency, a citizen those they are a member of.
bool MaySee(const auth::User& user, const cases::CaseState& state) {
  if (kFrontOffice.contains(user.role)) return state.office == user.office;
  if (user.role == "agency_worker") return state.tasks.contains(user.agency);
  if (user.role == "citizen") return !state.MemberOf(user.login).empty();
  return true;
}

// The case as `user` sees it. A change was audited in its own transaction (Command::action).
// A case the user's change took out of their sight (sent to another MFC office) is no longer
// theirs: only where it went.
Result<HttpResponse> CaseAnswer(CaseApi& api, const auth::User& user, int status,
                                const Result<cases::CaseState>& state) {
  if (!state.ok()) return state.status();
  if (!MaySee(user, *state)) {
    return HttpResponse::Json(
        status, {{"id", state->id}, {"version", state->version}, {"office", state->office}});
  }
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

// The case as `user` may see it: NotFound for the front office of another MFC office, for an
// agency worker without a task in it and for a citizen not linked to one of its members — the
// same answer as for no case, and the refusal audited.
Result<cases::CaseState> Visible(CaseApi& api, const auth::User& user, const HttpRequest& request,
                                 const std::string& id) {
  cases::CaseState state = OKNO_TRY(api.cases.Get(id));
  if (!MaySee(user, state)) {
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

// The query's paging and order (?order=opened|due&after=CURSOR&limit=1..500, checked by the
// route's parameters).
store::CaseQuery PagingOf(const HttpRequest& request) {
  store::CaseQuery query;
  query.order = request.Query("order", "opened");
  query.after = request.Query("after");
  query.limit = std::stoi(request.Query("limit", "50"));
  return query;
}

// The cases of `query` among those `user` may list: the front office its MFC office's, an
// agency worker those with its agency's tasks, a citizen their own. The same scope as Visible.
Result<store::CasePage> ListFor(CaseApi& api, store::CaseQuery query, const auth::User& user) {
  if (kFrontOffice.contains(user.role)) {
    query.office = user.office;
  } else if (user.role == "agency_worker") {
    query.agency = user.agency;
  } else if (user.role == "citizen") {
    query.citizen = user.login;
  } else {
    return PermissionDeniedError("the role " + user.role + " lists no cases");
  }
  return api.cases.List(query);
}

Result<HttpResponse> PageResponse(const Result<store::CasePage>& page, const auth::User& user) {
  if (!page.ok()) return page.status();
  catalog::Date today = catalog::Date::Today();
  json cases = json::array();
  for (const store::CaseSummary& summary : page->cases) {
    cases.push_back(SummaryToJson(summary, user, today));
  }
  json body = {{"cases", std::move(cases)}};
  if (!page->next.empty()) body["next"] = page->next;
  return HttpResponse::Json(200, body);
}

// A command on case {id} by a user of `roles`: its body `properties` (with expected_version),
// the case visible to the user, then `command` run and audited as `action`.
using CaseCommand =
    std::function<Result<cases::CaseState>(const Call&, int64_t version, const cases::Command&)>;

void AddCaseCommand(Endpoints& endpoints, CaseApi& api, const std::string& what,
                    std::set<std::string> roles, const std::string& summary, json properties,
                    json required, std::string action, CaseCommand command,
                    std::vector<int> problems = {404, 409, 422, 503},
                    json answers = openapi::Ok("the case", openapi::Ref("Case"))) {
  endpoints.Add({.method = "POST",
                 .path = "/api/v1/cases/{id}/" + what,
                 .roles = std::move(roles),
                 .summary = summary,
                 .body = openapi::Versioned(std::move(properties), std::move(required)),
                 .parameters = json::array({openapi::PathParameter("id", "the case's id")}),
                 .answers = std::move(answers),
                 .problems = std::move(problems)},
                [&api, action = std::move(action),
                 command = std::move(command)](const Call& call) -> Result<HttpResponse> {
                  const auth::User& user = *call.user;
                  cases::CaseState visible =
                      OKNO_TRY(Visible(api, user, call.request, call.Param("id")));
                  int64_t version = call.body["expected_version"].get<int64_t>();
                  // A version past the one just found visible would let a change land after
                  // one that took the case away (a transfer); an older one is the store's to
                  // refuse or, with its idempotency key, to answer as the first time.
                  if (version > visible.version) {
                    return ConflictError("case " + visible.id + " is at version " +
                                         std::to_string(visible.version) + ", not " +
                                         std::to_string(version));
                  }
                  return CaseAnswer(api, user, 200,
                                    command(call, version, CommandOf(user, call.request, action)));
                });
}

const std::set<std::string> kEveryRole = {
    "operator", "case_manager", "agency_worker", "citizen", "methodologist", "analyst", "admin"};
const std::set<std::string> kCaseReaders = {"operator", "case_manager", "agency_worker", "citizen"};

void AddSessionRoutes(Endpoints& endpoints, CaseApi& api) {
  using namespace openapi;
  endpoints.Add(
      {.method = "POST",
       .path = "/api/v1/sessions",
       .access = Access::kAnyone,
       .summary = "Log in",
       .body = Object({{"login", Text(256)}, {"password", Text(1024)}}, {"login", "password"}),
       .answers = {{"201", Answer("a session", Ref("Session"))}},
       .problems = {401, 503},
       .options = {.pool = Pool::kPasswords, .rate_limit = "login", .max_body_bytes = 4096}},
      [&api](const Call& call) -> Result<HttpResponse> {
        const HttpRequest& request = call.request;
        std::string login = call.Text("login");
        Result<auth::Session> session = api.users.LogIn(login, call.Text("password"));
        if (api.login_guard != nullptr && !login.empty()) {
          api.login_guard->Record(login, request.client, session.ok(), Clock::now());
        }
        // Who logged in, or tried to, from where: a name given is kept short (it may be
        // anything).
        std::string named = login.substr(0, 64);
        Status logged =
            api.audit.Append({named, session.ok() ? "session.login" : "session.login_failed",
                              "user:" + named, "", request.client});
        if (!session.ok()) {
          spdlog::info(LogFields({{"event", "login_failed"}}));
          if (!logged.ok()) spdlog::error("audit: a failed login could not be recorded");
          return session.status();
        }
        if (!logged.ok()) {
          (void)api.users.LogOut(session->token);  // no session the log does not know
          return UnavailableError("the audit log cannot record this: " + logged.message());
        }
        return HttpResponse::Json(201, {{"token", session->token},
                                        {"expires_at_ms", session->expires_at_ms},
                                        {"user",
                                         {{"login", session->user.login},
                                          {"role", session->user.role},
                                          {"agency", session->user.agency},
                                          {"name", session->user.name}}}});
      });
  endpoints.Add({.method = "DELETE",
                 .path = "/api/v1/sessions",
                 .roles = kEveryRole,
                 .summary = "Log out",
                 .answers = {{"204", Answer("the session ended")}}},
                [&api](const Call& call) -> Result<HttpResponse> {
                  (void)api.users.LogOut(call.request.Header("authorization").substr(7));
                  (void)Record(api, *call.user, call.request, "session.logout",
                               "user:" + call.user->login);
                  return HttpResponse::Text(204, "text/plain", "");
                });
  // The user's other sessions end (a phone left logged in, a shared computer): how many.
  endpoints.Add(
      {.method = "DELETE",
       .path = "/api/v1/sessions/others",
       .roles = kEveryRole,
       .summary = "End the user's other sessions (a device left logged in)",
       .answers = Ok("how many ended",
                     {{"type", "object"}, {"properties", {{"ended", {{"type", "integer"}}}}}}),
       .problems = {503}},
      [&api](const Call& call) -> Result<HttpResponse> {
        int ended =
            OKNO_TRY(api.users.LogOutOthers(call.request.Header("authorization").substr(7)));
        OKNO_TRY(Record(api, *call.user, call.request, "session.logout_others",
                        "user:" + call.user->login));
        return HttpResponse::Json(200, {{"ended", ended}});
      });
}

void AddCaseReads(Endpoints& endpoints, CaseApi& api) {
  using namespace openapi;
  json id = PathParameter("id", "the case's id");
  json page = Ok("a page of cases", Ref("CasePage"));

  // Lists: the front office any cases, by status, queue, assignee, agency and deadline; an
  // agency worker the cases with its agency's tasks; a citizen their own.
  json filters = Paging();
  for (const char* name : {"status", "queue", "assignee", "agency", "task_state"}) {
    filters.push_back(Query(name, std::string("only cases with this ") + name));
  }
  filters.push_back(
      Query("unassigned", "true: only cases nobody is assigned to", {{"type", "boolean"}}));
  filters.push_back(Query("due_by", "only cases due on or before this date", Date()));
  endpoints.Add({.method = "GET",
                 .path = "/api/v1/cases",
                 .roles = kCaseReaders,
                 .summary = "Cases as lists show them: the front office any, an agency worker "
                            "those with its agency's tasks, a citizen their own (no personal data)",
                 .parameters = std::move(filters),
                 .answers = page,
                 .problems = {400}},
                [&api](const Call& call) {
                  const HttpRequest& request = call.request;
                  store::CaseQuery query = PagingOf(request);
                  query.status = request.Query("status");
                  query.queue = request.Query("queue");
                  query.assignee = request.Query("assignee");
                  query.unassigned = request.Query("unassigned") == "true";
                  query.agency = request.Query("agency");
                  query.task_state = request.Query("task_state");
                  query.due_by = request.Query("due_by");
                  return PageResponse(ListFor(api, query, *call.user), *call.user);
                });

  // Finding a case by a person's СНИЛС or name: personal data, so every search is audited.
  json search = Paging();
  json person = Query("person", "an СНИЛС or the beginning of a full name", Text(200));
  person["required"] = true;
  search.push_back(std::move(person));
  endpoints.Add(
      {.method = "GET",
       .path = "/api/v1/cases/search",
       .roles = kFrontOffice,
       .summary = "Find cases by a person (front office; every search is audited)",
       .parameters = std::move(search),
       .answers = page,
       .problems = {400, 503}},
      [&api](const Call& call) -> Result<HttpResponse> {
        store::CaseQuery query = PagingOf(call.request);
        query.person = call.request.Query("person");
        Result<store::CasePage> found = ListFor(api, query, *call.user);
        if (found.ok()) {
          std::string ids;
          for (const store::CaseSummary& summary : found->cases) {
            ids += (ids.empty() ? "" : ",") + summary.id;
          }
          OKNO_TRY(
              Record(api, *call.user, call.request, "case.search", ids,
                     "search by " +
                         std::string(store::SnilsDigits(query.person).empty() ? "name" : "СНИЛС")));
        }
        return PageResponse(found, *call.user);
      });

  // My queue: the cases assigned to me (front office), or my agency's tasks waiting for a
  // decision (agency worker); soonest deadline first.
  json mine = Paging();
  mine.push_back(Query("task_state", "an agency worker's tasks in this state (open by default)"));
  endpoints.Add({.method = "GET",
                 .path = "/api/v1/queues/mine",
                 .roles = {"operator", "case_manager", "agency_worker"},
                 .summary = "My queue: cases assigned to me (front office) or my agency's tasks "
                            "(agency worker; ?task_state, open by default), soonest deadline "
                            "first, with SLA state",
                 .parameters = std::move(mine),
                 .answers = page,
                 .problems = {400}},
                [&api](const Call& call) {
                  store::CaseQuery query = PagingOf(call.request);
                  query.order = "due";
                  query.status = "open";
                  if (call.user->role == "agency_worker") {
                    query.task_state = call.request.Query("task_state", "open");
                  } else {
                    query.assignee = call.user->login;
                  }
                  return PageResponse(ListFor(api, query, *call.user), *call.user);
                });

  // A tier's queue: its open cases, soonest deadline first (?unassigned=true: nobody's yet).
  json tier = Paging();
  tier.insert(tier.begin(), PathParameter("tier",
                                          "self_service, generalist, specialist or "
                                          "multi_agency_team"));
  tier.push_back(
      Query("unassigned", "true: only cases nobody is assigned to", {{"type", "boolean"}}));
  endpoints.Add(
      {.method = "GET",
       .path = "/api/v1/queues/{tier}",
       .roles = kFrontOffice,
       .summary = "A tier's queue: its open cases, soonest deadline first (?unassigned=true)",
       .parameters = std::move(tier),
       .answers = page,
       .problems = {400}},
      [&api](const Call& call) {
        store::CaseQuery query = PagingOf(call.request);
        query.order = "due";
        query.status = "open";
        query.queue = call.Param("tier");
        query.unassigned = call.request.Query("unassigned") == "true";
        return PageResponse(ListFor(api, query, *call.user), *call.user);
      });

  // An agency's inbox: the cases with its tasks, by the task's state (open by default). Another
  // agency's inbox is not an agency worker's to see.
  json inbox = Paging();
  inbox.insert(inbox.begin(),
               PathParameter("agency", "the agency's id (an agency worker: their own)"));
  inbox.push_back(Query("state", "the tasks in this state (open by default)"));
  endpoints.Add(
      {.method = "GET",
       .path = "/api/v1/agencies/{agency}/tasks",
       .roles = {"operator", "case_manager", "agency_worker"},
       .summary = "An agency's inbox: its tasks by state (?state, open by default), soonest first",
       .parameters = std::move(inbox),
       .answers = Ok("the tasks", {{"type", "object"}}),
       .problems = {400, 404}},
      [&api](const Call& call) -> Result<HttpResponse> {
        const std::string& agency = call.Param("agency");
        if (call.user->role == "agency_worker" && agency != call.user->agency) {
          return NotFoundError("no resource at " + call.request.path);
        }
        store::CaseQuery query = PagingOf(call.request);
        query.order = "due";
        query.agency = agency;
        query.task_state = call.request.Query("state", "open");
        store::CasePage page = OKNO_TRY(ListFor(api, query, *call.user));
        catalog::Date today = catalog::Date::Today();
        json tasks = json::array();
        for (const store::CaseSummary& summary : page.cases) {
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
        if (!page.next.empty()) body["next"] = page.next;
        return HttpResponse::Json(200, body);
      });

  // The KPIs (DESIGN.md §3.7) over every case; computed at most once a minute, as they read
  // every event.
  struct KpiCache {
    std::mutex mutex;
    std::chrono::steady_clock::time_point computed;
    json report;
  };
  auto cache = std::make_shared<KpiCache>();
  endpoints.Add(
      {.method = "GET",
       .path = "/api/v1/kpis",
       .roles = {"case_manager", "methodologist", "analyst"},
       .summary = "KPIs from the case events (case manager, methodologist, analyst): time to "
                  "first plan and to resolution, contacts and visits per resolved case, "
                  "first-contact resolution, agencies per case, SLA breaches, load per tier and "
                  "agency",
       .answers = Ok("the KPIs", {{"type", "object"}}),
       .problems = {503}},
      [&api, cache](const Call&) -> Result<HttpResponse> {
        std::lock_guard lock(cache->mutex);
        auto now = std::chrono::steady_clock::now();
        if (cache->report.is_null() || now - cache->computed > std::chrono::minutes(1)) {
          catalog::Date today = catalog::Date::Today();
          analytics::Kpis kpis = OKNO_TRY(analytics::ComputeKpis(api.cases.events(), today));
          cache->report = analytics::KpisToJson(kpis);
          cache->report["as_of"] = today.ToString();
          cache->computed = now;
        }
        return HttpResponse::Json(200, cache->report);
      });

  endpoints.Add({.method = "GET",
                 .path = "/api/v1/cases/{id}",
                 .roles = kCaseReaders,
                 .summary = "A case: facts and their history, plan, tasks, timeline",
                 .parameters = json::array({id}),
                 .answers = Ok("the case", Ref("Case")),
                 .problems = {404, 503}},
                [&api](const Call& call) -> Result<HttpResponse> {
                  cases::CaseState state =
                      OKNO_TRY(Visible(api, *call.user, call.request, call.Param("id")));
                  OKNO_TRY(Record(api, *call.user, call.request, "case.read", state.id));
                  return CaseAnswer(api, *call.user, 200, state);
                });

  // The citizen's памятка, printed with their name: for the front office and the citizen.
  endpoints.Add(
      {.method = "GET",
       .path = "/api/v1/cases/{id}/memo",
       .roles = {"operator", "case_manager", "citizen"},
       .summary = "The citizen's printable памятка (HTML) with their name (front office, the "
                  "citizen; audited); ?lang=ru|en",
       .parameters = json::array({id, Language()}),
       .answers = {{"200",
                    {{"description", "HTML"}, {"content", {{"text/html", json::object()}}}}}},
       .problems = {400, 404, 503}},
      [&api](const Call& call) -> Result<HttpResponse> {
        const auth::User& user = *call.user;
        cases::CaseState state = OKNO_TRY(Visible(api, user, call.request, call.Param("id")));
        // Planned from what the viewer may see, and shown only as far as the JSON view would
        // show it: the same policy for both.
        cases::Viewer viewer = ViewerOf(api, user, state);
        const cases::Visibility visibility(state, viewer);
        auto planned = OKNO_TRY(
            api.cases.PlanNow(visibility.Situation(), state.id, call.request.Query("lang", "ru")));
        OKNO_TRY(Record(api, user, call.request, "case.memo", state.id));
        planner::MemoPeople people;
        people.case_id = state.id;
        for (const auto& [member, data] : state.people) {
          std::string name = visibility.PersonalData(member).value("full_name", "");
          if (!name.empty()) people.names[member] = name;
        }
        // For the citizen who asked, or else the household's applicant.
        std::string self = visibility.self();
        if (self.empty()) self = cases::ApplicantOf(state.situation);
        if (auto name = people.names.find(self); name != people.names.end()) {
          people.addressee = name->second;
        }
        return HttpResponse::Text(200, "text/html; charset=utf-8",
                                  planner::PlanToHtml(visibility.Plan(std::move(planned.first)),
                                                      planned.second->catalog(), people));
      });
}

void AddCaseCommands(Endpoints& endpoints, CaseApi& api) {
  using namespace openapi;
  endpoints.Add(
      {.method = "POST",
       .path = "/api/v1/cases",
       .roles = kFrontOffice,
       .summary = "Open a case with the citizen's consent (operator, case manager)",
       .body = Object(
           {{"situation", Ref("Situation")},
            {"consent", Object({{"purpose",
                                 {{"type", "string"},
                                  {"minLength", 1},
                                  {"description", "what the data is processed for"}}},
                                {"given_on", Date()}},
                               {"purpose", "given_on"})},
            {"people",
             {{"type", "object"},
              {"description", "personal data by member id: full_name, snils, phone, address"}}},
            {"confidential",
             {{"type", "array"}, {"items", {{"type", "string"}}}, {"maxItems", 500}}}},
           // Without consent the case service refuses with its reason under 152-FZ (422).
           {"situation"}),
       .answers = {{"201", Answer("the case", Ref("Case"))}},
       .problems = {422, 503},
       .options = {.max_body_bytes = 256 * 1024}},
      [&api](const Call& call) -> Result<HttpResponse> {
        cases::Opening opening;
        opening.office = call.user->office;
        opening.situation = call.body["situation"];
        if (call.body.contains("consent")) {
          const json& consent = call.body["consent"];
          opening.consent = {consent["purpose"].get<std::string>(),
                             consent["given_on"].get<std::string>()};
        }
        opening.people = call.body.value("people", json::object());
        for (const json& path : call.body.value("confidential", json::array())) {
          opening.confidential.push_back(path.get<std::string>());
        }
        return CaseAnswer(
            api, *call.user, 201,
            api.cases.Open(NewCaseId(), opening, CommandOf(*call.user, call.request, "case.open")));
      });

  json text = Text();
  AddCaseCommand(
      endpoints, api, "facts", kFrontOffice,
      "Record fact changes (corrections, successions); the plan is made again",
      {{"changes",
        {{"type", "array"},
         {"maxItems", 500},
         {"items", Object({{"path", Text(200)},
                           {"value", json::object()},
                           {"kind", OneOf({"correction", "succession"})},
                           {"effective_from", Date()},
                           {"confidential", {{"type", "boolean"}}}},
                          {"path", "value", "kind"})}}}},
      {"changes"}, "case.facts",
      [&api](const Call& call, int64_t version, const cases::Command& command) {
        std::vector<cases::FactChange> changes;
        for (const json& change : call.body["changes"]) {
          changes.push_back({change["path"].get<std::string>(), change["value"],
                             change["kind"].get<std::string>(), change.value("effective_from", ""),
                             change.value("confidential", false)});
        }
        return api.cases.RecordFacts(call.Param("id"), version, changes, command);
      });
  AddCaseCommand(endpoints, api, "people", kFrontOffice,
                 "Record members' personal data (full_name, snils, phone, address; null removes)",
                 {{"people", {{"type", "object"}}}}, {"people"}, "case.people",
                 [&api](const Call& call, int64_t version, const cases::Command& command) {
                   return api.cases.RecordPeople(call.Param("id"), version, call.body["people"],
                                                 command);
                 });
  AddCaseCommand(
      endpoints, api, "citizen", kFrontOffice, "Link a citizen account to a member",
      {{"member", text}, {"citizen", text}}, {"member", "citizen"}, "case.link_citizen",
      [&api](const Call& call, int64_t version,
             const cases::Command& command) -> Result<cases::CaseState> {
        Result<auth::User> citizen = api.users.Find(call.Text("citizen"));
        if (!citizen.ok() || citizen->role != "citizen") {
          return InvalidArgumentError("citizen: no citizen account " + call.Text("citizen"));
        }
        return api.cases.LinkCitizen(call.Param("id"), version, call.Text("member"), citizen->login,
                                     command);
      });
  // Assigning: a case manager to anyone of the front office; an operator takes a case or
  // hands it back to the queue.
  AddCaseCommand(
      endpoints, api, "assign", kFrontOffice,
      "Assign to a worker (a case manager: anyone of the front office; an operator: "
      "themselves), or back to the queue with an empty assignee",
      {{"assignee", text}}, json::array(), "case.assign",
      [&api](const Call& call, int64_t version,
             const cases::Command& command) -> Result<cases::CaseState> {
        std::string assignee = call.Text("assignee");
        if (call.user->role == "operator" && !assignee.empty() && assignee != call.user->login) {
          return PermissionDeniedError(
              "an operator assigns a case to themselves; a case manager to others");
        }
        if (!assignee.empty()) {
          Result<auth::User> worker = api.users.Find(assignee);
          if (!worker.ok() || worker->disabled || !kFrontOffice.contains(worker->role)) {
            return InvalidArgumentError("assignee: no operator or case manager " + assignee);
          }
          // The case is the caller's office's (Visible): a worker elsewhere could not see it.
          if (worker->office != call.user->office) {
            return InvalidArgumentError("assignee: " + assignee +
                                        " works at another MFC office; transfer the case first");
          }
        }
        return api.cases.Assign(call.Param("id"), version, assignee, command);
      },
      {403, 404, 409, 422, 503});
  AddCaseCommand(endpoints, api, "escalate", kFrontOffice,
                 "Escalate to a higher tier's queue (the next one without `queue`)",
                 {{"queue", text}, {"reason", text}}, json::array(), "case.escalate",
                 [&api](const Call& call, int64_t version, const cases::Command& command) {
                   return api.cases.Escalate(call.Param("id"), version, call.Text("queue"),
                                             call.Text("reason"), command);
                 });
  AddCaseCommand(
      endpoints, api, "transfer", kFrontOffice,
      "Hand the case to another MFC office, whose front office alone then sees it (unassigned, "
      "in the same queue); the office must have an active operator or case manager",
      {{"office", Text(64)}, {"reason", text}}, {"office", "reason"}, "case.transfer",
      [&api](const Call& call, int64_t version,
             const cases::Command& command) -> Result<cases::CaseState> {
        std::string office = call.Text("office");
        std::vector<auth::User> users = OKNO_TRY(api.users.List());
        if (std::none_of(users.begin(), users.end(), [&](const auth::User& user) {
              return kFrontOffice.contains(user.role) && !user.disabled && user.office == office;
            })) {
          return InvalidArgumentError("office: no active operator or case manager works at '" +
                                      office + "'");
        }
        return api.cases.Transfer(call.Param("id"), version, office, call.Text("reason"), command);
      },
      {404, 409, 422, 503},
      openapi::Ok("where the case went: no more of it, since it has left the caller's office",
                  {{"type", "object"},
                   {"required", {"id", "version", "office"}},
                   {"properties",
                    {{"id", {{"type", "string"}}},
                     {"version", {{"type", "integer"}}},
                     {"office", {{"type", "string"}}}}}}));
  AddCaseCommand(endpoints, api, "contacts", kFrontOffice, "Log a contact with the citizen",
                 {{"channel", OneOf({"visit", "phone", "online", "letter"})}, {"summary", text}},
                 {"channel"}, "case.contact",
                 [&api](const Call& call, int64_t version, const cases::Command& command) {
                   return api.cases.LogContact(call.Param("id"), version, call.Text("channel"),
                                               call.Text("summary"), command);
                 });
  AddCaseCommand(
      endpoints, api, "close", kFrontOffice, "Close the case",
      {{"outcome", OneOf({"resolved", "referred", "withdrawn", "unreachable"})}, {"reason", text}},
      {"outcome"}, "case.close",
      [&api](const Call& call, int64_t version, const cases::Command& command) {
        return api.cases.Close(call.Param("id"), version, call.Text("outcome"), call.Text("reason"),
                               command);
      });
  AddCaseCommand(endpoints, api, "complex-request", kFrontOffice,
                 "Submit the complex request: one task per agency", json::object(), json::array(),
                 "case.complex_request",
                 [&api](const Call& call, int64_t version, const cases::Command& command) {
                   return api.cases.SubmitComplexRequest(call.Param("id"), version, command);
                 });
  endpoints.Add(
      {.method = "POST",
       .path = "/api/v1/cases/{id}/tasks/{agency}/decision",
       .roles = {"agency_worker"},
       .summary = "An agency worker decides their agency's task",
       .body = Versioned(
           {{"decision", OneOf({"approved", "refused", "data_requested"})}, {"reason", text}},
           {"decision"}),
       .parameters =
           json::array({PathParameter("id", "the case's id"),
                        PathParameter("agency", "the deciding agency (the worker's own)")}),
       .answers = Ok("the case", Ref("Case")),
       .problems = {404, 409, 422, 503}},
      [&api](const Call& call) -> Result<HttpResponse> {
        const auth::User& user = *call.user;
        // Another agency's task is not this worker's to see.
        if (call.Param("agency") != user.agency) {
          (void)Record(api, user, call.request, "access.denied", call.Param("id"),
                       "another agency's task");
          return NotFoundError("no such task");
        }
        OKNO_TRY(Visible(api, user, call.request, call.Param("id")));
        return CaseAnswer(
            api, user, 200,
            api.cases.DecideTask(call.Param("id"), call.body["expected_version"].get<int64_t>(),
                                 user.agency, call.Text("decision"), call.Text("reason"),
                                 CommandOf(user, call.request, "task.decide")));
      });
  AddCaseCommand(endpoints, api, "notes", {"operator", "case_manager", "agency_worker"},
                 "Add a note", {{"text", text}}, {"text"}, "case.note",
                 [&api](const Call& call, int64_t version, const cases::Command& command) {
                   return api.cases.AddNote(call.Param("id"), version, call.Text("text"), command);
                 });
}

}  // namespace

void AddCaseRoutes(Endpoints& endpoints, CaseApi& api) {
  AddSessionRoutes(endpoints, api);
  AddCaseCommands(endpoints, api);
  AddCaseReads(endpoints, api);
}

}  // namespace okno::server
