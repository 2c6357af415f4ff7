// okno serve [--listen HOST:PORT] [--catalog DIR] [--web DIR] [--threads N]: the HTTP server.
// Stops gracefully on SIGTERM or SIGINT (Ctrl+C): no new connections, requests in flight
// finish, exit 0.

#include <signal.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "audit/audit_log.h"
#include "auth/keys.h"
#include "auth/user_store.h"
#include "cases/case_service.h"
#include "catalog/rule_check.h"
#include "cli/catalog_loading.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/data_file.h"
#include "common/logging.h"
#include "common/private_files.h"
#include "planner/plan.h"
#include "server/case_api.h"
#include "server/http_server.h"
#include "server/metrics.h"
#include "server/public_api.h"
#include "server/routes.h"
#include "server/throttle.h"
#include "store/sqlite.h"
#include "store/sqlite_event_store.h"

namespace okno::cli {
namespace {

struct ServeArguments {
  std::string listen;
  std::string catalog;
  std::string web;
  std::string data;
  std::string keys;
  std::string tls_certificate;
  std::string tls_key;
  bool behind_tls_proxy = false;
  int threads = 0;
  bool demo = false;
  std::string rate_limits;
  std::vector<std::string> trusted_proxies;
  int max_connections = 1000;
  int max_connections_per_client = 64;
  int planning_threads = 0;  // 0: half the cores, at least one
  int request_deadline_ms = 10'000;
  int login_lock_after = 10;
  std::string log_level;
  std::string log_format;
  std::string config;
};

// One setting of `okno serve`: its flag, its environment variable and its key in a
// configuration file. The flag wins, then the environment, then the file, then the default.
struct Setting {
  const char* key;
  const char* environment;
  CLI::Option* option;
  // Takes the file's value; a message saying what is wrong with it otherwise.
  std::function<std::string(const nlohmann::json&)> take;
};

// Takes the settings a configuration file gives (YAML or JSON: listen, catalog, web, data,
// threads, demo, log_level, log_format) where neither a flag nor the environment did.
Status ApplyConfigFile(const std::string& path, const std::vector<Setting>& settings) {
  Result<nlohmann::json> file = ReadDataFile(path);
  if (!file.ok()) return InvalidArgumentError(file.status().message());
  if (!file->is_object()) return InvalidArgumentError(path + ": a mapping of settings");
  for (const auto& [key, value] : file->items()) {
    auto setting = std::find_if(settings.begin(), settings.end(),
                                [&](const Setting& one) { return key == one.key; });
    if (setting == settings.end()) {
      std::string known;
      for (const Setting& one : settings)
        known += (known.empty() ? "" : ", ") + std::string(one.key);
      return InvalidArgumentError(path + ": " + key + ": unknown setting (" + known + ")");
    }
    const char* environment = std::getenv(setting->environment);
    if (setting->option->count() > 0 || (environment != nullptr && *environment != '\0')) {
      continue;
    }
    if (std::string wrong = setting->take(value); !wrong.empty()) {
      return InvalidArgumentError(path + ": " + key + ": " + wrong);
    }
  }
  return Status::Ok();
}

std::function<std::string(const nlohmann::json&)> TakeText(std::string& into) {
  return [&into](const nlohmann::json& value) -> std::string {
    if (!value.is_string()) return "text expected";
    into = value.get<std::string>();
    return "";
  };
}

std::function<std::string(const nlohmann::json&)> TakeCount(int& into) {
  return [&into](const nlohmann::json& value) -> std::string {
    if (!value.is_number_integer() || value.get<int64_t>() < 1 ||
        value.get<int64_t>() > 1'000'000) {
      return "a whole number from 1 to 1000000";
    }
    into = value.get<int>();
    return "";
  };
}

// The demo's users, one per role, with passwords printed at start (never on a real server).
struct DemoUser {
  const char* login;
  const char* role;
  const char* agency;
  const char* name;
};
constexpr DemoUser kDemoUsers[] = {
    {"operator", "operator", "", "Оператор МФЦ"},
    {"manager", "case_manager", "", "Куратор случая"},
    {"sfr", "agency_worker", "sfr", "Сотрудник СФР"},
    {"kcson", "agency_worker", "kcson", "Сотрудник КЦСОН"},
    {"citizen", "citizen", "", "Гражданка"},
    {"methodologist", "methodologist", "", "Методолог"},
    {"analyst", "analyst", "", "Аналитик"},
    {"admin", "admin", "", "Администратор"},
};

std::string DemoPassword(const DemoUser& user) {
  return std::string("demo-") + user.login + "-2026";
}

// Demo users and two demo cases; what exists already is left as it is, so a second start on
// the same data changes nothing.
Status PrepareDemo(auth::UserStore& users, cases::CaseService& cases, std::ostream& out) {
  out << "Демо-пользователи (demo users), логин / пароль — пароли опубликованы, только для "
         "пробы (the passwords are published: for trying Okno out only):\n";
  for (const DemoUser& user : kDemoUsers) {
    Result<auth::User> added =
        users.Add({user.login, user.role, user.agency, user.name, false}, DemoPassword(user));
    if (!added.ok() && added.status().code() != StatusCode::kAlreadyExists) return added.status();
    out << "  " << user.login << " / " << DemoPassword(user) << "  (" << user.role
        << (*user.agency ? std::string(", ") + user.agency : "") << ")\n";
  }
  // Invented people (the СНИЛС numbers only pass the check digit). The homeless mother is the
  // demo citizen; the elderly-care case is the demo case manager's.
  struct DemoCase {
    const char* id;
    const char* file;
    nlohmann::json people;
    const char* citizen_member;
    const char* assignee;
  };
  const DemoCase kDemoCases[] = {
      {"demo-homeless-mother",
       "examples/homeless_mother_spb.yaml",
       {{"anna",
         {{"full_name", "Смирнова Анна Сергеевна"},
          {"snils", "112-233-445 95"},
          {"phone", "+7 900 000-00-01"}}},
        {"misha", {{"full_name", "Смирнов Михаил"}}}},
       "anna",
       ""},
      {"demo-elderly-care",
       "examples/elderly_care_spb.yaml",
       {{"galina", {{"full_name", "Орлова Галина Петровна"}, {"snils", "123-456-789 64"}}},
        {"natalia", {{"full_name", "Орлова Наталья Игоревна"}, {"phone", "+7 900 000-00-02"}}}},
       "",
       "manager"}};
  for (const DemoCase& demo : kDemoCases) {
    Result<nlohmann::json> situation = ReadDataFile(demo.file);
    if (!situation.ok()) {
      out << "  демо-случай " << demo.id << " пропущен (skipped): " << situation.status().message()
          << "\n";
      continue;
    }
    cases::Opening opening;
    opening.situation = std::move(*situation);
    opening.consent = {"предоставление государственных и муниципальных услуг", "2026-11-26"};
    opening.people = demo.people;
    // Each step with its own idempotency key: a second start replays them, writing nothing.
    std::string key = std::string("demo-") + demo.id;
    Result<cases::CaseState> state = cases.Open(demo.id, opening, {"operator", key + "-open"});
    if (state.status().code() == StatusCode::kConflict) state = cases.Get(demo.id);  // older demo
    if (!state.ok()) return state.status();
    // A step someone has since made moot (the case closed or reassigned) is left undone.
    auto step = [&](const Result<cases::CaseState>& done) {
      if (done.ok()) state = done;
      return done.ok() || done.status().code() == StatusCode::kFailedPrecondition ? Status::Ok()
                                                                                  : done.status();
    };
    if (*demo.citizen_member) {
      OKNO_TRY(step(cases.LinkCitizen(demo.id, state->version, demo.citizen_member, "citizen",
                                      {"operator", key + "-citizen"})));
    }
    if (*demo.assignee) {
      OKNO_TRY(
          step(cases.Assign(demo.id, state->version, demo.assignee, {"manager", key + "-assign"})));
    }
  }
  out << "Демо-случаи (demo cases): demo-homeless-mother, demo-elderly-care\n";
  return Status::Ok();
}

// Whether an active admin exists: a real server does not start without one.
bool HasAdmin(auth::UserStore& users) {
  Result<std::vector<auth::User>> all = users.List();
  if (!all.ok()) return false;
  return std::any_of(all->begin(), all->end(),
                     [](const auth::User& user) { return user.role == "admin" && !user.disabled; });
}

// Whether `host` is a loopback address (127.0.0.0/8, ::1): reachable from this machine alone.
bool IsLoopback(const std::string& host) {
  return host.starts_with("127.") || host == "::1" || host == "localhost";
}

// "HOST:PORT" into the options; false when it is not one.
bool ParseListen(const std::string& listen, server::ServerOptions& options) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  int port = -1;
  const char* begin = listen.data() + colon + 1;
  const char* end = listen.data() + listen.size();
  auto [stop, error] = std::from_chars(begin, end, port);
  if (error != std::errc() || stop != end || port < 0 || port > 65535) return false;
  options.host = listen.substr(0, colon);
  options.port = static_cast<uint16_t>(port);
  return true;
}

// A new catalog from `directory`, if it loads without an error and its rule tests pass (what
// okno check-catalog checks); why not otherwise.
Result<std::shared_ptr<const planner::LoadedCatalog>> CheckedCatalog(const std::string& directory) {
  catalog::Diagnostics diagnostics;
  auto loaded = std::make_shared<catalog::Catalog>(catalog::LoadCatalog(directory, diagnostics));
  if (!diagnostics.ok()) {
    return InvalidArgumentError(std::to_string(diagnostics.errors().size()) +
                                " error(s), the first: " + diagnostics.errors().front().ToString());
  }
  catalog::TestReport tests = catalog::RunRuleTests(*loaded);
  if (tests.failed > 0 || tests.not_run > 0) {
    return InvalidArgumentError(std::to_string(tests.failed) + " rule test(s) failed" +
                                (tests.failures.empty()
                                     ? std::string()
                                     : ", the first: " + tests.failures.front().ToString()));
  }
  return std::make_shared<const planner::LoadedCatalog>(std::move(loaded));
}

int RunServe(const ServeArguments& args, std::ostream& out, std::ostream& err) {
  server::ServerOptions options;
  if (!ParseListen(args.listen, options)) {
    err << "okno serve: --listen '" << args.listen
        << "': ожидается адрес:порт, например 127.0.0.1:8080 (expected HOST:PORT)\n";
    return kExitUsage;
  }
  if (args.log_format != "json" && args.log_format != "text") {
    err << "okno serve: --log-format '" << args.log_format << "': json или (or) text\n";
    return kExitUsage;
  }
  if (Status logging = InitLogging(args.log_level,
                                   args.log_format == "json" ? LogFormat::kJson : LogFormat::kText);
      !logging.ok()) {
    err << "okno serve: " << logging.message() << "\n";
    return kExitUsage;
  }
  // The signals wait for this thread alone (sigwait below): blocked before any thread starts
  // — the store's writer is one — since a thread created earlier would inherit an open mask
  // and could take a SIGTERM's default action, ending the process instead of a graceful stop.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  if (args.tls_certificate.empty() != args.tls_key.empty()) {
    err << "okno serve: --tls-cert и --tls-key задаются вместе (are given together)\n";
    return kExitUsage;
  }
  options.tls_certificate = args.tls_certificate;
  options.tls_key = args.tls_key;
  // Tokens, passwords and personal data in clear text across a network: not without TLS here or
  // in a proxy in front (152-FZ asks that personal data be protected in transit).
  if (args.tls_certificate.empty() && !IsLoopback(options.host) && !args.behind_tls_proxy) {
    err << "okno serve: --listen " << args.listen
        << ": без TLS сервер слушает только 127.0.0.1; дайте --tls-cert и --tls-key или, за "
           "обратным прокси с TLS, --behind-tls-proxy (without TLS the server listens on "
           "loopback only; give --tls-cert and --tls-key, or --behind-tls-proxy behind a TLS "
           "reverse proxy; see docs/deployment.md)\n";
    return kExitUsage;
  }
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  options.io_threads = args.threads > 0 ? args.threads : static_cast<int>(cores);
  options.worker_threads = args.threads > 0 ? args.threads : static_cast<int>(cores);
  // Public planning may take half the machine at most: the rest stays for logins, cases and
  // health checks. Each thread may have eight plans waiting; more are answered 503.
  options.planning_threads =
      args.planning_threads > 0 ? args.planning_threads : std::max(1, static_cast<int>(cores) / 2);
  options.planning_queue = 8 * options.planning_threads;

