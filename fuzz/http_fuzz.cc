// Fuzzes what the server reads from the network: bytes parsed as one HTTP/1.1 request with the
// server's limits, then dispatched to every route of the real API (a catalog, a data file in a
// scratch folder, a logged-in case manager and agency worker, so the handlers behind a login and
// their JSON bodies are reached). The first byte chooses whose token, if any, is added as a
// header. Nothing may crash, hang or leak: bad input gets a 4xx problem.

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "auth/keys.h"
#include "cases/case_service.h"
#include "server/http_server.h"
#include "server/routes.h"
#include "store/sqlite_event_store.h"

namespace {

// The stores' audit records keyed with the demo's published key: tests hold no secret.
okno::store::SqliteOptions TestStoreOptions() {
  okno::store::SqliteOptions options;
  options.audit_key = okno::auth::DemoKeys().audit;
  return options;
}

namespace fs = std::filesystem;
using namespace okno;

struct Server {
  Server() {
    // /dev/shm when there is one: every case write is an fsync.
    fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    directory = base / ("okno_http_fuzz_" + std::to_string(getpid()));
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
                      okno::auth::DemoKeys().metrics_token);
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Server server;
  if (size == 0) return 0;
  server::ServerOptions options;
  options.max_body_bytes = 64 * 1024;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  okno::Result<server::HttpRequest> request = server::ParseRequest(bytes, options);
  if (!request.ok()) return 0;
  size_t who = data[0] % (server.tokens.size() + 1);
  if (who < server.tokens.size()) {
    request->headers["authorization"] = "Bearer " + server.tokens[who];
  }
  server::HttpResponse response = server.router.Dispatch(*request);
  if (response.status < 200 || response.status >= 600 || response.status == 500) __builtin_trap();
  return 0;
}
