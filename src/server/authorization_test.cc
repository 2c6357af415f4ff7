// Every endpoint × every role × own or another agency's / citizen's case: who gets through,
// who gets 401, 403 or 404 (DESIGN.md §4.6). Each allowed request must succeed (2xx), so a
// row cannot pass by failing for another reason. The table covers every route registered.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "auth/keys.h"
#include "common/data_file.h"
#include "server/routes.h"
#include "store/sqlite_event_store.h"

namespace okno::server {
namespace {

// The stores' audit records keyed with the demo's published key: tests hold no secret.
store::SqliteOptions TestStoreOptions() {
  store::SqliteOptions options;
  options.audit_key = auth::DemoKeys().audit;
  return options;
}

namespace fs = std::filesystem;
using nlohmann::json;

// Who asks. The own agency has a task in the case; the other has none. The own citizen is
// linked to the case's applicant; the other to nobody's.
struct Actor {
  std::string name;
  std::string role;  // empty: nobody logged in
  bool own_agency = false;
};

const std::vector<Actor>& Actors() {
  static const std::vector<Actor> actors = {{"anonymous", "", false},
                                            {"operator", "operator", false},
                                            {"case_manager", "case_manager", false},
                                            {"agency_own", "agency_worker", true},
                                            {"agency_other", "agency_worker", false},
                                            {"citizen_own", "citizen", false},
                                            {"citizen_other", "citizen", false},
                                            {"methodologist", "methodologist", false},
                                            {"analyst", "analyst", false},
                                            {"admin", "admin", false}};
  return actors;
}

// One endpoint: how to call it and what each actor gets, one letter per actor in Actors()'
// order: A allowed (2xx), U 401, F 403, N 404.
struct Row {
  std::string method;
  std::string path;  // with {id} and {agency} (the own agency) to fill in
  std::string expect;
  // The case it acts on has had its complex request (tasks in agencies).
  bool submitted = true;
  std::function<json(const std::string& login, const json& situation)> body;
};

json NoBody(const std::string&, const json&) { return nullptr; }

class AuthorizationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_ = new fs::path(fs::temp_directory_path() /
                              ("okno_authorization_" + std::to_string(::getpid())));
    fs::remove_all(*directory_);
    fs::create_directories(*directory_);
    std::string file = (*directory_ / "okno.db").string();
    catalog::Diagnostics diagnostics;
    catalog_ = new catalog::Catalog(catalog::LoadCatalog(OKNO_CATALOG_DIR, diagnostics));
    ASSERT_TRUE(diagnostics.ok());
    catalogs_ = new planner::CatalogSource(planner::CatalogSource::Borrow(*catalog_));
    events_ = std::move(store::SqliteEventStore::Open(file, TestStoreOptions())).value().release();
    users_ = std::move(auth::UserStore::Open(file, auth::DemoKeys().audit)).value().release();
    audit_ = std::move(audit::AuditLog::Open(file, auth::DemoKeys().audit)).value().release();
    cases_ = new cases::CaseService(*events_, *catalogs_);
    public_api_ = new PublicApi{*catalogs_, ""};
    case_api_ = new CaseApi{*cases_, *users_, *audit_};
    admin_api_ = new AdminApi{*users_, *audit_, *catalogs_};
    router_ = new Router();
    metrics_ = new Metrics();
    AddRoutes(*router_, *public_api_, *case_api_, *admin_api_, *metrics_,
              auth::DemoKeys().metrics_token);
    // A case of several agencies below the highest tier, so that it can still be escalated.
    situation_ = new json(
        ReadDataFile(std::string(OKNO_EXAMPLES_DIR) + "/job_loss_family_novosibirsk.yaml").value());