  std::optional<catalog::Catalog> catalog = LoadCatalogOrReport(args.catalog, "serve", err);
  if (!catalog) return kExitFailure;
  planner::CatalogSource catalogs(std::make_shared<const planner::LoadedCatalog>(
      std::make_shared<const catalog::Catalog>(std::move(*catalog))));

  if (Status folder = MakePrivateFolder(args.data); !folder.ok()) {
    err << "okno serve: " << folder.message() << "\n";
    return kExitFailure;
  }
  std::string file = (std::filesystem::path(args.data) / "okno.db").string();
  // A demo's keys are its published ones (the folder says so once the demo made it); any other
  // server's are in the key folder, made at its first start.
  Result<auth::Keys> keys = args.demo && !std::filesystem::exists(file)
                                ? Result<auth::Keys>(auth::DemoKeys())
                                : KeysFor(args.data, args.keys, /*create=*/!args.demo);
  if (!keys.ok() && args.demo) keys = auth::DemoKeys();  // an empty folder: the demo's own
  if (!keys.ok()) {
    err << "okno serve: --keys " << keys.status().message() << "\n";
    return kExitUsage;
  }
  store::SqliteOptions store_options;
  store_options.audit_key = keys->audit;
  Result<std::unique_ptr<store::SqliteEventStore>> events =
      store::SqliteEventStore::Open(file, store_options);
  if (!events.ok()) {
    err << "okno serve: " << events.status().message() << "\n";
    return kExitFailure;
  }
  Result<std::unique_ptr<auth::UserStore>> users = auth::UserStore::Open(file, keys->audit);
  if (!users.ok()) {
    err << "okno serve: " << users.status().message() << "\n";
    return kExitFailure;
  }
  Result<std::unique_ptr<audit::AuditLog>> audit_log = audit::AuditLog::Open(file, keys->audit);
  if (!audit_log.ok()) {
    err << "okno serve: " << audit_log.status().message() << "\n";
    return kExitFailure;
  }
  server::Metrics metrics;
  server::ObservedEventStore observed(**events, metrics);
  cases::CaseService cases(observed, catalogs);
  // Cases recorded by an older Okno have no summary for lists yet.
  if (Result<int> indexed = cases.IndexMissing(); !indexed.ok()) {
    err << "okno serve: " << indexed.status().message() << "\n";
    return kExitFailure;
  } else if (*indexed > 0) {
    out << "Проиндексировано случаев (cases indexed): " << *indexed << "\n";
  }
  Result<std::string> purpose = store::sqlite::ReadFileSetting(file, "purpose");
  if (!purpose.ok()) {
    err << "okno serve: " << purpose.status().message() << "\n";
    return kExitFailure;
  }
  if (args.demo && *purpose != "demo") {
    // The demo's accounts have published passwords, an administrator's among them: never
    // added to a folder with real users or cases.
    Result<std::vector<auth::User>> present = (*users)->List();
    Result<int64_t> recorded = cases.events().CountCases("");
    if (!present.ok() || !recorded.ok() || !present->empty() || *recorded > 0) {
      err << "okno serve: --demo: в " << args.data << " уже есть пользователи или случаи; демо "
          << "запускается только в пустой папке или в той, что создало само (--data другая "
             "папка)\n"
          << "okno serve: --demo: " << args.data << " holds users or cases already; the demo "
          << "runs only in an empty data folder or one it made itself (give another --data)\n";
      return kExitUsage;
    }
    if (Status marked = store::sqlite::WriteFileSetting(file, "purpose", "demo"); !marked.ok()) {
      err << "okno serve: " << marked.message() << "\n";
      return kExitFailure;
    }
  }
  if (!args.demo && *purpose == "demo") {
    err << "okno serve: ВНИМАНИЕ (WARNING): " << args.data << " создана демо-режимом; пароли "
        << "её учётных записей опубликованы (was made by --demo: its accounts' passwords are "
           "published); do not keep real data in it\n";
  }
  if (args.demo) {
    if (Status demo = PrepareDemo(**users, cases, out); !demo.ok()) {
      err << "okno serve: демо (demo): " << demo.message() << "\n";
      return kExitFailure;
    }
  } else if (!HasAdmin(**users)) {
    err << "okno serve: в " << args.data << " нет администратора; создайте первого: okno user "
        << "add admin --role admin --data " << args.data << "\n"
        << "okno serve: " << args.data << " has no administrator; create the first one: okno "
        << "user add admin --role admin --data " << args.data << " (or try okno serve --demo)\n";
    return kExitFailure;
  }

