#include "server/http.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "server/http_server.h"

namespace okno::server {
namespace {

HttpRequest Request(std::string method, std::string path) {
  HttpRequest request;
  request.method = std::move(method);
  request.path = std::move(path);
  return request;
}

TEST(RouterTest, RoutesByMethodAndPathWithProblemsForTheRest) {
  Router router;
  router.Add({.method = "POST", .path = "/api/v1/plan", .access = Access::kAnyone},
             [](const HttpRequest&) { return HttpResponse::Text(200, "text/plain", "plan"); });
  router.Add({.method = "GET", .path = "/*", .access = Access::kAnyone},
             [](const HttpRequest& request) {
               return HttpResponse::Text(200, "text/plain", "app " + request.path);
             });
  EXPECT_EQ(router.Dispatch(Request("POST", "/api/v1/plan")).body, "plan");
  EXPECT_EQ(router.Dispatch(Request("GET", "/cases/42")).body, "app /cases/42");
  EXPECT_EQ(router.Dispatch(Request("HEAD", "/")).body, "app /");

  // An exact path answers 405 for another method, not the prefix route.
  HttpResponse wrong = router.Dispatch(Request("GET", "/api/v1/plan"));
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.content_type, "application/problem+json");
  EXPECT_THAT(wrong.headers,
              ::testing::Contains(std::pair<std::string, std::string>("Allow", "POST")));
  EXPECT_EQ(router.Dispatch(Request("DELETE", "/x")).status, 405);

  Router empty;
  HttpResponse missing = empty.Dispatch(Request("GET", "/nothing"));
  EXPECT_EQ(missing.status, 404);
  nlohmann::json problem = nlohmann::json::parse(missing.body);
  EXPECT_EQ(problem["status"], 404);
  EXPECT_EQ(problem["title"], "not_found");
  EXPECT_EQ(problem["detail"], "no resource at /nothing");
  EXPECT_THAT(router.Routes(), ::testing::ElementsAre("POST /api/v1/plan", "GET /*"));
}

TEST(RouterTest, RefusesABodyLargerThanTheRouteTakesAndARouteWithoutRoles) {
  Router router;
  router.Add({.method = "POST",
              .path = "/api/v1/sessions",
              .access = Access::kAnyone,
              .options = {.max_body_bytes = 16}},
             [](const HttpRequest&) { return HttpResponse::Text(200, "text/plain", "in"); });
  HttpRequest request = Request("POST", "/api/v1/sessions");
  request.body = std::string(16, 'x');
  EXPECT_EQ(router.Dispatch(request).status, 200);
  request.body += "x";
  EXPECT_EQ(router.Dispatch(request).status, 413);
  // A session route must say who may call it: none can exist without its roles.
  EXPECT_THROW(router.Add({.method = "GET", .path = "/api/v1/cases"},
                          [](const HttpRequest&) { return HttpResponse::Text(200, "", ""); }),
               std::invalid_argument);
}

TEST(RouterTest, BindsPathParameters) {
  Router router;
  router.Add({.method = "GET", .path = "/api/v1/cases/{id}", .access = Access::kAnyone},
             [](const HttpRequest& request) {
               return HttpResponse::Text(200, "text/plain", "case " + request.params.at("id"));
             });
  router.Add({.method = "POST",
              .path = "/api/v1/cases/{id}/tasks/{task}/decision",
              .access = Access::kAnyone},
             [](const HttpRequest& request) {
               return HttpResponse::Text(200, "text/plain",
                                         request.params.at("id") + "/" + request.params.at("task"));
             });
  EXPECT_EQ(router.Dispatch(Request("GET", "/api/v1/cases/c-42")).body, "case c-42");
  EXPECT_EQ(router.Dispatch(Request("POST", "/api/v1/cases/c-42/tasks/sfr/decision")).body,
            "c-42/sfr");
  EXPECT_EQ(router.Dispatch(Request("GET", "/api/v1/cases")).status, 404);
  EXPECT_EQ(router.Dispatch(Request("GET", "/api/v1/cases/c-42/extra")).status, 404);
}

TEST(ProblemTest, NamesTheFieldsAtFault) {
  HttpResponse response =
      Problem(400, "invalid_situation", "1 error", {{"household.housing", "'x' is not one of"}});
  nlohmann::json body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["errors"][0]["path"], "household.housing");
  EXPECT_EQ(body["errors"][0]["message"], "'x' is not one of");
  EXPECT_EQ(HttpStatusOf(StatusCode::kConflict), 409);
  EXPECT_EQ(HttpStatusOf(StatusCode::kFailedPrecondition), 422);
  EXPECT_EQ(ProblemOf(UnauthenticatedError("no token")).status, 401);
}