    // The own agency: one whose task opens at once in this case.
    cases::CaseState probe = OpenCase("probe", true);
    for (const auto& [agency, task] : probe.tasks) {
      if (task.state == "open" && own_agency_.empty()) own_agency_ = agency;
    }
    ASSERT_FALSE(own_agency_.empty());
    for (const auto& [agency, entry] : catalog_->agencies) {
      if (!probe.tasks.contains(agency) && other_agency_.empty()) other_agency_ = agency;
    }
    for (const Actor& actor : Actors()) {
      if (actor.role.empty()) continue;
      std::string agency =
          actor.role == "agency_worker" ? (actor.own_agency ? own_agency_ : other_agency_) : "";
      ASSERT_TRUE(users_->Add({actor.name, actor.role, agency, actor.name, false}, kPassword).ok());
      (*tokens_)[actor.name] = users_->LogIn(actor.name, kPassword)->token;
    }
    // Two MFC offices' front offices, beside the table's actors (who work at no named office).
    for (const auto& [login, role, office] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"north_operator", "operator", "north"},
             {"north_manager", "case_manager", "north"},
             {"south_operator", "operator", "south"},
             {"south_manager", "case_manager", "south"}}) {
      ASSERT_TRUE(users_->Add({login, role, "", login, false, office}, kPassword).ok());
      (*tokens_)[login] = users_->LogIn(login, kPassword)->token;
    }
  }

  static void TearDownTestSuite() {
    delete router_;
    delete admin_api_;
    delete metrics_;
    delete case_api_;
    delete public_api_;
    delete cases_;
    delete audit_;
    delete users_;
    delete events_;
    delete catalogs_;
    delete catalog_;
    delete situation_;
    fs::remove_all(*directory_);
    delete directory_;
  }

  // A case of the household with a disabled child (the specialist tier, so it can be
  // escalated), its applicant linked to citizen_own, with or without its complex request.
  static cases::CaseState OpenCase(const std::string& id, bool submitted) {
    cases::Opening opening;
    opening.situation = *situation_;
    opening.consent = {"предоставление государственных услуг", "2026-11-26"};
    opening.people = {
        {Applicant(), {{"full_name", "Кузнецова Мария"}, {"snils", "112-233-445 95"}}}};
    cases::CaseState state = cases_->Open(id, opening, {"operator", ""}).value();
    state = cases_->LinkCitizen(id, state.version, Applicant(), "citizen_own", {"operator", ""})
                .value();
    if (submitted)
      state = cases_->SubmitComplexRequest(id, state.version, {"operator", ""}).value();
    return state;
  }

  // A user made for one call that changes it (a new role, password, disabling).
  static std::string Throwaway() {
    static int counter = 0;
    std::string login = "someone-" + std::to_string(++counter);
    EXPECT_TRUE(users_->Add({login, "operator", "", "", false}, kPassword).ok());
    return login;
  }

  static std::string Applicant() {
    return (*situation_)["household"]["members"][0]["id"].get<std::string>();
  }

  HttpResponse Call(const Row& row, const Actor& actor, const std::string& case_id,
                    int64_t version) {
    HttpRequest request;
    request.method = row.method;
    request.path = row.path;
    for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
             {"{id}", case_id},
             {"{agency}", own_agency_},
             {"{service}", catalog_->services.front().id},
             {"{user}", row.path.find("{user}") != std::string::npos ? Throwaway() : ""}}) {
      if (size_t at = request.path.find(name); at != std::string::npos) {
        request.path.replace(at, name.size(), value);
      }
    }
    if (size_t question = request.path.find('?'); question != std::string::npos) {
      std::string query = request.path.substr(question + 1);
      request.path.resize(question);
      size_t equal = query.find('=');
      request.query[query.substr(0, equal)] = query.substr(equal + 1);
    }
    if (!actor.role.empty()) {
      std::string token = (*tokens_)[actor.name];
      if (row.method == "DELETE") token = users_->LogIn(actor.name, kPassword)->token;
      request.headers["authorization"] = "Bearer " + token;
    }
    json body = row.body(actor.name, *situation_);
    if (!body.is_null()) {
      if (body.is_object() && body.contains("expected_version")) body["expected_version"] = version;
      request.body = body.dump();
    }
    return router_->Dispatch(request);
  }

  static inline const std::string kPassword = "a long enough secret";
  static inline fs::path* directory_ = nullptr;
  static inline catalog::Catalog* catalog_ = nullptr;
  static inline planner::CatalogSource* catalogs_ = nullptr;
  static inline store::SqliteEventStore* events_ = nullptr;
  static inline auth::UserStore* users_ = nullptr;
  static inline audit::AuditLog* audit_ = nullptr;
  static inline cases::CaseService* cases_ = nullptr;
  static inline PublicApi* public_api_ = nullptr;
  static inline CaseApi* case_api_ = nullptr;
  static inline Router* router_ = nullptr;
  static inline AdminApi* admin_api_ = nullptr;
  static inline Metrics* metrics_ = nullptr;
  static inline json* situation_ = nullptr;
  static inline std::string own_agency_;
  static inline std::string other_agency_;  // one with no task in the case
  static inline auto* tokens_ = new std::map<std::string, std::string>();
};

