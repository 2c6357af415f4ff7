#include "server/openapi.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include "auth/keys.h"
#include "catalog/internal/test_catalog.h"
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

// The server's routes, made as `okno serve` makes them, over a scratch data file.
class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / ("okno_openapi_" + std::to_string(::getpid()));
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    std::string file = (directory_ / "okno.db").string();
    catalog::Diagnostics diagnostics;
    catalog_ =
        std::make_unique<catalog::Catalog>(catalog::testing::TestCatalog().Load(diagnostics));
    catalogs_ = std::make_unique<planner::CatalogSource>(planner::CatalogSource::Borrow(*catalog_));
    events_ = std::move(store::SqliteEventStore::Open(file, TestStoreOptions())).value();
    users_ = std::move(auth::UserStore::Open(file, auth::DemoKeys().audit)).value();
    audit_ = std::move(audit::AuditLog::Open(file, auth::DemoKeys().audit)).value();
    cases_ = std::make_unique<cases::CaseService>(*events_, *catalogs_);
    public_api_ = std::make_unique<PublicApi>(PublicApi{*catalogs_, ""});
    case_api_ = std::make_unique<CaseApi>(CaseApi{*cases_, *users_, *audit_});
    admin_api_ = std::make_unique<AdminApi>(AdminApi{*users_, *audit_, *catalogs_});
    AddRoutes(router_, *public_api_, *case_api_, *admin_api_, metrics_,
              auth::DemoKeys().metrics_token);
  }
  void TearDown() override { fs::remove_all(directory_); }

  fs::path directory_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<planner::CatalogSource> catalogs_;
  std::unique_ptr<store::SqliteEventStore> events_;
  std::unique_ptr<auth::UserStore> users_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<cases::CaseService> cases_;
  std::unique_ptr<PublicApi> public_api_;
  std::unique_ptr<CaseApi> case_api_;
  std::unique_ptr<AdminApi> admin_api_;
  Metrics metrics_;
  Router router_;
};

std::string Upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), ::toupper);
  return text;
}

// The document is written from the routes' specs: every route but the web app's files and
// the metrics is in it, with the roles that may call it, and nothing else is.
TEST_F(OpenApiTest, DescribesExactlyTheRoutesServedWithTheirRoles) {
  std::map<std::string, const RouteSpec*> served;
  for (const RouteSpec* spec : router_.Specs()) {
    std::string route = spec->method + " " + spec->path;
    if (route == "GET /*" || route == "GET /metrics") {
      EXPECT_TRUE(spec->summary.empty()) << route;
      continue;
    }
    EXPECT_FALSE(spec->summary.empty()) << route << " has no summary";
    served[route] = spec;
  }
  nlohmann::json document = OpenApiDocument(router_);
  std::set<std::string> described;
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      std::string route = Upper(method) + " " + path;
      described.insert(route);
      EXPECT_TRUE(operation.contains("responses")) << route;
      if (!served.contains(route)) continue;
      const RouteSpec& spec = *served.at(route);
      if (spec.access == Access::kAnyone) {
        EXPECT_EQ(operation["security"], nlohmann::json::array()) << route;
      } else {
        EXPECT_EQ(operation["x-roles"].get<std::set<std::string>>(), spec.roles) << route;
        EXPECT_TRUE(operation["responses"].contains("401")) << route;
        EXPECT_TRUE(operation["responses"].contains("403")) << route;
      }
      EXPECT_EQ(operation.contains("requestBody"), !spec.body.is_null()) << route;
    }
  }
  std::set<std::string> routes;
  for (const auto& [route, spec] : served) routes.insert(route);
  EXPECT_EQ(routes, described);
  EXPECT_EQ(document["openapi"], "3.0.3");
}

// The web app's API types come from its copy of this document (web/src/api/openapi.json): the
// copy must be the document. OKNO_UPDATE_OPENAPI=1 writes it.
TEST_F(OpenApiTest, TheWebAppsCopyIsTheDocument) {
  std::string path = std::string(OKNO_SOURCE_DIR) + "/web/src/api/openapi.json";
  if (std::getenv("OKNO_UPDATE_OPENAPI") != nullptr) {
    std::ofstream(path) << OpenApiDocument(router_).dump(2) << "\n";
  }
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "no " << path;
  nlohmann::json copy = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  EXPECT_EQ(copy, OpenApiDocument(router_))
      << path << " differs from the server's document; update it with OKNO_UPDATE_OPENAPI=1 "
      << "build/src/server/okno_server_test --gtest_filter='*WebAppsCopy*' and then "
      << "npm run api-types in web/";
}

}  // namespace
}  // namespace okno::server
