// okno serve as an operator starts it: a real process on a free port, spoken to over TCP with
// plain HTTP/1.1, stopped with SIGTERM.

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "common/data_file.h"
#include "support/run_okno.h"
#include "support/serve_fixture.h"

namespace okno {
namespace {

using ::testing::HasSubstr;

TEST_F(ServeTest, HealthAndThePlanOfTheCommandLine) {
  Connection connection(port_);
  ASSERT_TRUE(connection.connected());
  Response health = connection.Send("GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(nlohmann::json::parse(health.body)["status"], "ok");
  Response openapi = connection.Send("GET", "/api/v1/openapi.json");
  EXPECT_EQ(openapi.status, 200);
  EXPECT_TRUE(nlohmann::json::parse(openapi.body)["paths"].contains("/api/v1/cases/{id}"));

  // The same plan as `okno plan --json`, over one keep-alive connection, in both languages.
  for (const char* language : {"ru", "en"}) {
    Response plan = connection.Send("POST", std::string("/api/v1/plan?lang=") + language,
                                    ExampleJson("homeless_mother_spb.yaml"),
                                    "Content-Type: application/json\r\n");
    ASSERT_EQ(plan.status, 200) << plan.body;
    testing::Outcome cli = testing::RunOkno(std::string("plan ") + OKNO_EXAMPLES_DIR +
                                            "/homeless_mother_spb.yaml --json --lang " + language +
                                            " --catalog " + OKNO_CATALOG_DIR);
    ASSERT_EQ(cli.exit_code, 0);
    EXPECT_EQ(nlohmann::json::parse(plan.body), nlohmann::json::parse(cli.output)) << language;
  }
}

TEST_F(ServeTest, BadRequestsGetProblemsThatNameTheField) {
  Connection connection(port_);
  Response invalid = connection.Send(
      "POST", "/api/v1/plan",
      R"({"as_of": "2026-02-30", "region": "RU-SPE", "household": {"housing": "palace",
          "members": [{"id": "a", "role": "applicant", "monthly_income": -5}]}})");
  EXPECT_EQ(invalid.status, 400);
  EXPECT_THAT(invalid.head, HasSubstr("application/problem+json"));
  nlohmann::json problem = nlohmann::json::parse(invalid.body);
  EXPECT_EQ(problem["title"], "invalid_request");
  std::vector<std::string> paths;
  for (const nlohmann::json& error : problem["errors"]) paths.push_back(error["path"]);
  EXPECT_THAT(paths, ::testing::UnorderedElementsAre("as_of", "household.housing",
                                                     "household.members[0].monthly_income"));

  Response broken = connection.Send("POST", "/api/v1/plan", R"({"region": )");
  EXPECT_EQ(broken.status, 400);
  EXPECT_THAT(nlohmann::json::parse(broken.body)["detail"].get<std::string>(),
              HasSubstr("not valid JSON"));
  Response deep = connection.Send("POST", "/api/v1/plan",
                                  std::string(5000, '[') + "1" + std::string(5000, ']'));
  EXPECT_EQ(deep.status, 400);
  Response language = connection.Send("POST", "/api/v1/plan?lang=fr", "{}");
  EXPECT_EQ(language.status, 400);
  EXPECT_EQ(nlohmann::json::parse(language.body)["errors"][0]["path"], "lang");