TEST(ParseJsonBodyTest, RefusesDeepOrBrokenBodies) {
  EXPECT_TRUE(ParseJsonBody(R"({"a": [1, {"b": "[[[["}]})", 3).ok());  // brackets in strings
  Result<nlohmann::json> deep = ParseJsonBody(std::string(100, '[') + std::string(100, ']'), 64);
  ASSERT_FALSE(deep.ok());
  EXPECT_THAT(deep.status().message(), ::testing::HasSubstr("deeper than 64 levels (at byte 65)"));
  Result<nlohmann::json> broken = ParseJsonBody(R"({"a": 1,})", 64);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(broken.status().message(), ::testing::HasSubstr("not valid JSON (at byte 9)"));
}

TEST(ParseRequestTest, ReadsARequestAsTheServerDoes) {
  ServerOptions options;
  options.max_body_bytes = 16;
  Result<HttpRequest> request = ParseRequest(
      "POST /api/v1/cases/c-1/notes?lang=en&q=%D0%B0 HTTP/1.1\r\nHost: x\r\n"
      "Authorization: Bearer t\r\nContent-Length: 7\r\n\r\n{\"a\":1}",
      options);
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_EQ(request->method, "POST");
  EXPECT_EQ(request->path, "/api/v1/cases/c-1/notes");
  EXPECT_EQ(request->Query("q"), "а");
  EXPECT_EQ(request->Header("authorization"), "Bearer t");
  EXPECT_EQ(request->body, "{\"a\":1}");
  Result<HttpRequest> chunked = ParseRequest(
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
      options);
  ASSERT_TRUE(chunked.ok()) << chunked.status().ToString();
  EXPECT_EQ(chunked->body, "abcde");

  EXPECT_FALSE(ParseRequest("GET /healthz HTTP/1.1\r\nHost: x\r\n", options).ok());  // unfinished
  EXPECT_FALSE(ParseRequest("NOT HTTP\r\n\r\n", options).ok());
  EXPECT_FALSE(
      ParseRequest("POST / HTTP/1.1\r\nContent-Length: 17\r\n\r\n" + std::string(17, 'x'), options)
          .ok());  // over the body limit
}

// The review's findings 15 and 17: a number beyond a double's range was a 500; a repeated key
// was silently the last one ({"login":"admin","login":"analyst"} logged in the analyst).
TEST(ParseJsonBodyTest, RefusesRepeatedKeysAndNumbersOutOfRange) {
  Result<nlohmann::json> twice =
      ParseJsonBody(R"({"login":"admin","login":"analyst","password":"x"})", 64);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(twice.status().message(), ::testing::HasSubstr("'login'"));
  EXPECT_FALSE(ParseJsonBody(R"({"a":{"role":"child","role":"applicant"}})", 64).ok());
  // The same key in two objects is no repetition.
  EXPECT_TRUE(ParseJsonBody(R"({"a":{"id":1},"b":{"id":2},"c":[{"id":3},{"id":4}]})", 64).ok());

  Result<nlohmann::json> huge = ParseJsonBody(R"({"monthly_income":1e400})", 64);
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(ParseJsonBody(R"({"expected_version":-1e400})", 64).ok());
  EXPECT_FALSE(ParseJsonBody(R"({"a":)", 64).ok());
}

HttpRequest WithBody(std::string path, std::string content_type, std::string body) {
  HttpRequest request = Request("POST", std::move(path));
  if (!content_type.empty()) request.headers["content-type"] = std::move(content_type);
  request.body = std::move(body);
  return request;
}

// Findings 22 and 23: JSON endpoints took text/plain (a cross-site "simple" request), and a NUL
// in a path served index.html as image/png.
TEST(RefusalOfTest, RefusesControlBytesInPathsAndBodiesThatAreNotJson) {
  std::optional<HttpResponse> nul = RefusalOf(Request("GET", std::string("/index.html\0.png", 16)));
  ASSERT_TRUE(nul.has_value());
  EXPECT_EQ(nul->status, 400);
  EXPECT_TRUE(RefusalOf(Request("GET", "/a\x01")).has_value());
  EXPECT_FALSE(RefusalOf(Request("GET", "/cases/c-42")).has_value());

  std::optional<HttpResponse> plain = RefusalOf(WithBody("/api/v1/sessions", "text/plain", "{}"));
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->status, 415);
  EXPECT_EQ(RefusalOf(WithBody("/api/v1/plan", "", "{}"))->status, 415);
  EXPECT_FALSE(RefusalOf(WithBody("/api/v1/plan", "application/json", "{}")).has_value());
  EXPECT_FALSE(
      RefusalOf(WithBody("/api/v1/plan", "Application/JSON; charset=utf-8", "{}")).has_value());
  EXPECT_FALSE(RefusalOf(WithBody("/api/v1/cases/x/disable", "", "")).has_value());
}

std::string HeaderOf(const HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

// Finding 12: no response had a security header, and personal data could be cached.
TEST(SecurityHeadersTest, EveryResponseHasThemAndPersonalDataIsNotStored) {
  for (const char* path : {"/", "/assets/app.js", "/api/v1/catalog/regions",
                           "/api/v1/cases/c-1/memo", "/api/v1/plan", "/api/v1/sessions"}) {
    HttpResponse response = HttpResponse::Text(200, "text/html", "");
    AddSecurityHeaders(Request("GET", path), response);
    EXPECT_THAT(HeaderOf(response, "Content-Security-Policy"),
                ::testing::HasSubstr("frame-ancestors 'none'"))
        << path;
    EXPECT_THAT(HeaderOf(response, "Content-Security-Policy"),
                ::testing::Not(::testing::HasSubstr("script-src 'self' 'unsafe-inline'")));
    EXPECT_EQ(HeaderOf(response, "X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(HeaderOf(response, "Referrer-Policy"), "no-referrer") << path;
    bool personal = std::string(path).starts_with("/api/v1/cases") ||
                    std::string(path) == "/api/v1/plan" || std::string(path) == "/api/v1/sessions";
    EXPECT_EQ(HeaderOf(response, "Cache-Control"), personal ? "no-store" : "") << path;
  }
}

// Finding 11 (VERIFIED in the review: each of these was read as an empty body and the bytes
// after it served as a second request) and finding 17's repeated headers.
TEST(ParseRequestTest, RefusesFramingTwoParsersCouldReadDifferently) {
  ServerOptions options;
  for (const char* coding :
       {"gzip", "identity", "xchunked", "chunked, identity", "gzip, chunked"}) {
    std::string bytes =
        std::string("POST /api/v1/plan HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ") + coding +
        "\r\n\r\n0\r\n\r\n";
    Result<HttpRequest> parsed = ParseRequest(bytes, options);
    EXPECT_FALSE(parsed.ok()) << coding;
  }
  Result<HttpRequest> chunked = ParseRequest(
      "POST /api/v1/plan HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
      "chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
      options);
  ASSERT_TRUE(chunked.ok()) << chunked.status().ToString();
  EXPECT_EQ(chunked->body, "{}");
  for (const char* header :
       {"Authorization: Bearer a", "Content-Type: application/json", "Idempotency-Key: k"}) {
    std::string bytes = std::string("POST /x HTTP/1.1\r\nHost: x\r\n") + header + "\r\n" + header +
                        "\r\nContent-Length: 0\r\n\r\n";
    EXPECT_FALSE(ParseRequest(bytes, options).ok()) << header;
  }
}

// The review's finding 3: a plan went on after its client left (34 s of CPU after both clients
// of two heavy plans hung up). A handler now learns that the client left, and that its deadline
// passed, through HttpRequest::cancelled.
TEST(HttpServerTest, AHandlerLearnsThatItsClientLeftOrItsDeadlinePassed) {
  std::mutex mutex;
  std::condition_variable done;
  std::vector<bool> outcomes;  // cancelled, per request handled
  Router router;
  router.Add({.method = "POST", .path = "/work", .access = Access::kAnyone},
             [&](const HttpRequest& request) {
               auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
               while (!*request.cancelled && std::chrono::steady_clock::now() < until) {
                 std::this_thread::sleep_for(std::chrono::milliseconds(5));
               }
               std::lock_guard lock(mutex);
               outcomes.push_back(*request.cancelled);
               done.notify_all();
               return HttpResponse::Text(200, "text/plain", "done");
             });
  ServerOptions options;
  options.port = 0;
  options.handler_deadline = std::chrono::seconds(60);
  Result<std::unique_ptr<HttpServer>> server = HttpServer::Start(options, router);
  ASSERT_TRUE(server.ok()) << server.status().ToString();

  auto send_and_leave = [&](bool leave) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons((*server)->port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    std::string request = "POST /work HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";
    EXPECT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(request.size()));
    if (leave) ::close(fd);
    return fd;
  };
  auto started = std::chrono::steady_clock::now();
  send_and_leave(true);
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(
        done.wait_for(lock, std::chrono::seconds(15), [&] { return outcomes.size() == 1; }));
    EXPECT_TRUE(outcomes[0]) << "the handler ran to its own end after the client left";
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15));
  (*server)->Stop();
  (*server)->Wait();

  // The deadline: the client stays, the work is stopped all the same.
  options.handler_deadline = std::chrono::milliseconds(100);
  Result<std::unique_ptr<HttpServer>> strict = HttpServer::Start(options, router);
  ASSERT_TRUE(strict.ok());
  server = std::move(strict);
  int fd = send_and_leave(false);
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(
        done.wait_for(lock, std::chrono::seconds(15), [&] { return outcomes.size() == 2; }));
    EXPECT_TRUE(outcomes[1]) << "the deadline passed and the handler was not told";
  }
  ::close(fd);
}

}  // namespace
}  // namespace okno::server
