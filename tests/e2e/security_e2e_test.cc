// The security review's reproductions (../shared/security/review-2026-12.md), run again as the
// review ran them: against okno serve --demo over plain TCP. Each test names its finding; each
// must fail to reproduce.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/run_okno.h"
#include "support/serve_fixture.h"

namespace okno {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// Finding 11: `Transfer-Encoding: gzip` (or identity, xchunked, "chunked, identity") was read as
// an empty body and the bytes after it served as a second request: a request-desync primitive.
TEST_F(ServeTest, ANonChunkedTransferEncodingIsRefusedAndTheConnectionClosed) {
  for (const char* coding : {"xchunked", "chunked, identity", "identity", "gzip"}) {
    Connection connection(port_);
    connection.SendRaw(std::string("POST /api/v1/plan HTTP/1.1\r\nHost: localhost\r\n") +
                       "Content-Type: application/json\r\nTransfer-Encoding: " + coding +
                       "\r\n\r\nGET /api/v1/catalog/regions?smuggled=1 HTTP/1.1\r\n"
                       "Host: localhost\r\n\r\n");
    Response first = connection.Receive();
    EXPECT_EQ(first.status, 400) << coding;
    EXPECT_THAT(first.body, HasSubstr("Transfer-Encoding")) << coding;
    Response second = connection.Receive();
    EXPECT_EQ(second.status, 0) << coding << ": the smuggled request was answered";
  }
  Connection after(port_);
  EXPECT_EQ(after.Send("GET", "/healthz").status, 200);
}

// Finding 17: two Authorization headers, bad then good, gave 200 (the last one won).
TEST_F(ServeTest, RepeatedHeadersAndKeysAreRefused) {
  Connection connection(port_);
  std::string token = LogIn(connection, "operator");
  Connection twice(port_);
  Response response =
      twice.Send("GET", "/api/v1/cases", "", "Authorization: Bearer wrong\r\n" + Bearer(token));
  EXPECT_EQ(response.status, 400);

  Connection keys(port_);
  Response login = keys.Send(
      "POST", "/api/v1/sessions",
      R"({"login":"admin","login":"analyst","password":"demo-admin-2026","password":"demo-analyst-2026"})");
  EXPECT_EQ(login.status, 400) << login.body;
  EXPECT_THAT(login.body, HasSubstr("login"));
}

// Findings 15, 22, 23: an overflowing number was a 500; text/plain was taken as JSON; a NUL in
// a static path served index.html as image/png.
TEST_F(ServeTest, BadBytesGetA4xxNeverA500) {
  Connection connection(port_);
  json situation = json::parse(ExampleJson("homeless_mother_spb.yaml"));
  std::string body = situation.dump();
  body.replace(body.find("\"members\""), 9, "\"monthly_income\":1e400,\"members\"");
  Response overflow = connection.Send("POST", "/api/v1/plan", body);
  EXPECT_EQ(overflow.status, 400) << overflow.body;

  Response plain = connection.Send("POST", "/api/v1/sessions",
                                   R"({"login":"operator","password":"demo-operator-2026"})",
                                   "Content-Type: text/plain\r\n");
  EXPECT_EQ(plain.status, 415) << plain.body;

  Response nul = connection.Send("GET", "/index.html%00.png");
  EXPECT_EQ(nul.status, 400);
  EXPECT_THAT(nul.head, ::testing::Not(HasSubstr("image/png")));
  EXPECT_EQ(connection.Send("GET", "/healthz").status, 200);

  std::string token = LogIn(connection, "operator");
  Response typed = connection.Send(
      "POST", "/api/v1/cases/demo-elderly-care/facts",
      R"({"expected_version":1,"changes":[{"path":"household.housing","value":"own","kind":"correction","confidential":"yes"}]})",
      Bearer(token));
  EXPECT_EQ(typed.status, 400) << typed.body;
  Response version = connection.Send("POST", "/api/v1/cases/demo-elderly-care/facts",
                                     R"({"expected_version":1e400,"changes":[]})", Bearer(token));
  EXPECT_EQ(version.status, 400) << version.body;
}

// Finding 12: no security header on any response; personal data cacheable.
TEST_F(ServeTest, EveryResponseCarriesTheSecurityHeaders) {
  Connection connection(port_);
  std::string token = LogIn(connection, "operator");
  for (const std::string& path : {std::string("/"), std::string("/api/v1/catalog/regions"),
                                  std::string("/api/v1/cases/demo-homeless-mother/memo")}) {
    Response response = connection.Send("GET", path, "", Bearer(token));
    EXPECT_EQ(response.status, 200) << path;
    EXPECT_THAT(response.head, HasSubstr("Content-Security-Policy: default-src 'self'")) << path;
    EXPECT_THAT(response.head, HasSubstr("X-Content-Type-Options: nosniff")) << path;
    EXPECT_THAT(response.head, HasSubstr("Referrer-Policy: no-referrer")) << path;
    EXPECT_EQ(response.head.find("Cache-Control: no-store") != std::string::npos,
              path.starts_with("/api/v1/cases"))
        << path;
  }
}

// The server behind a (pretend) reverse proxy on loopback, so that a test can speak as several
// client addresses through X-Forwarded-For; a login locks after 4 failures from one address.
class ProxiedServeTest : public ServeTest {
 protected:
  ProxiedServeTest() { extra_args_ = {"--trusted-proxy", "127.0.0.1", "--login-lock-after", "4"}; }