  EXPECT_EQ(connection.Send("GET", "/api/v1/plan").status, 405);
  EXPECT_EQ(connection.Send("GET", "/api/v1/nothing").status, 404);
  // After all that, the same connection still serves.
  EXPECT_EQ(connection.Send("GET", "/healthz").status, 200);
}

// A body with several faults is answered with every one of them, each naming its field.
TEST_F(ServeTest, EveryFaultOfABodyIsNamed) {
  Connection connection(port_);
  std::string token = LogIn(connection, "operator");
  Response opened = connection.Send(
      "POST", "/api/v1/cases",
      R"({"situation": {"region": "RU-SPE"}, "consent": {"purpose": 5}, "colour": "red"})",
      Bearer(token, "faults-1"));
  EXPECT_EQ(opened.status, 400);
  nlohmann::json problem = nlohmann::json::parse(opened.body);
  std::vector<std::string> paths;
  for (const nlohmann::json& error : problem["errors"]) paths.push_back(error["path"]);
  EXPECT_THAT(paths, ::testing::IsSupersetOf({"colour", "consent.purpose", "consent.given_on"}))
      << opened.body;
}

TEST_F(ServeTest, LimitsCloseTheConnectionWithAnAnswer) {
  {
    Connection connection(port_);
    Response large = connection.Send("POST", "/api/v1/plan", std::string(2 * 1024 * 1024, ' '));
    EXPECT_EQ(large.status, 413);
  }
  {
    Connection connection(port_);
    Response headers = connection.Send("GET", "/healthz", "",
                                       "X-Padding: " + std::string(64 * 1024, 'a') + "\r\n");
    EXPECT_EQ(headers.status, 431);
  }
  {
    Connection connection(port_);
    connection.SendRaw("THIS IS NOT HTTP\r\n\r\n");
    EXPECT_EQ(connection.Receive().status, 400);
  }
  // The server is still up.
  Connection after(port_);
  EXPECT_EQ(after.Send("GET", "/healthz").status, 200);
}

TEST_F(ServeTest, TheWebAppPageSaysHowToBuildIt) {
  Connection connection(port_);
  Response page = connection.Send("GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.head, HasSubstr("text/html"));
  EXPECT_THAT(page.body, HasSubstr("make run"));
}

TEST_F(ServeTest, TheHomelessMothersCaseFromSituationToTasks) {
  EXPECT_THAT(start_output_, HasSubstr("operator / demo-operator-2026"));
  Connection connection(port_);
  nlohmann::json open = {
      {"situation", nlohmann::json::parse(ExampleJson("homeless_mother_spb.yaml"))},
      {"consent",
       {{"purpose", "предоставление государственных услуг"}, {"given_on", "2026-11-26"}}}};
  EXPECT_EQ(connection.Send("POST", "/api/v1/cases", open.dump()).status, 401);
  Response wrong = connection.Send("POST", "/api/v1/sessions",
                                   R"({"login": "operator", "password": "not it at all"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(
      connection.Send("POST", "/api/v1/cases", open.dump(), Bearer(LogIn(connection, "citizen")))
          .status,
      403);

  std::string operator_token = LogIn(connection, "operator");
  Response opened =
      connection.Send("POST", "/api/v1/cases", open.dump(), Bearer(operator_token, "open-1"));
  ASSERT_EQ(opened.status, 201) << opened.body;
  nlohmann::json state = nlohmann::json::parse(opened.body);
  std::string id = state["id"];
  EXPECT_EQ(state["version"], 3);
  EXPECT_EQ(state["queue"], "multi_agency_team");
  // A retry with the same key: the same case, nothing opened twice.
  Response retry =
      connection.Send("POST", "/api/v1/cases", open.dump(), Bearer(operator_token, "open-1"));
  EXPECT_EQ(nlohmann::json::parse(retry.body)["id"], id);
  nlohmann::json without_consent = open;
  without_consent.erase("consent");
  Response refused =
      connection.Send("POST", "/api/v1/cases", without_consent.dump(), Bearer(operator_token));
  EXPECT_EQ(refused.status, 422);
  EXPECT_THAT(refused.body, HasSubstr("152-FZ"));

  Response submitted = connection.Send("POST", "/api/v1/cases/" + id + "/complex-request",
                                       R"({"expected_version": 3})", Bearer(operator_token));
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  state = nlohmann::json::parse(submitted.body);
  std::set<std::string> agencies;
  for (const nlohmann::json& task : state["tasks"]) agencies.insert(task["agency"]);
  EXPECT_GE(agencies.size(), 3u);
  ASSERT_TRUE(agencies.contains("sfr"));
  ASSERT_TRUE(agencies.contains("kcson"));
  // A change made against version 3 now: a conflict.
  Response stale = connection.Send(
      "POST", "/api/v1/cases/" + id + "/facts",
      R"({"expected_version": 3, "changes": [{"path": "household.housing", "value": "shelter",
          "kind": "succession", "effective_from": "2026-11-27"}]})",
      Bearer(operator_token));
  EXPECT_EQ(stale.status, 409);

  std::string sfr = LogIn(connection, "sfr");
  EXPECT_EQ(connection.Send("GET", "/api/v1/cases/" + id, "", Bearer(sfr)).status, 200);
  EXPECT_EQ(connection.Send("GET", "/api/v1/cases/demo-elderly-care", "", Bearer(sfr)).status,
            404);  // no task of its agency there
  int64_t version = state["version"];
  std::string decision =
      nlohmann::json({{"expected_version", version}, {"decision", "approved"}}).dump();
  EXPECT_EQ(
      connection
          .Send("POST", "/api/v1/cases/" + id + "/tasks/kcson/decision", decision, Bearer(sfr))
          .status,
      404);
  Response decided =
      connection.Send("POST", "/api/v1/cases/" + id + "/tasks/sfr/decision", decision, Bearer(sfr));
  ASSERT_EQ(decided.status, 200) << decided.body;
  nlohmann::json after_decision = nlohmann::json::parse(decided.body);
  for (const nlohmann::json& task : after_decision["tasks"]) {
    if (task["agency"] == "sfr") {
      EXPECT_EQ(task["state"], "approved");
    }
  }
  EXPECT_EQ(connection.Send("GET", "/api/v1/cases/" + id).status, 401);

  // Every write and read above is in the audit log, its chain whole.
  ASSERT_EQ(Stop(), 0);
  testing::Outcome verified = testing::RunOkno("audit verify --data " + data_);
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_THAT(verified.output, HasSubstr("intact"));
  // What was done, in order: the open without a login, each login and failed login, each refusal (a
  // role that may not, another agency's case and task, no session), the open (its retry changed and
  // showed nothing new), the complex request, the agency's read and its decision; requests refused
  // for bad input or a stale version wrote nothing.
  testing::Outcome listed = testing::RunOkno("audit list --data " + data_);
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  std::vector<std::string> actions;
  std::istringstream lines(listed.output);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> columns;
    std::istringstream fields(line);
    for (std::string field; std::getline(fields, field, '\t');) columns.push_back(field);
    ASSERT_GE(columns.size(), 6u) << line;
    actions.push_back(columns[3]);
    EXPECT_EQ(columns[5], "127.0.0.1") << line;  // every record says where from
  }
  EXPECT_THAT(actions, ::testing::ElementsAre("access.unauthenticated", "session.login_failed",
                                              "session.login", "access.forbidden", "session.login",
                                              "case.open", "case.complex_request", "session.login",
                                              "case.read", "access.denied", "access.denied",
                                              "task.decide", "access.unauthenticated"));
}