json Versioned(json fields = json::object()) {
  fields["expected_version"] = 0;  // filled in with the case's version
  return fields;
}

std::vector<Row> Table() {
  auto fixed = [](json body) { return [body](const std::string&, const json&) { return body; }; };
  // The front office only: everyone else 403, nobody logged in 401.
  const std::string front = "UAAFFFFFFF";
  const std::string admin = "UFFFFFFFFA";
  std::vector<Row> rows = {
      {"GET", "/healthz", "AAAAAAAAAA", true, NoBody},
      {"GET", "/api/v1/openapi.json", "AAAAAAAAAA", true, NoBody},
      // A session is not the metrics token: everyone 401 (the scraper's token is tested below).
      {"GET", "/metrics", "UUUUUUUUUU", true, NoBody},
      {"POST", "/api/v1/plan", "AAAAAAAAAA", true,
       [](const std::string&, const json& situation) { return situation; }},
      {"POST", "/api/v1/sessions", "AAAAAAAAAA", true,
       fixed({{"login", "operator"}, {"password", "a long enough secret"}})},
      {"DELETE", "/api/v1/sessions", "UAAAAAAAAA", true, NoBody},
      {"DELETE", "/api/v1/sessions/others", "UAAAAAAAAA", true, NoBody},
      {"POST", "/api/v1/cases", front, true,
       [](const std::string&, const json& situation) {
         return json{{"situation", situation},
                     {"consent", {{"purpose", "услуги"}, {"given_on", "2026-11-26"}}}};
       }},
      {"GET", "/api/v1/catalog/services?q=пособие", "AAAAAAAAAA", true, NoBody},
      {"GET", "/api/v1/catalog/services/{service}", "AAAAAAAAAA", true, NoBody},
      {"GET", "/api/v1/catalog/needs", "AAAAAAAAAA", true, NoBody},
      {"GET", "/api/v1/catalog/agencies", "AAAAAAAAAA", true, NoBody},
      {"GET", "/api/v1/catalog/regions", "AAAAAAAAAA", true, NoBody},
      {"GET", "/api/v1/catalog/facts", "AAAAAAAAAA", true, NoBody},
      {"GET", "/api/v1/catalog/documents", "AAAAAAAAAA", true, NoBody},
      {"GET", "/api/v1/kpis", "UFAFFFFAAF", true, NoBody},
      {"GET", "/api/v1/admin/users", admin, true, NoBody},
      {"POST", "/api/v1/admin/users", admin, true,
       [](const std::string& login, const json&) {
         return json{{"login", "new-" + login},
                     {"role", "analyst"},
                     {"name", "Новый аналитик"},
                     {"password", "a long enough secret"}};
       }},
      {"POST", "/api/v1/admin/users/{user}/role", admin, true,
       fixed({{"role", "analyst"}, {"agency", ""}})},
      {"POST", "/api/v1/admin/users/{user}/office", admin, true, fixed({{"office", "north"}})},
      {"POST", "/api/v1/admin/users/{user}/password", admin, true,
       fixed({{"password", "another long secret"}})},
      {"POST", "/api/v1/admin/users/{user}/disable", admin, true, NoBody},
      {"GET", "/api/v1/admin/roles", admin, true, NoBody},
      {"GET", "/api/v1/admin/agencies", admin, true, NoBody},
      {"GET", "/api/v1/cases", "UAAAAAAFFF", true, NoBody},
      {"GET", "/api/v1/cases/search?person=Кузнецова", front, true, NoBody},
      {"GET", "/api/v1/queues/mine", "UAAAAFFFFF", true, NoBody},
      {"GET", "/api/v1/queues/specialist", front, true, NoBody},
      {"GET", "/api/v1/agencies/{agency}/tasks", "UAAANFFFFF", true, NoBody},
      {"GET", "/api/v1/cases/{id}", "UAAANANFFF", true, NoBody},
      {"GET", "/api/v1/cases/{id}/memo", "UAAFFANFFF", true, NoBody},
      {"POST", "/api/v1/cases/{id}/facts", front, true,
       fixed(Versioned({{"changes",
                         {{{"path", "household.housing"},
                           {"value", "social_rent"},
                           {"kind", "correction"}}}}}))},
      {"POST", "/api/v1/cases/{id}/people", front, true,
       fixed(Versioned({{"people", {{"oleg", {{"phone", "+7 383 000-00-00"}}}}}}))},
      {"POST", "/api/v1/cases/{id}/citizen", front, true,
       fixed(Versioned({{"member", "oleg"}, {"citizen", "citizen_other"}}))},
      {"POST", "/api/v1/cases/{id}/assign", front, true,
       [](const std::string& login, const json&) {
         return Versioned({{"assignee", login}});
       }},
      {"POST", "/api/v1/cases/{id}/escalate", front, true,
       fixed(Versioned({{"reason", "нужна межведомственная команда"}}))},
      {"POST", "/api/v1/cases/{id}/transfer", front, true,
       fixed(Versioned({{"office", "north"}, {"reason", "гражданка переехала"}}))},
      {"POST", "/api/v1/cases/{id}/contacts", front, true,
       fixed(Versioned({{"channel", "phone"}, {"summary", "перезвонили"}}))},
      {"POST", "/api/v1/cases/{id}/close", front, true,
       fixed(Versioned({{"outcome", "resolved"}}))},
      {"POST", "/api/v1/cases/{id}/complex-request", front, false, fixed(Versioned())},
      {"POST", "/api/v1/cases/{id}/tasks/{agency}/decision", "UFFANFFFFF", true,
       fixed(Versioned({{"decision", "approved"}}))},
      {"POST", "/api/v1/cases/{id}/notes", "UAAANFFFFF", true,
       fixed(Versioned({{"text", "позвонить завтра"}}))},
  };
  return rows;
}

