#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <exception>
#include <string>

#include "cli/commands.h"
#include "common/logging.h"

namespace okno::cli {
namespace {

constexpr const char* kDescription =
    "Okno — единое окно: по описанию ситуации человека составляет один план услуг всех "
    "ведомств.\n"
    "Okno (the single window): turns a citizen's situation into one plan across all agencies.";

constexpr const char* kFooter =
    "Подробнее о команде (more on a command): okno COMMAND --help\n"
    "Документация (documentation): README.md, docs/";

void PrintUsageHint(std::ostream& err) {
  err << "okno: список команд и параметров: okno --help (commands and options: okno --help)\n";
}

// CLI11 reports a word that matched no subcommand as an "extra" argument of the main program;
// say what it is instead.
bool ReportUnknownCommand(const CLI::App& app, std::ostream& err) {
  std::vector<std::string> extras = app.remaining();
  if (extras.empty() || !app.get_subcommands().empty()) return false;
  const std::string& word = extras.front();
  if (word.empty() || word.front() == '-') return false;
  err << "okno: неизвестная команда «" << word << "»\n"
      << "okno: unknown command '" << word << "'\n";
  return true;
}

}  // namespace

int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
        RunOptions options) {
  try {
    CLI::App app(kDescription, "okno");
    app.footer(kFooter);
    app.set_version_flag("--version", std::string("okno ") + OKNO_VERSION,
                         "показать версию (print the version)");
    app.set_help_flag("-h,--help", "показать справку (print this help)");
    std::string log_level;
    app.add_option("--log-level", log_level,
                   "журнал в stderr (log level): trace|debug|info|warn|error|off; "
                   "по умолчанию (default) $OKNO_LOG_LEVEL или warn");
    app.require_subcommand(0, 1);

    CommandContext context;
    RegisterCommands(app, context);

    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
      if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
        // --help or --version: CLI11 prints them for whichever subcommand was asked.
        app.exit(error, out, err);
        return kExitOk;
      }
      if (!ReportUnknownCommand(app, err)) {
        err << "okno: ошибка в командной строке (command line error): " << error.what() << "\n";
      }
      PrintUsageHint(err);
      return kExitUsage;
    }

    if (Status status = InitLogging(log_level); !status.ok()) {
      err << "okno: " << status.message() << "\n";
      return kExitUsage;
    }
    if (!context.action) {
      err << app.help();
      err << "\nokno: укажите команду (no command given)\n";
      return kExitUsage;
    }
    if (!options.run_commands) return kExitOk;
    return context.action(out, err);
  } catch (const std::exception& error) {
    err << "okno: внутренняя ошибка (internal error): " << error.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace okno::cli