// The demo as its users meet it: the citizen sees her own case, the operator finds it by
// СНИЛС, the case manager has the elderly-care case in her queue; a second start on the same
// data changes nothing.
TEST_F(ServeTest, TheDemoIsReadyAndASecondStartChangesNothing) {
  Connection connection(port_);
  std::string citizen = LogIn(connection, "citizen");
  Response listed = connection.Send("GET", "/api/v1/cases", "", Bearer(citizen));
  ASSERT_EQ(listed.status, 200) << listed.body;
  nlohmann::json cases = nlohmann::json::parse(listed.body)["cases"];
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0]["id"], "demo-homeless-mother");
  Response own = connection.Send("GET", "/api/v1/cases/demo-homeless-mother", "", Bearer(citizen));
  ASSERT_EQ(own.status, 200);
  nlohmann::json people = nlohmann::json::parse(own.body)["people"];
  EXPECT_TRUE(people.contains("anna"));
  EXPECT_FALSE(people.contains("misha"));
  EXPECT_EQ(connection.Send("GET", "/api/v1/cases/demo-elderly-care", "", Bearer(citizen)).status,
            404);
  // Her памятка, printed with her name; no other member's, as her JSON view above shows them.
  Response memo =
      connection.Send("GET", "/api/v1/cases/demo-homeless-mother/memo", "", Bearer(citizen));
  ASSERT_EQ(memo.status, 200);
  EXPECT_THAT(memo.head, HasSubstr("text/html"));
  EXPECT_THAT(memo.body, HasSubstr("Для: <b>Смирнова Анна Сергеевна</b>"));
  EXPECT_THAT(memo.body, ::testing::Not(HasSubstr("Смирнов Михаил")));

  std::string operator_token = LogIn(connection, "operator");
  Response found = connection.Send("GET", "/api/v1/cases/search?person=112-233-445%2095", "",
                                   Bearer(operator_token));
  ASSERT_EQ(found.status, 200) << found.body;
  ASSERT_EQ(nlohmann::json::parse(found.body)["cases"].size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(found.body)["cases"][0]["id"], "demo-homeless-mother");

  std::string manager = LogIn(connection, "manager");
  Response queue = connection.Send("GET", "/api/v1/queues/mine", "", Bearer(manager));
  ASSERT_EQ(queue.status, 200);
  nlohmann::json mine = nlohmann::json::parse(queue.body)["cases"];
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["id"], "demo-elderly-care");
  EXPECT_NE(mine[0]["sla"], "none");

  auto versions = [&](Connection& to) {
    std::map<std::string, int64_t> seen;
    std::string token = LogIn(to, "operator");
    Response all = to.Send("GET", "/api/v1/cases", "", Bearer(token));
    EXPECT_EQ(all.status, 200) << all.body;
    nlohmann::json page = nlohmann::json::parse(all.body);
    for (const nlohmann::json& entry : page["cases"]) {
      seen[entry["id"].get<std::string>()] = entry["version"].get<int64_t>();
    }
    return seen;
  };
  std::map<std::string, int64_t> before = versions(connection);
  EXPECT_EQ(before.size(), 2u);
  ASSERT_EQ(Stop(), 0);
  Start();
  Connection again(port_);
  EXPECT_EQ(versions(again), before);
}

