#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace okno::cli {

// What a parsed subcommand does when run; returns the process exit code (cli.h).
using CommandAction = std::function<int(std::ostream& out, std::ostream& err)>;

// Where subcommands leave the action chosen on the command line, run after parsing succeeds.
struct CommandContext {
  CommandAction action;
};

// One okno subcommand, as `okno --help` lists it.
struct CommandInfo {
  std::string_view name;
  std::string_view summary;  // Russian first, English in parentheses
};

// Each implemented subcommand lives in its own file and registers itself through one of these.
void AddCelCommand(CLI::App& app, CommandContext& context, const CommandInfo& info);
void AddScreenCommand(CLI::App& app, CommandContext& context, const CommandInfo& info);
void AddPlanCommand(CLI::App& app, CommandContext& context, const CommandInfo& info);
void AddServeCommand(CLI::App& app, CommandContext& context, const CommandInfo& info);
void AddUserCommand(CLI::App& app, CommandContext& context, const CommandInfo& info);
void AddAuditCommand(CLI::App& app, CommandContext& context, const CommandInfo& info);
void AddBackupCommand(CLI::App& app, CommandContext& context, const CommandInfo& info);
void AddRestoreCommand(CLI::App& app, CommandContext& context, const CommandInfo& info);
void AddCatalogCommand(CLI::App& app, CommandContext& context, const CommandInfo& info);
void AddCheckCatalogCommand(CLI::App& app, CommandContext& context, const CommandInfo& info);

// Registers every okno subcommand on `app`: the one place that lists them.
void RegisterCommands(CLI::App& app, CommandContext& context);

// The subcommands in the order --help lists them.
const std::vector<CommandInfo>& Commands();

}  // namespace okno::cli
