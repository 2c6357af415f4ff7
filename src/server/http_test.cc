#include "server/http.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
  router.Add("POST", "/api/v1/plan",
             [](const HttpRequest&) { return HttpResponse::Text(200, "text/plain", "plan"); });
  router.Add("GET", "/*", [](const HttpRequest& request) {
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

TEST(RouterTest, BindsPathParameters) {
  Router router;
  router.Add("GET", "/api/v1/cases/{id}", [](const HttpRequest& request) {
    return HttpResponse::Text(200, "text/plain", "case " + request.params.at("id"));
  });
  router.Add("POST", "/api/v1/cases/{id}/tasks/{task}/decision", [](const HttpRequest& request) {
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

}  // namespace
}  // namespace okno::server