// SIGHUP: a catalog with an error is refused and the old one keeps serving; a good one takes
// effect, and /healthz names its version.
TEST_F(ServeTest, SighupTakesANewCatalogOnlyWhenItPassesTheChecks) {
  namespace fs = std::filesystem;
  std::string copy = data_ + "_catalog";
  fs::remove_all(copy);
  fs::copy(OKNO_CATALOG_DIR, copy, fs::copy_options::recursive);
  ASSERT_EQ(Stop(), 0);
  catalog_ = copy;
  Start();
  auto version = [&] {
    Connection connection(port_);
    return nlohmann::json::parse(connection.Send("GET", "/healthz").body)["catalog_version"]
        .get<std::string>();
  };
  std::string first = version();

  std::string needs = ReadDataFile(copy + "/catalog.yaml").ok() ? copy + "/catalog.yaml" : "";
  ASSERT_FALSE(needs.empty());
  std::ofstream(copy + "/catalog.yaml", std::ios::app) << "\nno_such_setting: 1\n";
  ::kill(pid_, SIGHUP);
  EXPECT_THAT(ReadUntil("reloaded"), HasSubstr("NOT reloaded"));
  EXPECT_EQ(version(), first);

  // Put it right, and change something real: a comment line changes the catalog's version.
  std::string text = ReadFileText(copy + "/catalog.yaml");
  text = text.substr(0, text.rfind("no_such_setting")) + "# a methodologist's note\n";
  std::ofstream(copy + "/catalog.yaml", std::ios::trunc) << text;
  ::kill(pid_, SIGHUP);
  EXPECT_THAT(ReadUntil("reloaded"), HasSubstr("(catalog reloaded)"));
  EXPECT_NE(version(), first);
  Connection connection(port_);
  EXPECT_EQ(connection
                .Send("POST", "/api/v1/plan", ExampleJson("homeless_mother_spb.yaml"),
                      "Content-Type: application/json\r\n")
                .status,
            200);
  fs::remove_all(copy);
}