TEST_F(AuthorizationTest, EveryEndpointForEveryRole) {
  int counter = 0;
  for (const Row& row : Table()) {
    ASSERT_EQ(row.expect.size(), Actors().size()) << row.path;
    for (size_t i = 0; i < Actors().size(); ++i) {
      const Actor& actor = Actors()[i];
      // A fresh case for each call, so that one allowed change does not stand in another's way.
      std::string id = "case-" + std::to_string(++counter);
      cases::CaseState state = OpenCase(id, row.submitted);
      HttpResponse response = Call(row, actor, id, state.version);
      // Ending one's other sessions ended the table's own: a new one for the rows after.
      if (row.path == "/api/v1/sessions/others" && !actor.role.empty()) {
        (*tokens_)[actor.name] = users_->LogIn(actor.name, kPassword)->token;
      }
      std::string where = row.method + " " + row.path + " as " + actor.name + ": " +
                          std::to_string(response.status) + " " + response.body.substr(0, 300);
      switch (row.expect[i]) {
        case 'A':
          EXPECT_GE(response.status, 200) << where;
          EXPECT_LT(response.status, 300) << where;
          break;
        case 'U':
          EXPECT_EQ(response.status, 401) << where;
          break;
        case 'F':
          EXPECT_EQ(response.status, 403) << where;
          break;
        case 'N':
          EXPECT_EQ(response.status, 404) << where;
          break;
        default:
          FAIL() << "unknown expectation " << row.expect[i];
      }
      if (response.status == 404 && row.expect[i] == 'N') {
        // Not revealed: the same answer as for a case that does not exist.
        HttpResponse missing = Call(row, actor, "no-such-case", state.version);
        EXPECT_EQ(missing.status, 404) << where;
      }
    }
  }
}

