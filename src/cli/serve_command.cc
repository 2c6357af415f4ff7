// okno serve [--listen HOST:PORT] [--catalog DIR] [--web DIR] [--threads N]: the HTTP server.
// Stops gracefully on SIGTERM or SIGINT (Ctrl+C): no new connections, requests in flight
// finish, exit 0.

#include <signal.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <thread>

#include "cli/catalog_loading.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "planner/plan.h"
#include "server/http_server.h"
#include "server/public_api.h"

namespace okno::cli {
namespace {

struct ServeArguments {
  std::string listen;
  std::string catalog;
  std::string web;
  int threads = 0;
};

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

std::string FromEnvironment(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
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
  planner::Planner planner(*catalog);
  server::PublicApi api{*catalog, planner, args.web};
  server::Router router;
  server::AddPublicRoutes(router, api);

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
      << catalog->services.size() << " услуг (services); Ctrl+C — остановить (stop)" << std::endl;
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
  args->listen = FromEnvironment("OKNO_LISTEN", "127.0.0.1:8080");
  args->catalog = DefaultCatalogDirectory();
  args->web = FromEnvironment("OKNO_WEB", "web/dist");
  CLI::App* command = app.add_subcommand(std::string(info.name), std::string(info.summary));
  command->add_option("--listen", args->listen,
                      "адрес и порт (address and port; default $OKNO_LISTEN or 127.0.0.1:8080; "
                      "port 0 picks a free one)");
  command->add_option("--catalog", args->catalog,
                      "папка каталога (catalog folder; default $OKNO_CATALOG or catalog/ru)");
  command->add_option("--web", args->web,
                      "собранное веб-приложение (the built web app; default $OKNO_WEB or "
                      "web/dist)");
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