// Nothing acknowledged is lost (DESIGN.md §6): clients add notes to their cases as fast as they
// can while the server is killed with SIGKILL and started again, three times. Afterwards every
// note whose POST got a 2xx is in its case, in the order acknowledged, none twice (a retry after
// a kill carries the same Idempotency-Key), and the audit chain is whole.
TEST_F(ServeTest, NothingAcknowledgedIsLostAcrossKill9) {
  constexpr int kClients = 3;
  constexpr int kKills = 3;
  std::atomic<int> port{port_};
  std::atomic<bool> done{false};
  std::atomic<int> acknowledged_total{0};
  std::atomic<int> interrupted{0};  // requests a kill left unanswered
  std::vector<std::string> case_ids(kClients);
  std::vector<std::vector<std::string>> acknowledged(kClients);
  {
    Connection connection(port_);
    std::string token = LogIn(connection, "operator");
    for (int i = 0; i < kClients; ++i) {
      nlohmann::json body = {
          {"situation", nlohmann::json::parse(ExampleJson("retiree_passport_moscow.yaml"))},
          {"consent", {{"purpose", "услуги"}, {"given_on", "2026-11-26"}}}};
      Response opened = connection.Send("POST", "/api/v1/cases", body.dump(), Bearer(token));
      ASSERT_EQ(opened.status, 201) << opened.body;
      case_ids[i] = nlohmann::json::parse(opened.body)["id"];
    }
  }
  auto client = [&](int index) {
    std::string token;
    int64_t version = 0;
    int next = 0;
    bool pending = false;  // a note sent whose answer did not come: retried with its key
    int64_t pending_version = 0;
    while (!done) {
      Connection connection(port.load());
      if (!connection.connected()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      if (token.empty()) {  // a session outlives a restart: it is in the data file
        Response session =
            connection.Send("POST", "/api/v1/sessions",
                            R"({"login": "operator", "password": "demo-operator-2026"})");
        if (session.status != 201) continue;  // the server went away meanwhile
        token = nlohmann::json::parse(session.body)["token"];
      }
      Response state =
          connection.Send("GET", "/api/v1/cases/" + case_ids[index], "", Bearer(token));
      if (state.status != 200) continue;  // the server went away again
      version = nlohmann::json::parse(state.body)["version"];
      while (!done) {
        std::string text = "client-" + std::to_string(index) + "-note-" + std::to_string(next);
        int64_t against = pending ? pending_version : version;
        nlohmann::json note = {{"expected_version", against}, {"text", text}};
        Response answer = connection.Send("POST", "/api/v1/cases/" + case_ids[index] + "/notes",
                                          note.dump(), Bearer(token, text));
        if (answer.status == 0) {  // killed before answering: unknown, retried
          ++interrupted;
          pending = true;
          pending_version = against;
          break;
        }
        if (answer.status != 200) {
          ADD_FAILURE() << text << ": " << answer.status << " " << answer.body;
          done = true;
          return;
        }
        acknowledged[index].push_back(text);
        ++acknowledged_total;
        version = nlohmann::json::parse(answer.body)["version"];
        pending = false;
        ++next;
      }
    }
  };
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) clients.emplace_back(client, i);
  for (int kill = 0; kill < kKills; ++kill) {
    int before = acknowledged_total;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    // Let the clients get some notes in first.
    while (acknowledged_total < before + 30 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    Kill();
    Start();
    port = port_;
  }
  int before = acknowledged_total;
  while (acknowledged_total < before + 30)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  done = true;
  for (std::thread& thread : clients) thread.join();

  Connection connection(port_);
  std::string token = LogIn(connection, "operator");
  for (int i = 0; i < kClients; ++i) {
    Response state = connection.Send("GET", "/api/v1/cases/" + case_ids[i], "", Bearer(token));
    ASSERT_EQ(state.status, 200);
    nlohmann::json parsed = nlohmann::json::parse(state.body);
    std::vector<std::string> stored;
    for (const nlohmann::json& note : parsed["notes"]) stored.push_back(note["text"]);
    std::set<std::string> unique(stored.begin(), stored.end());
    EXPECT_EQ(unique.size(), stored.size()) << "a note written twice in case " << i;
    // Every acknowledged note, in order; a note the kill interrupted may follow them.
    ASSERT_GE(stored.size(), acknowledged[i].size());
    EXPECT_EQ(std::vector<std::string>(stored.begin(), stored.begin() + acknowledged[i].size()),
              acknowledged[i]);
    EXPECT_LE(stored.size(), acknowledged[i].size() + 1);
  }
  ASSERT_EQ(Stop(), 0);
  testing::Outcome verified = testing::RunOkno("audit verify --data " + data_);
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  std::cout << "acknowledged notes: " << acknowledged_total << " across " << kKills << " kills, "
            << interrupted << " requests cut off by a kill and retried\n";
}

// okno backup while serving; okno restore into another folder gives the cases as they were
// at the backup, the audit chain whole; restore does not overwrite without --force.
TEST_F(ServeTest, ABackupTakenWhileServingRestores) {
  Connection connection(port_);
  std::string token = LogIn(connection, "operator");
  auto open = [&]() {
    nlohmann::json body = {
        {"situation", nlohmann::json::parse(ExampleJson("homeless_mother_spb.yaml"))},
        {"consent", {{"purpose", "услуги"}, {"given_on", "2026-11-26"}}}};
    Response opened = connection.Send("POST", "/api/v1/cases", body.dump(), Bearer(token));
    EXPECT_EQ(opened.status, 201) << opened.body;
    return nlohmann::json::parse(opened.body)["id"].get<std::string>();
  };
  std::string before = open();
  std::string backup = data_ + "_backup.db";
  std::filesystem::remove(backup);
  testing::Outcome copied = testing::RunOkno("backup " + backup + " --data " + data_);
  ASSERT_EQ(copied.exit_code, 0) << copied.output;
  EXPECT_EQ(testing::RunOkno("backup " + backup + " --data " + data_).exit_code, 2)
      << "a backup does not overwrite";
  std::string after = open();
  ASSERT_EQ(Stop(), 0);

  std::string restored = data_ + "_restored";
  std::filesystem::remove_all(restored);
  testing::Outcome put = testing::RunOkno("restore " + backup + " --data " + restored);
  ASSERT_EQ(put.exit_code, 0) << put.output;
  EXPECT_EQ(testing::RunOkno("restore " + backup + " --data " + restored).exit_code, 2);
  testing::Outcome forced =
      testing::RunOkno("restore " + backup + " --data " + restored + " --force");
  EXPECT_EQ(forced.exit_code, 0) << forced.output;
  EXPECT_THAT(forced.output, HasSubstr("before-restore"));
  testing::Outcome verified = testing::RunOkno("audit verify --data " + restored);
  EXPECT_EQ(verified.exit_code, 0) << verified.output;

  std::string original = data_;
  data_ = restored;
  Start();
  Connection again(port_);
  std::string reader = LogIn(again, "operator");
  EXPECT_EQ(again.Send("GET", "/api/v1/cases/" + before, "", Bearer(reader)).status, 200);
  EXPECT_EQ(again.Send("GET", "/api/v1/cases/" + after, "", Bearer(reader)).status, 404);
  ASSERT_EQ(Stop(), 0);
  std::filesystem::remove_all(original);
  std::filesystem::remove(backup);
}

// Settings from a file; the flag wins over it.
TEST(ServeConfigTest, AFileGivesSettingsAndAFlagWins) {
  std::string directory = ::testing::TempDir() + "okno_serve_config_" + std::to_string(::getpid());
  std::filesystem::remove_all(directory);
  std::filesystem::create_directories(directory);
  std::ofstream(directory + "/okno.yaml")
      << "listen: 127.0.0.1:notaport\ndata: " << directory << "/data\n";
  testing::Outcome bad = testing::RunOkno("serve --config " + directory + "/okno.yaml --catalog " +
                                          std::string(OKNO_CATALOG_DIR));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.output, HasSubstr("--listen '127.0.0.1:notaport'"));
  std::ofstream(directory + "/okno.yaml", std::ios::trunc) << "listen: 127.0.0.1:0\nthreds: 2\n";
  testing::Outcome unknown = testing::RunOkno("serve --config " + directory + "/okno.yaml");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.output, HasSubstr("threds: unknown setting"));
  // The file's data folder has no administrator: the refusal names it, so the file was read.
  std::ofstream(directory + "/okno.yaml", std::ios::trunc)
      << "listen: 127.0.0.1:0\ndata: " << directory << "/from-file\n";
  testing::Outcome refused =
      testing::RunOkno("serve --config " + directory + "/okno.yaml --catalog " + OKNO_CATALOG_DIR);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.output, HasSubstr(directory + "/from-file"));
  testing::Outcome flag = testing::RunOkno("serve --config " + directory + "/okno.yaml --data " +
                                           directory + "/from-flag --catalog " + OKNO_CATALOG_DIR);
  EXPECT_THAT(flag.output, HasSubstr(directory + "/from-flag"));
  std::filesystem::remove_all(directory);
}

// A real server does not start on data without an administrator.
TEST(ServeWithoutAdminTest, RefusesUntilTheFirstAdminExists) {
  std::string data = ::testing::TempDir() + "okno_serve_no_admin_" + std::to_string(::getpid());
  std::filesystem::remove_all(data);
  testing::Outcome outcome = testing::RunOkno("serve --listen 127.0.0.1:0 --catalog " +
                                              std::string(OKNO_CATALOG_DIR) + " --data " + data);
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.output, HasSubstr("okno user add admin --role admin --data " + data));
  std::filesystem::remove_all(data);
}

// SIGTERM: an idle keep-alive connection is closed, the process says so and exits 0.
TEST_F(ServeTest, SigtermStopsGracefully) {
  Connection idle(port_);
  ASSERT_EQ(idle.Send("GET", "/healthz").status, 200);
  auto started = std::chrono::steady_clock::now();
  std::string printed;
  EXPECT_EQ(Stop(&printed), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15));
  EXPECT_THAT(printed, HasSubstr("SIGTERM"));
  EXPECT_THAT(printed, HasSubstr("stopped"));
  EXPECT_TRUE(idle.ClosedByServer());
}

}  // namespace
}  // namespace okno