// The route a row calls, as the router declares it: "METHOD /pattern".
std::string RouteOf(const Row& row) {
  std::string path = row.path.substr(0, row.path.find('?'));
  if (path == "/api/v1/queues/specialist") path = "/api/v1/queues/{tier}";
  if (path == "/api/v1/catalog/services/{service}") path = "/api/v1/catalog/services/{id}";
  if (size_t at = path.find("{user}"); at != std::string::npos) path.replace(at, 6, "{login}");
  return row.method + " " + path;
}

// The table names every route the server declares, and nothing else.
TEST_F(AuthorizationTest, TheTableCoversEveryRoute) {
  std::set<std::string> served;
  for (const RouteSpec* spec : router_->Specs()) {
    if (spec->path != "/*") served.insert(spec->method + " " + spec->path);
  }
  std::set<std::string> covered;
  for (const Row& row : Table()) covered.insert(RouteOf(row));
  EXPECT_EQ(served, covered);
}

// The table, written from DESIGN.md, and the routes' declared access agree: nobody logged in
// gets 401 from a session route (everyone from the metrics), a role the route does not name 403,
// and a named role is let through to the case (where it may still not see this one: 404).
TEST_F(AuthorizationTest, TheTableAgreesWithTheRoutesDeclaredRoles) {
  std::map<std::string, const RouteSpec*> specs;
  for (const RouteSpec* spec : router_->Specs()) specs[spec->method + " " + spec->path] = spec;
  for (const Row& row : Table()) {
    ASSERT_TRUE(specs.contains(RouteOf(row))) << RouteOf(row);
    const RouteSpec& spec = *specs[RouteOf(row)];
    for (size_t i = 0; i < Actors().size(); ++i) {
      const Actor& actor = Actors()[i];
      // The metrics take the scraper's token, which no session is.
      char declared = spec.access == Access::kMetricsToken ? 'U' : 'A';
      if (spec.access == Access::kSession && actor.role.empty()) declared = 'U';
      if (spec.access == Access::kSession && !actor.role.empty() &&
          !spec.roles.contains(actor.role)) {
        declared = 'F';
      }
      char expected = row.expect[i];
      if (declared == 'A') {
        EXPECT_TRUE(expected == 'A' || expected == 'N')
            << RouteOf(row) << " as " << actor.name << ": the table says " << expected
            << ", the route lets the role in";
      } else {
        EXPECT_EQ(expected, declared) << RouteOf(row) << " as " << actor.name;
      }
    }
  }
}