  Result<std::map<std::string, server::Rate>> rates =
      server::ParseRateLimits(args.rate_limits, server::DefaultRateLimits());
  if (!rates.ok()) {
    err << "okno serve: --rate-limits " << rates.status().message() << "\n";
    return kExitUsage;
  }
  server::RateLimiter rate_limiter(*rates);
  server::LoginGuard::Options guard_options;
  guard_options.lock_after = args.login_lock_after;
  server::LoginGuard login_guard(guard_options);
  options.handler_deadline = std::chrono::milliseconds(args.request_deadline_ms);
  options.admit = [&rate_limiter, &login_guard](const server::HttpRequest& request,
                                                const server::RouteOptions& route) {
    return server::Admit(request, route, rate_limiter, login_guard);
  };
  options.trusted_proxies = args.trusted_proxies;
  options.max_connections = args.max_connections;
  options.max_connections_per_client = args.max_connections_per_client;

  server::PublicApi api{catalogs, args.web};
  server::CaseApi case_api{cases, **users, **audit_log, &login_guard};
  server::AdminApi admin_api{**users, **audit_log, catalogs};
  server::Router router;
  server::AddRoutes(router, api, case_api, admin_api, metrics, keys->metrics_token);
  // Requests by route pattern, never by path or query: those may hold a name or an СНИЛС.
  options.on_response = [&metrics](const server::HttpRequest& request, const std::string& route,
                                   int status, double seconds) {
    metrics.ObserveRequest(route, status, seconds);
    nlohmann::json fields = {{"event", "request"},
                             {"method", request.method},
                             {"route", route},
                             {"status", status},
                             {"ms", seconds * 1000}};
    if (status >= 500) {
      spdlog::warn(LogFields(fields));
    } else {
      spdlog::debug(LogFields(fields));
    }
  };

