// okno serve [--listen HOST:PORT] [--catalog DIR] [--web DIR] [--threads N]: the HTTP server.
// Stops gracefully on SIGTERM or SIGINT (Ctrl+C): no new connections, requests in flight
// finish, exit 0.

#include <signal.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <filesystem>
#include <thread>

#include "audit/audit_log.h"
#include "auth/user_store.h"
#include "cases/case_service.h"
#include "cli/catalog_loading.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/data_file.h"
#include "planner/plan.h"
#include "server/case_api.h"
#include "server/http_server.h"
#include "server/public_api.h"
#include "server/routes.h"
#include "store/sqlite_event_store.h"

namespace okno::cli {
namespace {

struct ServeArguments {
  std::string listen;
  std::string catalog;
  std::string web;
  std::string data;
  int threads = 0;
  bool demo = false;
};

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
  out << "Демо-пользователи (demo users), логин / пароль:\n";
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

int RunServe(const ServeArguments& args, std::ostream& out, std::ostream& err) {
  server::ServerOptions options;
  if (!ParseListen(args.listen, options)) {
    err << "okno serve: --listen '" << args.listen
        << "': ожидается адрес:порт, например 127.0.0.1:8080 (expected HOST:PORT)\n";
    return kExitUsage;
  }
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  options.io_threads = args.threads > 0 ? args.threads : static_cast<int>(cores);
  options.worker_threads = args.threads > 0 ? args.threads : static_cast<int>(cores);

  std::optional<catalog::Catalog> catalog = LoadCatalogOrReport(args.catalog, "serve", err);
  if (!catalog) return kExitFailure;
  planner::CatalogSource catalogs(std::make_shared<const planner::LoadedCatalog>(
      std::make_shared<const catalog::Catalog>(std::move(*catalog))));

  std::error_code created;
  std::filesystem::create_directories(args.data, created);
  std::string file = (std::filesystem::path(args.data) / "okno.db").string();
  Result<std::unique_ptr<store::SqliteEventStore>> events = store::SqliteEventStore::Open(file);
  if (!events.ok()) {
    err << "okno serve: " << events.status().message() << "\n";
    return kExitFailure;
  }
  Result<std::unique_ptr<auth::UserStore>> users = auth::UserStore::Open(file);
  if (!users.ok()) {
    err << "okno serve: " << users.status().message() << "\n";
    return kExitFailure;
  }
  Result<std::unique_ptr<audit::AuditLog>> audit_log = audit::AuditLog::Open(file);
  if (!audit_log.ok()) {
    err << "okno serve: " << audit_log.status().message() << "\n";
    return kExitFailure;
  }
  cases::CaseService cases(**events, catalogs);
  // Cases recorded by an older Okno have no summary for lists yet.
  if (Result<int> indexed = cases.IndexMissing(); !indexed.ok()) {
    err << "okno serve: " << indexed.status().message() << "\n";
    return kExitFailure;
  } else if (*indexed > 0) {
    out << "Проиндексировано случаев (cases indexed): " << *indexed << "\n";
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

  server::PublicApi api{catalogs, args.web};
  server::CaseApi case_api{cases, **users, **audit_log};
  server::Router router;
  server::AddRoutes(router, api, case_api);

  // The signals wait for this thread alone: block them before any server thread starts.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Result<std::unique_ptr<server::HttpServer>> started = server::HttpServer::Start(options, router);
  if (!started.ok()) {
    err << "okno serve: " << started.status().message() << "\n";
    return kExitFailure;
  }
  server::HttpServer& http = **started;
  out << "Окно слушает http://" << options.host << ":" << http.port()
      << " (Okno is listening); каталог (catalog) " << args.catalog << ", "
      << catalogs.Current()->catalog().services.size()
      << " услуг (services); Ctrl+C — остановить (stop)" << std::endl;
  int signal = 0;
  sigwait(&stop_signals, &signal);
  out << "Окно останавливается (stopping): " << (signal == SIGTERM ? "SIGTERM" : "SIGINT")
      << std::endl;
  http.Stop();
  http.Wait();
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
  command->add_option("--listen", args->listen,
                      "адрес и порт (address and port; default $OKNO_LISTEN or 127.0.0.1:8080; "
                      "port 0 picks a free one)");
  command->add_option("--catalog", args->catalog,
                      "папка каталога (catalog folder; default $OKNO_CATALOG or catalog/ru)");
  command->add_option("--web", args->web,
                      "собранное веб-приложение (the built web app; default $OKNO_WEB or "
                      "web/dist)");
  command->add_option("--data", args->data,
                      "папка данных: случаи и пользователи (data folder: cases and users; default "
                      "$OKNO_DATA or data)");
  command->add_flag("--demo", args->demo,
                    "демо: пользователи всех ролей (пароли печатаются) и два случая (demo users "
                    "of every role, their passwords printed, and two cases)");
  command
      ->add_option("--threads", args->threads,
                   "потоков ввода-вывода и обработчиков (io and handler threads; default: one "
                   "per core)")
      ->check(CLI::Range(1, 256));
  command->footer(
      "Без входа (no login): GET /healthz, POST /api/v1/plan?lang=ru|en — ситуация в теле "
      "(a situation as the body). Остановка (stop): SIGTERM или Ctrl+C, текущие запросы "
      "завершаются (requests in flight finish). Коды выхода (exit codes): 0 остановлен (stopped), "
      "1 каталог с ошибками или адрес занят (catalog errors or address in use), 2 неверные "
      "аргументы (bad arguments)");
  command->callback([&context, args] {
    context.action = [args](std::ostream& out, std::ostream& err) {
      return RunServe(*args, out, err);
    };
  });
}

}  // namespace okno::cli
