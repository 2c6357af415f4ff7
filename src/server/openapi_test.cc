#include "server/openapi.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
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

// The document and the routes the server really registers agree, both ways.
TEST(OpenApiTest, DescribesExactlyTheRoutesServed) {
  fs::path directory = fs::temp_directory_path() / ("okno_openapi_" + std::to_string(::getpid()));
  fs::remove_all(directory);
  fs::create_directories(directory);
  std::string file = (directory / "okno.db").string();
  catalog::Diagnostics diagnostics;
  catalog::Catalog catalog = catalog::testing::TestCatalog().Load(diagnostics);
  planner::CatalogSource catalogs(planner::CatalogSource::Borrow(catalog));
  auto events = std::move(store::SqliteEventStore::Open(file, TestStoreOptions())).value();
  auto users = std::move(auth::UserStore::Open(file, auth::DemoKeys().audit)).value();
  auto audit = std::move(audit::AuditLog::Open(file, auth::DemoKeys().audit)).value();
  cases::CaseService cases(*events, catalogs);
  PublicApi public_api{catalogs, ""};
  CaseApi case_api{cases, *users, *audit};
  Router router;
  AdminApi admin_api{*users, *audit, catalogs};
  Metrics metrics;
  AddRoutes(router, public_api, case_api, admin_api, metrics, auth::DemoKeys().metrics_token);

  std::set<std::string> served;
  for (const std::string& route : router.Routes()) {
    // The web app and the operations' metrics are not the API.
    if (route != "GET /*" && route != "GET /metrics") served.insert(route);
  }
  std::set<std::string> described;
  nlohmann::json document = OpenApiDocument();
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      if (method == "parameters") continue;
      std::string upper = method;
      std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
      described.insert(upper + " " + path);
      EXPECT_TRUE(operation.contains("responses")) << path;
    }
  }
  EXPECT_EQ(served, described);
  EXPECT_EQ(document["openapi"], "3.0.3");
  fs::remove_all(directory);
}

// The web app's API types come from its copy of this document (web/src/api/openapi.json): the
// copy must be the document. OKNO_UPDATE_OPENAPI=1 writes it.
TEST(OpenApiTest, TheWebAppsCopyIsTheDocument) {
  std::string path = std::string(OKNO_SOURCE_DIR) + "/web/src/api/openapi.json";
  if (std::getenv("OKNO_UPDATE_OPENAPI") != nullptr) {
    std::ofstream(path) << OpenApiDocument().dump(2) << "\n";
  }
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "no " << path;
  nlohmann::json copy = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  EXPECT_EQ(copy, OpenApiDocument())
      << path << " differs from the server's document; update it with OKNO_UPDATE_OPENAPI=1 "
      << "build/src/server/okno_server_test --gtest_filter='*WebAppsCopy*'";
}

}  // namespace
}  // namespace okno::server