  Result<std::unique_ptr<server::HttpServer>> started = server::HttpServer::Start(options, router);
  if (!started.ok()) {
    err << "okno serve: " << started.status().message() << "\n";
    return kExitFailure;
  }
  server::HttpServer& http = **started;
  if (args.demo && !IsLoopback(options.host)) {
    err << "okno serve: ВНИМАНИЕ (WARNING): демо с опубликованными паролями слушает "
        << options.host
        << " — его видно из сети (the demo, with its published passwords, listens on "
        << options.host << ": others on the network can log in)\n";
  }
  out << "Окно слушает " << (options.tls_certificate.empty() ? "http" : "https") << "://"
      << options.host << ":" << http.port() << " (Okno is listening); каталог (catalog) "
      << args.catalog << ", " << catalogs.Current()->catalog().services.size()
      << " услуг (services); Ctrl+C — остановить (stop)" << std::endl;
  out << "Метрики (metrics): GET /metrics с заголовком Authorization: Bearer <"
      << (args.demo ? keys->metrics_token
                    : (std::filesystem::path(args.keys) / "metrics.token").string())
      << ">" << std::endl;
  spdlog::info(LogFields({{"event", "started"},
                          {"port", http.port()},
                          {"catalog_version", catalogs.Current()->catalog().version}}));
  int signal = 0;
  for (;;) {
    sigwait(&signals, &signal);
    if (signal != SIGHUP) break;
    // A new catalog takes effect only once it passes check-catalog; else the old one stays.
    Result<std::shared_ptr<const planner::LoadedCatalog>> next = CheckedCatalog(args.catalog);
    if (next.ok()) {
      catalogs.Replace(*next);
      out << "Каталог обновлён (catalog reloaded): " << (*next)->catalog().services.size()
          << " услуг (services), sha256:" << (*next)->catalog().version << std::endl;
      spdlog::info(LogFields({{"event", "catalog_reloaded"},
                              {"catalog_version", (*next)->catalog().version},
                              {"services", (*next)->catalog().services.size()}}));
    } else {
      out << "Каталог не обновлён, работает прежний (catalog NOT reloaded, the old one stays): "
          << next.status().message() << std::endl;
      spdlog::error(LogFields({{"event", "catalog_reload_refused"},
                               {"directory", args.catalog},
                               {"reason", next.status().message()}}));
    }
  }
  out << "Окно останавливается (stopping): " << (signal == SIGTERM ? "SIGTERM" : "SIGINT")
      << std::endl;
  http.Stop();
  http.Wait();
  spdlog::info(LogFields({{"event", "stopped"}}));
  out << "Окно остановлено (stopped)" << std::endl;
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, CommandContext& context, const CommandInfo& info) {
  auto args = std::make_shared<ServeArguments>();
  args->listen = EnvironmentOr("OKNO_LISTEN", "127.0.0.1:8080");
  args->catalog = DefaultCatalogDirectory();
  args->web = EnvironmentOr("OKNO_WEB", "web/dist");
  args->data = DefaultDataDirectory();
  CLI::App* command = app.add_subcommand(std::string(info.name), std::string(info.summary));
  CLI::Option* listen =
      command->add_option("--listen", args->listen,
                          "адрес и порт (address and port; default $OKNO_LISTEN or 127.0.0.1:8080; "
                          "port 0 picks a free one)");
  CLI::Option* catalog =
      command->add_option("--catalog", args->catalog,
                          "папка каталога (catalog folder; default $OKNO_CATALOG or catalog/ru)");
  CLI::Option* web =
      command->add_option("--web", args->web,
                          "собранное веб-приложение (the built web app; default $OKNO_WEB or "
                          "web/dist)");
  CLI::Option* data = command->add_option(
      "--data", args->data,
      "папка данных: случаи и пользователи (data folder: cases and users; default "
      "$OKNO_DATA or data)");
  CLI::Option* tls_cert = command->add_option(
      "--tls-cert", args->tls_certificate,
      "сертификат TLS, цепочка в PEM (the TLS certificate chain, PEM): the server speaks HTTPS, "
      "TLS 1.2 or later, with HSTS");
  CLI::Option* tls_key =
      command->add_option("--tls-key", args->tls_key, "ключ сертификата, PEM (its private key)");
  CLI::Option* behind_tls_proxy = command->add_flag(
      "--behind-tls-proxy", args->behind_tls_proxy,
      "за обратным прокси, который держит TLS (behind a reverse proxy that terminates TLS): "
      "plain HTTP on a non-loopback address is allowed");
  args->keys = auth::DefaultKeysFolder();
  CLI::Option* keys = command->add_option(
      "--keys", args->keys,
      "папка ключей вне папки данных: ключ журнала аудита (the key folder, outside the data "
      "folder: the audit log's key; made 0700 at the first start; default $OKNO_KEYS or keys)");
  CLI::Option* demo = command->add_flag(
      "--demo", args->demo,
      "демо: пользователи всех ролей с опубликованными паролями и два случая, только в пустой "
      "папке данных или созданной демо (demo users of every role with published passwords and "
      "two cases; only in an empty data folder or one the demo made)");
  CLI::Option* threads =
      command
          ->add_option("--threads", args->threads,
                       "потоков ввода-вывода и обработчиков (io and handler threads; default "
                       "$OKNO_THREADS or one per core)")
          ->check(CLI::Range(1, 256));
  if (const char* value = std::getenv("OKNO_THREADS"); value != nullptr && *value != '\0') {
    args->threads = std::atoi(value);
  }
  args->rate_limits = EnvironmentOr("OKNO_RATE_LIMITS", "");
  for (std::string proxies = EnvironmentOr("OKNO_TRUSTED_PROXIES", ""); !proxies.empty();) {
    size_t comma = proxies.find(',');
    if (std::string one = proxies.substr(0, comma); !one.empty()) {
      args->trusted_proxies.push_back(one);
    }
    proxies = comma == std::string::npos ? "" : proxies.substr(comma + 1);
  }
  CLI::Option* rate_limits = command->add_option(
      "--rate-limits", args->rate_limits,
      "запросов с одного адреса (requests per client address) by class: plan=10/s+30,"
      "login=30/min+30,api=50/s+200 (rate and burst; these are the defaults), or off; default "
      "$OKNO_RATE_LIMITS");
  CLI::Option* trusted_proxy = command->add_option(
      "--trusted-proxy", args->trusted_proxies,
      "адрес обратного прокси, чьему X-Forwarded-For верить (a reverse proxy's address whose "
      "X-Forwarded-For is believed: the client is its last hop); may be given again");
  CLI::Option* max_connections =
      command
          ->add_option("--max-connections", args->max_connections,
                       "соединений всего (connections at once, in all; default 1000)")
          ->check(CLI::Range(1, 1'000'000));
  CLI::Option* max_per_client =
      command
          ->add_option("--max-connections-per-client", args->max_connections_per_client,
                       "соединений с одного адреса (connections at once from one address; "
                       "default 64)")
          ->check(CLI::Range(1, 1'000'000));
  CLI::Option* planning_threads =
      command
          ->add_option("--planning-threads", args->planning_threads,
                       "потоков для планов без входа (threads for plans anyone may ask for, "
                       "POST /api/v1/plan; default half the cores; each may have 8 waiting)")
          ->check(CLI::Range(1, 256));
  CLI::Option* request_deadline =
      command
          ->add_option("--request-deadline", args->request_deadline_ms,
                       "мс на запрос (milliseconds a request's work may take; a plan past it "
                       "stops with 503; default 10000)")
          ->check(CLI::Range(1, 600'000));
  CLI::Option* login_lock_after =
      command
          ->add_option("--login-lock-after", args->login_lock_after,
                       "неудачных входов подряд с одного адреса до блокировки имени с него на "
                       "15 минут (failed logins in a row from one address that lock the name "
                       "from it for 15 minutes; default 10; other addresses are only slowed)")
          ->check(CLI::Range(1, 1000));
  args->log_level = EnvironmentOr("OKNO_LOG_LEVEL", "info");
  args->log_format = EnvironmentOr("OKNO_LOG_FORMAT", "json");
  args->config = EnvironmentOr("OKNO_CONFIG", "");
  CLI::Option* log_level = command->add_option(
      "--log-level", args->log_level,
      "журнал в stderr (log level): trace|debug|info|warn|error|off; default $OKNO_LOG_LEVEL or "
      "info (debug: a line per request)");
  CLI::Option* log_format = command->add_option(
      "--log-format", args->log_format,
      "формат журнала (log format): json (a JSON object per line) | text; default "
      "$OKNO_LOG_FORMAT or json");
  command->add_option(
      "--config", args->config,
      "файл настроек YAML или JSON (a settings file: listen, catalog, web, data, keys, "
      "tls_cert, tls_key, behind_tls_proxy, "
      "threads, planning_threads, rate_limits, trusted_proxies, max_connections, "
      "max_connections_per_client, request_deadline_ms, login_lock_after, log_level, "
      "log_format; default $OKNO_CONFIG); флаг и "
      "окружение важнее (a flag, then the environment, win over it)");
  command->footer(
      "Без входа (no login): GET /healthz, POST /api/v1/plan?lang=ru|en — ситуация в теле "
      "(a situation as the body). Остановка (stop): SIGTERM или Ctrl+C, текущие запросы "
      "завершаются (requests in flight finish). Коды выхода (exit codes): 0 остановлен (stopped), "
      "1 каталог с ошибками или адрес занят (catalog errors or address in use), 2 неверные "
      "аргументы (bad arguments)");
  std::vector<Setting> settings = {
      {"listen", "OKNO_LISTEN", listen, TakeText(args->listen)},
      {"catalog", "OKNO_CATALOG", catalog, TakeText(args->catalog)},
      {"web", "OKNO_WEB", web, TakeText(args->web)},
      {"data", "OKNO_DATA", data, TakeText(args->data)},
      {"keys", "OKNO_KEYS", keys, TakeText(args->keys)},
      {"tls_cert", "OKNO_TLS_CERT", tls_cert, TakeText(args->tls_certificate)},
      {"tls_key", "OKNO_TLS_KEY", tls_key, TakeText(args->tls_key)},
      {"behind_tls_proxy", "OKNO_BEHIND_TLS_PROXY", behind_tls_proxy,
       [args](const nlohmann::json& value) -> std::string {
         if (!value.is_boolean()) return "true or false";
         args->behind_tls_proxy = value.get<bool>();
         return "";
       }},
      {"threads", "OKNO_THREADS", threads,
       [args](const nlohmann::json& value) -> std::string {
         if (!value.is_number_integer() || value.get<int>() < 1 || value.get<int>() > 256) {
           return "a whole number from 1 to 256";
         }
         args->threads = value.get<int>();
         return "";
       }},
      // The demo's published passwords are for trying Okno out on one's own machine: asked
      // for on the command line each time, never kept in a configuration file.
      {"demo", "OKNO_DEMO", demo,
       [](const nlohmann::json&) -> std::string {
         return "not a setting of a configuration file: the demo (published passwords) is "
                "started by the --demo flag alone";
       }},
      {"rate_limits", "OKNO_RATE_LIMITS", rate_limits, TakeText(args->rate_limits)},
      {"trusted_proxies", "OKNO_TRUSTED_PROXIES", trusted_proxy,
       [args](const nlohmann::json& value) -> std::string {
         if (!value.is_array()) return "a list of addresses";
         for (const nlohmann::json& address : value) {
           if (!address.is_string()) return "a list of addresses";
           args->trusted_proxies.push_back(address.get<std::string>());
         }
         return "";
       }},
      {"max_connections", "OKNO_MAX_CONNECTIONS", max_connections,
       TakeCount(args->max_connections)},
      {"max_connections_per_client", "OKNO_MAX_CONNECTIONS_PER_CLIENT", max_per_client,
       TakeCount(args->max_connections_per_client)},
      {"planning_threads", "OKNO_PLANNING_THREADS", planning_threads,
       TakeCount(args->planning_threads)},
      {"request_deadline_ms", "OKNO_REQUEST_DEADLINE_MS", request_deadline,
       TakeCount(args->request_deadline_ms)},
      {"login_lock_after", "OKNO_LOGIN_LOCK_AFTER", login_lock_after,
       TakeCount(args->login_lock_after)},
      {"log_level", "OKNO_LOG_LEVEL", log_level, TakeText(args->log_level)},
      {"log_format", "OKNO_LOG_FORMAT", log_format, TakeText(args->log_format)}};
  command->callback([&context, args, settings] {
    context.action = [args, settings](std::ostream& out, std::ostream& err) {
      if (!args->config.empty()) {
        if (Status applied = ApplyConfigFile(args->config, settings); !applied.ok()) {
          err << "okno serve: --config " << applied.message() << "\n";
          return kExitUsage;
        }
      }
      return RunServe(*args, out, err);
    };
  });
}

}  // namespace okno::cli
