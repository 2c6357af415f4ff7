// The security review's reproductions (../shared/security/review-2026-12.md), run again as the
// review ran them: against okno serve --demo over plain TCP. Each test names its finding; each
// must fail to reproduce.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace okno
