#pragma once

// The server the fuzz targets call: the real API's routes over a catalog and a data file in a
// scratch folder, with a logged-in case manager, agency worker and administrator, so the
// handlers behind a login and their JSON bodies are reached.

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "auth/keys.h"
#include "cases/case_service.h"
#include "server/http_server.h"
#include "server/routes.h"
#include "store/sqlite_event_store.h"

namespace okno::fuzz {

namespace fs = std::filesystem;

// The stores' audit records keyed with the demo's published key: tests hold no secret.
inline store::SqliteOptions TestStoreOptions() {
  store::SqliteOptions options;
  options.audit_key = auth::DemoKeys().audit;
  return options;
}

struct Server {
  Server() {
    // /dev/shm when there is one: every case write is an fsync.
    fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    directory = base / ("okno_fuzz_" + std::to_string(getpid()));
    fs::remove_all(directory);
    fs::create_directories(directory);
    std::string file = (directory / "okno.db").string();
    catalog::Diagnostics diagnostics;
    catalogs = std::make_unique<planner::CatalogSource>(
        std::make_shared<const planner::LoadedCatalog>(std::make_shared<const catalog::Catalog>(
            catalog::LoadCatalog(OKNO_CATALOG_DIR, diagnostics))));
    events = std::move(store::SqliteEventStore::Open(file, TestStoreOptions())).value();
    users = std::move(auth::UserStore::Open(file, auth::DemoKeys().audit)).value();
    audit = std::move(audit::AuditLog::Open(file, auth::DemoKeys().audit)).value();
    cases = std::make_unique<cases::CaseService>(*events, *catalogs);
    public_api = std::make_unique<server::PublicApi>(server::PublicApi{*catalogs, ""});
    case_api = std::make_unique<server::CaseApi>(server::CaseApi{*cases, *users, *audit});
    admin_api = std::make_unique<server::AdminApi>(server::AdminApi{*users, *audit, *catalogs});
    server::AddRoutes(router, *public_api, *case_api, *admin_api, metrics,
                      auth::DemoKeys().metrics_token);
    for (const auto& [login, role, agency] :
         {std::tuple<std::string, std::string, std::string>{"manager", "case_manager", ""},
          {"worker", "agency_worker", "sfr"},
          {"admin", "admin", ""}}) {
      (void)users->Add({login, role, agency, login, false}, "fuzzing password");
      tokens.push_back(users->LogIn(login, "fuzzing password")->token);
    }
  }
  ~Server() { fs::remove_all(directory); }

  fs::path directory;
  std::unique_ptr<planner::CatalogSource> catalogs;
  std::unique_ptr<store::SqliteEventStore> events;
  std::unique_ptr<auth::UserStore> users;
  std::unique_ptr<audit::AuditLog> audit;
  std::unique_ptr<cases::CaseService> cases;
  std::unique_ptr<server::PublicApi> public_api;
  std::unique_ptr<server::CaseApi> case_api;
  std::unique_ptr<server::AdminApi> admin_api;
  server::Metrics metrics;
  server::Router router;
  std::vector<std::string> tokens;
};

}  // namespace okno::fuzz