  static std::string From(const std::string& address) {
    return "X-Forwarded-For: " + address + "\r\n";
  }

  Response LogInAs(const std::string& login, const std::string& password,
                   const std::string& address) {
    Connection connection(port_);
    return connection.Send("POST", "/api/v1/sessions",
                           json({{"login", login}, {"password", password}}).dump(), From(address));
  }
};

// Finding 4: 55 wrong passwords, then the right one accepted, nothing slowed. Now the guessing
// address is locked out of that login after its failures; the operator at another address still
// logs in (slowed at most a few seconds, never locked out).
TEST_F(ProxiedServeTest, GuessingLocksTheGuesserOutNotTheOperator) {
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(LogInAs("operator", "wrong-guess-" + std::to_string(i), "203.0.113.9").status, 401);
  }
  Response locked = LogInAs("operator", "demo-operator-2026", "203.0.113.9");
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_THAT(locked.head, HasSubstr("Retry-After: "));
  Response office = LogInAs("operator", "demo-operator-2026", "10.1.2.3");
  EXPECT_EQ(office.status, 201) << office.body;
  // A failure past the third slows the next attempt on that login from anywhere.
  for (int i = 0; i < 3; ++i) (void)LogInAs("manager", "wrong", "198.51.100.7");
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(LogInAs("manager", "wrong", "198.51.100.8").status, 401);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(250));
}