// Need-to-know by MFC office: another office's front office neither sees, lists, finds nor
// changes a case; the office hands it over by an audited transfer, after which only the new
// office sees it.
TEST_F(AuthorizationTest, AnotherOfficesCaseOnlyThroughAnAuditedTransfer) {
  cases::Opening opening;
  opening.situation = *situation_;
  opening.consent = {"предоставление государственных услуг", "2026-11-26"};
  opening.people = {{Applicant(), {{"full_name", "Северова Анна"}}}};
  opening.office = "north";
  cases::CaseState state = cases_->Open("north-case", opening, {"north_operator", ""}).value();
  auto call = [&](const std::string& login, const std::string& method, const std::string& path,
                  const json& body = nullptr) {
    HttpRequest request;
    request.method = method;
    request.path = path;
    if (size_t question = path.find('?'); question != std::string::npos) {
      request.path = path.substr(0, question);
      std::string query = path.substr(question + 1);
      request.query[query.substr(0, query.find('='))] = query.substr(query.find('=') + 1);
    }
    request.headers["authorization"] = "Bearer " + (*tokens_)[login];
    request.client = "10.0.0.7";
    if (!body.is_null()) request.body = body.dump();
    return router_->Dispatch(request);
  };
  auto lists = [&](const std::string& login, const std::string& path) {
    HttpResponse listed = call(login, "GET", path);
    EXPECT_EQ(listed.status, 200) << login << " " << path << ": " << listed.body;
    json page = json::parse(listed.body);
    for (const json& entry : page["cases"]) {
      if (entry["id"] == "north-case") return true;
    }
    return false;
  };

  EXPECT_EQ(call("north_operator", "GET", "/api/v1/cases/north-case").status, 200);
  EXPECT_TRUE(lists("north_operator", "/api/v1/cases"));
  EXPECT_TRUE(lists("north_operator", "/api/v1/cases/search?person=Северова"));
  for (const std::string& login :
       {std::string("south_operator"), std::string("south_manager"), std::string("operator")}) {
    EXPECT_EQ(call(login, "GET", "/api/v1/cases/north-case").status, 404) << login;
    EXPECT_EQ(call(login, "GET", "/api/v1/cases/north-case/memo").status, 404) << login;
    EXPECT_EQ(call(login, "POST", "/api/v1/cases/north-case/notes",
                   {{"expected_version", state.version}, {"text", "чужой случай"}})
                  .status,
              404)
        << login;
    EXPECT_FALSE(lists(login, "/api/v1/cases")) << login;
    EXPECT_FALSE(lists(login, "/api/v1/cases/search?person=Северова")) << login;
    EXPECT_FALSE(lists(login, "/api/v1/queues/" + state.queue)) << login;
  }
  // Nor is it given to another office's worker to carry.
  EXPECT_EQ(call("north_manager", "POST", "/api/v1/cases/north-case/assign",
                 {{"expected_version", state.version}, {"assignee", "south_operator"}})
                .status,
            400);
  // A version past the one the case is at is refused before anything is written.
  EXPECT_EQ(call("north_operator", "POST", "/api/v1/cases/north-case/notes",
                 {{"expected_version", state.version + 1}, {"text", "заметка"}})
                .status,
            409);
  // Nor can another office take it for itself.
  EXPECT_EQ(call("south_manager", "POST", "/api/v1/cases/north-case/transfer",
                 {{"expected_version", state.version}, {"office", "south"}, {"reason", "мой"}})
                .status,
            404);

  // The office hands it over: not to an office nobody works at, and never without a reason.
  HttpResponse nowhere =
      call("north_operator", "POST", "/api/v1/cases/north-case/transfer",
           {{"expected_version", state.version}, {"office", "west"}, {"reason", "переезд"}});
  EXPECT_EQ(nowhere.status, 400) << nowhere.body;
  EXPECT_EQ(call("north_operator", "POST", "/api/v1/cases/north-case/transfer",
                 {{"expected_version", state.version}, {"office", "south"}})
                .status,
            400);
  HttpResponse moved = call("north_operator", "POST", "/api/v1/cases/north-case/transfer",
                            {{"expected_version", state.version},
                             {"office", "south"},
                             {"reason", "гражданка переехала в другой район"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  json answer = json::parse(moved.body);
  EXPECT_EQ(answer["office"], "south");
  // The office that handed it over is told where it went, and no more.
  for (const char* kept : {"situation", "people", "notes", "plan", "timeline"}) {
    EXPECT_FALSE(answer.contains(kept)) << kept;
  }

  EXPECT_EQ(call("north_operator", "GET", "/api/v1/cases/north-case").status, 404);
  EXPECT_FALSE(lists("north_operator", "/api/v1/cases"));
  EXPECT_EQ(call("south_manager", "GET", "/api/v1/cases/north-case").status, 200);
  EXPECT_TRUE(lists("south_operator", "/api/v1/cases"));
  EXPECT_TRUE(lists("south_manager", "/api/v1/cases/search?person=Северова"));
  EXPECT_TRUE(lists("south_manager", "/api/v1/queues/" + state.queue));
  EXPECT_FALSE(lists("north_operator", "/api/v1/queues/" + state.queue));

  // Audited: the transfer with who, from where and why; the refusals with the address.
  bool transfer = false;
  bool refused = false;
  std::vector<audit::AuditRecord> records = audit_->Records().value();
  for (const audit::AuditRecord& record : records) {
    const store::AuditEntry& entry = record.entry;
    if (entry.target != "north-case") continue;
    if (entry.action == "case.transfer" && entry.actor == "north_operator") {
      transfer = entry.client == "10.0.0.7" &&
                 entry.reason.find("гражданка переехала") != std::string::npos &&
                 entry.reason.find("north") != std::string::npos;
    }
    refused |= entry.action == "access.denied" && entry.actor == "south_operator" &&
               entry.client == "10.0.0.7";
  }
  EXPECT_TRUE(transfer);
  EXPECT_TRUE(refused);
}

// What lists show another agency's worker and another citizen: nothing of this case.
TEST_F(AuthorizationTest, ListsShowNothingOfOthersCases) {
  OpenCase("listed", true);
  for (const std::string& name : {std::string("agency_other"), std::string("citizen_other")}) {
    HttpRequest request;
    request.method = "GET";
    request.path = "/api/v1/cases";
    request.headers["authorization"] = "Bearer " + (*tokens_)[name];
    HttpResponse response = router_->Dispatch(request);
    ASSERT_EQ(response.status, 200);
    json page = json::parse(response.body);
    for (const json& entry : page["cases"]) {
      EXPECT_NE(entry["id"], "listed") << name;
    }
  }
  HttpRequest request;
  request.method = "GET";
  request.path = "/api/v1/cases";
  request.headers["authorization"] = "Bearer " + (*tokens_)["citizen_own"];
  json listed = json::parse(router_->Dispatch(request).body);
  bool found = false;
  for (const json& entry : listed["cases"]) found |= entry["id"] == "listed";
  EXPECT_TRUE(found);
}

// Text between `open` and `close` at each place in `html`, with the памятка's escapes undone.
std::vector<std::string> Between(const std::string& html, const std::string& open,
                                 const std::string& close) {
  std::vector<std::string> found;
  for (size_t at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
    size_t begin = at + open.size();
    size_t end = html.find(close, begin);
    if (end == std::string::npos) break;
    std::string text = html.substr(begin, end - begin);
    for (const auto& [escaped, plain] : std::vector<std::pair<std::string, std::string>>{
             {"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}}) {
      for (size_t i = text.find(escaped); i != std::string::npos; i = text.find(escaped, i)) {
        text.replace(i, escaped.size(), plain);
      }
    }
    found.push_back(text);
  }
  return found;
}

// The памятка shows each role what its JSON view shows, no more: the review's reproduction
// (finding 1) printed a spouse's release from prison, addiction and disability, and her name,
// to the citizen the JSON view hid them from.
TEST_F(AuthorizationTest, TheMemoShowsNoMoreThanTheJsonView) {
  cases::Opening opening;
  opening.situation = {{"as_of", "2026-11-20"},
                       {"region", "RU-SPE"},
                       {"household",
                        {{"housing", "own"},
                         {"members",
                          {{{"id", "ivan"},
                            {"role", "applicant"},
                            {"birth_date", "1985-03-01"},
                            {"citizenship", "RU"}},
                           {{"id", "olga"},
                            {"role", "spouse"},
                            {"birth_date", "1987-05-02"},
                            {"citizenship", "RU"},
                            {"disability_group", "2"},
                            {"health", {"addiction"}},
                            {"released_from_prison", true}}}}}}};
  opening.consent = {"предоставление государственных услуг", "2026-11-20"};
  opening.people = {{"ivan", {{"full_name", "Петров Иван Андреевич"}}},
                    {"olga", {{"full_name", "Петрова Ольга Сергеевна"}}}};
  opening.confidential = {"members.olga.disability_group", "members.olga.health",
                          "members.olga.released_from_prison"};
  Result<cases::CaseState> opened = cases_->Open("memo-case", opening, {"operator", ""});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  cases::CaseState state = *opened;
  ASSERT_TRUE(
      cases_->LinkCitizen("memo-case", state.version, "ivan", "citizen_own", {"operator", ""})
          .ok());

  auto get = [&](const std::string& path, const std::string& actor) {
    HttpRequest request;
    request.method = "GET";
    request.path = path;
    request.headers["authorization"] = "Bearer " + (*tokens_)[actor];
    return router_->Dispatch(request);
  };
  std::map<std::string, std::vector<std::string>> shown;
  for (const std::string actor : {"operator", "case_manager", "citizen_own"}) {
    HttpResponse view = get("/api/v1/cases/memo-case", actor);
    HttpResponse memo = get("/api/v1/cases/memo-case/memo", actor);
    ASSERT_EQ(view.status, 200) << actor << ": " << view.body;
    ASSERT_EQ(memo.status, 200) << actor << ": " << memo.body;
    json seen = json::parse(view.body);
    std::set<std::string> eligible;  // the titles of the services the JSON view shows eligible
    for (const json& service : seen["plan"]["services"]) {
      if (service["status"] != "eligible") continue;
      eligible.insert(catalog_->FindService(service["id"].get<std::string>())->title.ru);
    }
    for (const std::string& title : Between(memo.body, "<li><b>", "</b>")) {
      EXPECT_TRUE(eligible.contains(title))
          << actor << " is shown «" << title << "» in the памятка but not in the JSON view";
      shown[actor].push_back(title);
    }
    for (const std::string name : {"Петров Иван Андреевич", "Петрова Ольга Сергеевна"}) {
      bool named = false;
      for (const auto& [member, data] : seen["people"].items()) {
        named |= data.value("full_name", "") == name;
      }
      if (!named) {
        EXPECT_EQ(memo.body.find(name), std::string::npos) << actor << " is shown " << name;
      }
    }
    for (const std::string& text : {std::string("освобожден"), std::string("зависимост")}) {
      if (actor == "citizen_own") {
        EXPECT_EQ(memo.body.find(text), std::string::npos) << actor << " reads " << text;
      }
    }
  }
  // The front office's памятка is the whole plan: the spouse's services among them.
  EXPECT_THAT(get("/api/v1/cases/memo-case/memo", "operator").body,
              ::testing::HasSubstr("Петрова Ольга Сергеевна"));
  EXPECT_GT(shown["operator"].size(), shown["citizen_own"].size());
}

// The review's finding 20: /metrics needed no login and showed who failed to log in where.
TEST_F(AuthorizationTest, MetricsAreForTheScraperWithTheToken) {
  HttpRequest request;
  request.method = "GET";
  request.path = "/metrics";
  EXPECT_EQ(router_->Dispatch(request).status, 401);
  request.headers["authorization"] = "Bearer " + (*tokens_)["admin"];
  EXPECT_EQ(router_->Dispatch(request).status, 401);
  request.headers["authorization"] = "Bearer " + auth::DemoKeys().metrics_token;
  HttpResponse metrics = router_->Dispatch(request);
  EXPECT_EQ(metrics.status, 200);
  EXPECT_THAT(metrics.body, ::testing::HasSubstr("okno_cases_open"));
}

}  // namespace
}  // namespace okno::server
