#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include "cli/cli.h"

namespace okno::cli {
namespace {

// A subcommand whose capability has not landed yet. It accepts any arguments, so that a user
// who types a full command line learns that the command is missing, not that an argument is
// wrong; it prints nothing on standard output and exits with kExitUsage.
void AddPendingCommand(CLI::App& parent, CommandContext& context, const CommandInfo& info,
                       std::string full_name) {
  CLI::App* command = parent.add_subcommand(std::string(info.name), std::string(info.summary));
  command->allow_extras();
  command->callback([&context, full_name = std::move(full_name)] {
    context.action = [full_name](std::ostream&, std::ostream& err) {
      err << "okno " << full_name << ": команда ещё не реализована\n"
          << "okno " << full_name << ": this command is not implemented yet\n";
      return kExitUsage;
    };
  });
}

}  // namespace

const std::vector<CommandInfo>& Commands() {
  static const std::vector<CommandInfo> commands = {
      {"plan", "составить единый план по ситуации (make one integrated plan for a situation)"},
      {"screen", "пошаговый опрос: только нужные вопросы (adaptive questionnaire)"},
      {"check-catalog", "проверить каталог и тесты правил (validate the catalog, run rule tests)"},
      {"catalog", "экспорт и импорт каталога, HSDS (export and import the catalog, HSDS)"},
      {"serve", "запустить сервер и веб-приложение (start the HTTP server and web app)"},
      {"user",
       "пользователи: добавить, отключить, сменить пароль (users: add, disable, reset a "
       "password)"},
      {"screen-population",
       "проактивный скрининг населения (screen a population for new entitlements)"},
      {"audit", "журнал аудита: проверка цепочки (audit log: verify the hash chain)"},
      {"backup",
       "резервная копия данных при работающем сервере (back up the data while the server "
       "runs)"},
      {"restore", "восстановить данные из копии (restore the data from a backup)"},
      {"simulate", "моделирование моделей интеграции (simulate the integration models)"},
      {"cel", "вычислить выражение CEL (evaluate a CEL expression)"},
  };
  return commands;
}

void RegisterCommands(CLI::App& app, CommandContext& context) {
  for (const CommandInfo& info : Commands()) {
    if (info.name == "catalog") {
      AddCatalogCommand(app, context, info);
    } else if (info.name == "audit") {
      AddAuditCommand(app, context, info);
    } else if (info.name == "backup") {
      AddBackupCommand(app, context, info);
    } else if (info.name == "restore") {
      AddRestoreCommand(app, context, info);
    } else if (info.name == "cel") {
      AddCelCommand(app, context, info);
    } else if (info.name == "screen") {
      AddScreenCommand(app, context, info);
    } else if (info.name == "plan") {
      AddPlanCommand(app, context, info);
    } else if (info.name == "serve") {
      AddServeCommand(app, context, info);
    } else if (info.name == "user") {
      AddUserCommand(app, context, info);
    } else if (info.name == "check-catalog") {
      AddCheckCatalogCommand(app, context, info);
    } else {
      AddPendingCommand(app, context, info, std::string(info.name));
    }
  }
}

}  // namespace okno::cli