// Finding 4's second half: 32 clients flooding logins pushed /healthz to 7 s, as every argon2id
// ran on the shared pool. Now hashing has a pool of its own with a bounded queue (503 past it),
// and /healthz answers at once throughout.
TEST_F(ProxiedServeTest, ALoginFloodDoesNotHoldUpHealthChecks) {
  std::atomic<bool> flooding = true;
  std::atomic<int> answered = 0;
  std::vector<std::thread> flooders;
  for (int i = 0; i < 16; ++i) {
    flooders.emplace_back([&, i] {
      Connection connection(port_);
      while (flooding) {
        Response response = connection.Send(
            "POST", "/api/v1/sessions",
            json({{"login", "flood-" + std::to_string(i)}, {"password", "wrong password"}}).dump(),
            From("192.0.2." + std::to_string(i + 1)));
        if (response.status == 0) break;
        ++answered;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Connection health(port_);
  std::chrono::duration<double> slowest{0};
  for (int i = 0; i < 20; ++i) {
    auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(health.Send("GET", "/healthz").status, 200);
    slowest = std::max<std::chrono::duration<double>>(slowest,
                                                      std::chrono::steady_clock::now() - started);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  flooding = false;
  for (std::thread& flooder : flooders) flooder.join();
  // The review measured 1.9 s with 8 flooders and 7 s with 32; a second is far above a
  // health check's own time even on a loaded CI machine under ASan.
  EXPECT_LT(slowest.count(), 1.0) << "the slowest /healthz during the flood";
  EXPECT_GE(answered, 16) << "the flood did not run";
}

// Finding 3: POST /api/v1/plan without login grew as n³ in household size, and 300 members
// took 15 s. A household past the limit is refused at once, naming the limit; plans at the
// limit from several clients at once leave /healthz answering.
TEST_F(ProxiedServeTest, APublicPlanIsBoundedAndDoesNotHoldUpTheServer) {
  json situation = json::parse(ExampleJson("homeless_mother_spb.yaml"));
  json& members = situation["household"]["members"];
  while (members.size() < 31) {
    size_t i = members.size();
    members.push_back({{"id", "m" + std::to_string(i)},
                       {"role", i % 2 == 0 ? "other" : "child"},
                       {"birth_date", i % 2 == 0 ? "1970-01-01" : "2020-02-01"}});
  }
  Connection connection(port_);
  Response refused = connection.Send("POST", "/api/v1/plan", situation.dump());
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("household.members"));
  EXPECT_THAT(refused.body, HasSubstr("at most 30"));

  members.erase(members.end() - 1);  // exactly at the limit
  std::atomic<bool> planning = true;
  std::atomic<int> planned = 0;
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&, i] {
      Connection client(port_);
      while (planning) {
        Response plan = client.Send("POST", "/api/v1/plan", situation.dump(),
                                    From("192.0.2." + std::to_string(100 + i)));
        if (plan.status == 200) ++planned;
        if (plan.status == 0) break;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Connection health(port_);
  std::chrono::duration<double> slowest{0};
  for (int i = 0; i < 10; ++i) {
    auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(health.Send("GET", "/healthz").status, 200);
    slowest = std::max<std::chrono::duration<double>>(slowest,
                                                      std::chrono::steady_clock::now() - started);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  planning = false;
  for (std::thread& client : clients) client.join();
  EXPECT_GT(planned, 0);
  EXPECT_LT(slowest.count(), 1.0) << "the slowest /healthz while plans were made";
}

// Past a client's rate, 429 with Retry-After; another address is not held up.
TEST_F(ProxiedServeTest, ARateLimitPerClientAddress) {
  Connection connection(port_);
  std::string body = ExampleJson("homeless_mother_spb.yaml");
  int limited = 0;
  for (int i = 0; i < 60 && limited == 0; ++i) {
    Response plan = connection.Send("POST", "/api/v1/plan", body, From("203.0.113.50"));
    if (plan.status == 429) {
      ++limited;
      EXPECT_THAT(plan.head, HasSubstr("Retry-After: "));
    }
  }
  EXPECT_EQ(limited, 1) << "60 plans at once from one address went through";
  EXPECT_EQ(connection.Send("POST", "/api/v1/plan", body, From("203.0.113.51")).status, 200);
}

// A plan past the request's deadline stops and says so (a deadline of 1 ms here).
class ShortDeadlineServeTest : public ServeTest {
 protected:
  ShortDeadlineServeTest() { extra_args_ = {"--request-deadline", "1"}; }
};

TEST_F(ShortDeadlineServeTest, APlanPastItsDeadlineStops) {
  json situation = json::parse(ExampleJson("homeless_mother_spb.yaml"));
  json& members = situation["household"]["members"];
  while (members.size() < 30) {
    size_t i = members.size();
    members.push_back({{"id", "m" + std::to_string(i)},
                       {"role", i % 2 == 0 ? "other" : "child"},
                       {"birth_date", i % 2 == 0 ? "1970-01-01" : "2020-02-01"}});
  }
  Connection connection(port_);
  Response stopped = connection.Send("POST", "/api/v1/plan", situation.dump());
  EXPECT_EQ(stopped.status, 503) << stopped.body.substr(0, 300);
  EXPECT_THAT(stopped.body, HasSubstr("plan_stopped"));
  EXPECT_EQ(connection.Send("GET", "/healthz").status, 200);
}

// Finding 9: the data folder was 0755 and okno.db, its WAL and backups 0644.
TEST_F(ServeTest, TheDataFolderAndItsFilesArePrivate) {
  namespace fs = std::filesystem;
  Connection connection(port_);
  ASSERT_EQ(connection.Send("GET", "/healthz").status, 200);
  EXPECT_EQ(fs::status(data_).permissions() & fs::perms::all, fs::perms::owner_all);
  for (const char* name : {"okno.db", "okno.db-wal", "okno.db-shm"}) {
    fs::path file = fs::path(data_) / name;
    ASSERT_TRUE(fs::exists(file)) << file;
    EXPECT_EQ(fs::status(file).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write)
        << file;
  }
  std::string backup = data_ + "-backup.db";
  fs::remove(backup);
  testing::Outcome made = testing::RunOkno("backup " + backup + " --data " + data_);
  ASSERT_EQ(made.exit_code, 0) << made.output;
  EXPECT_EQ(fs::status(backup).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  fs::remove(backup);
}

// Finding 10: --demo on a real data folder added 8 accounts with published passwords, a second
// admin among them; `demo: true` in a configuration file did the same.
TEST(DemoTest, TheDemoRefusesARealDataFolderAndAConfigurationFile) {
  namespace fs = std::filesystem;
  std::string data = ::testing::TempDir() + "okno_demo_real_" + std::to_string(::getpid());
  fs::remove_all(data);
  testing::Outcome admin =
      testing::RunOkno("user add chief --role admin --data " + data, "Real-Admin-Pass-2026");
  ASSERT_EQ(admin.exit_code, 0) << admin.output;
  testing::Outcome demo = testing::RunOkno("serve --listen 127.0.0.1:0 --demo --data " + data +
                                           " --catalog " + OKNO_CATALOG_DIR);
  EXPECT_EQ(demo.exit_code, 2) << demo.output;
  EXPECT_THAT(demo.output, HasSubstr("--demo"));
  testing::Outcome users = testing::RunOkno("user list --data " + data);
  EXPECT_THAT(users.output, ::testing::Not(HasSubstr("demo")));
  EXPECT_THAT(users.output, ::testing::Not(HasSubstr("operator")));

  std::string config = data + "-config.yaml";
  std::ofstream(config) << "demo: true\n";
  testing::Outcome configured =
      testing::RunOkno("serve --listen 127.0.0.1:0 --config " + config + " --data " + data);
  EXPECT_EQ(configured.exit_code, 2) << configured.output;
  EXPECT_THAT(configured.output, HasSubstr("demo"));
  fs::remove(config);
  fs::remove_all(data);
}

// Finding 8: no connection limit; when descriptors ran out the acceptor spun at 100 % CPU. Now
// connections are limited per client address and in all, and running out of descriptors pauses
// the acceptor.
class FewConnectionsServeTest : public ServeTest {
 protected:
  FewConnectionsServeTest() { extra_args_ = {"--max-connections-per-client", "3"}; }
};

TEST_F(FewConnectionsServeTest, AClientHoldsAtMostItsConnections) {
  std::vector<std::unique_ptr<Connection>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<Connection>(port_));
    EXPECT_EQ(held.back()->Send("GET", "/healthz").status, 200) << i;
  }
  Connection fourth(port_);
  EXPECT_EQ(fourth.Send("GET", "/healthz").status, 0) << "a fourth connection was served";
  held.pop_back();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  Connection again(port_);
  EXPECT_EQ(again.Send("GET", "/healthz").status, 200);
}

// The review's reproduction: a server with 128 descriptors, 140 connections held open.
class FewDescriptorsServeTest : public ServeTest {
 protected:
  FewDescriptorsServeTest() {
    extra_args_ = {"--max-connections-per-client", "1000", "--max-connections", "1000"};
    fd_limit_ = 128;
  }

  // The server's CPU seconds so far (user and system).
  double CpuSeconds() const {
    std::ifstream stat("/proc/" + std::to_string(pid_) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
      if (i == 14 || i == 15) ticks += std::stod(field);
    }
    return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
  }
};

TEST_F(FewDescriptorsServeTest, RunningOutOfDescriptorsPausesTheAcceptorInsteadOfSpinning) {
  std::vector<std::unique_ptr<Connection>> held;
  for (int i = 0; i < 140; ++i) held.push_back(std::make_unique<Connection>(port_));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  double before = CpuSeconds();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  double used = CpuSeconds() - before;
  // The review measured 6.6 CPU seconds in 7 s while spinning.
  EXPECT_LT(used, 0.5) << "the server used " << used << " s of CPU in 2 s with no work";
  held.clear();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  Connection after(port_);
  EXPECT_EQ(after.Send("GET", "/healthz").status, 200);
}

// Finding 5: no TLS anywhere. okno serve --tls-cert/--tls-key speaks HTTPS (TLS 1.2 or later,
// HSTS), refuses plain HTTP on that port, and will not listen beyond loopback in plain HTTP.
class TlsServeTest : public ServeTest {
 protected:
  TlsServeTest() {
    std::string folder = ::testing::TempDir() + "okno_tls_" + std::to_string(::getpid());
    std::filesystem::create_directories(folder);
    cert_ = folder + "/cert.pem";
    key_ = folder + "/key.pem";
    std::string command =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
        "-addext subjectAltName=IP:127.0.0.1 -keyout " +
        key_ + " -out " + cert_ + " >/dev/null 2>&1";
    made_ = std::system(command.c_str()) == 0;
    extra_args_ = {"--tls-cert", cert_, "--tls-key", key_};
  }
  std::string Curl(const std::string& flags) {
    std::string command = "curl -s -D - -o /dev/null --cacert " + cert_ + " " + flags +
                          " https://127.0.0.1:" + std::to_string(port_) + "/healthz 2>&1";
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    char chunk[4096];
    while (size_t n = std::fread(chunk, 1, sizeof chunk, pipe)) output.append(chunk, n);
    ::pclose(pipe);
    return output;
  }
  std::string cert_, key_;
  bool made_ = false;
};

TEST_F(TlsServeTest, HttpsWithASelfMadeCertificateAndNothingElse) {
  ASSERT_TRUE(made_) << "openssl could not make a certificate";
  std::string https = Curl("");
  EXPECT_THAT(https, HasSubstr("HTTP/1.1 200"));
  EXPECT_THAT(https, HasSubstr("Strict-Transport-Security: max-age=31536000"));
  EXPECT_THAT(Curl("--tls-max 1.1"), ::testing::Not(HasSubstr("HTTP/1.1 200")));
  Connection plain(port_);
  Response refused = plain.Send("GET", "/healthz");
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("HTTPS"));
}

TEST(PlainHttpTest, ANonLoopbackAddressNeedsTlsOrATlsProxy) {
  testing::Outcome refused =
      testing::RunOkno("serve --listen 0.0.0.0:0 --catalog " + std::string(OKNO_CATALOG_DIR) +
                       " --data /nonexistent");
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("--behind-tls-proxy"));
}

}  // namespace
}  // namespace okno
