#include "cli/cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace okno::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct Outcome {
  int exit_code;
  std::string out;
  std::string err;
};

Outcome RunArgs(std::vector<const char*> args) {
  args.insert(args.begin(), "okno");
  std::ostringstream out, err;
  int code = Run(static_cast<int>(args.size()), args.data(), out, err);
  return {code, out.str(), err.str()};
}

TEST(CliTest, VersionPrintsTheProjectVersion) {
  Outcome outcome = RunArgs({"--version"});
  EXPECT_EQ(outcome.exit_code, kExitOk);
  EXPECT_EQ(outcome.out, std::string("okno ") + OKNO_TEST_VERSION + "\n");
}

TEST(CliTest, HelpListsEverySubcommandWithItsSummary) {
  Outcome outcome = RunArgs({"--help"});
  EXPECT_EQ(outcome.exit_code, kExitOk);
  for (const CommandInfo& command : Commands()) {
    EXPECT_THAT(outcome.out, HasSubstr(std::string(command.name))) << command.name;
    EXPECT_THAT(outcome.out, HasSubstr(std::string(command.summary))) << command.name;
  }
}

// DESIGN.md §3.10's commands, and the administrator's backup and restore (issue 6).
TEST(CliTest, TheSubcommandsAreThoseOfTheDesign) {
  std::vector<std::string> names;
  for (const CommandInfo& command : Commands()) names.emplace_back(command.name);
  EXPECT_THAT(names, ::testing::ElementsAre("plan", "screen", "check-catalog", "catalog", "serve",
                                            "user", "screen-population", "audit", "backup",
                                            "restore", "simulate", "cel"));
}

TEST(CliTest, UnknownCommandIsAUsageErrorThatNamesIt) {
  Outcome outcome = RunArgs({"frobnicate"});
  EXPECT_EQ(outcome.exit_code, kExitUsage);
  EXPECT_THAT(outcome.err, HasSubstr("unknown command 'frobnicate'"));
  EXPECT_THAT(outcome.err, HasSubstr("okno --help"));
  EXPECT_THAT(outcome.out, IsEmpty());
}

TEST(CliTest, UnknownFlagIsAUsageError) {
  Outcome outcome = RunArgs({"--frobnicate"});
  EXPECT_EQ(outcome.exit_code, kExitUsage);
  EXPECT_THAT(outcome.err, HasSubstr("--frobnicate"));
}

TEST(CliTest, BadLogLevelIsAUsageError) {
  Outcome outcome = RunArgs({"--log-level", "loud", "screen"});
  EXPECT_EQ(outcome.exit_code, kExitUsage);
  EXPECT_THAT(outcome.err, HasSubstr("'loud'"));
}

TEST(CliTest, NoCommandPrintsHelpAndIsAUsageError) {
  Outcome outcome = RunArgs({});
  EXPECT_EQ(outcome.exit_code, kExitUsage);
  EXPECT_THAT(outcome.err, HasSubstr("check-catalog"));
}

TEST(CliTest, PendingCommandSaysSoAndPrintsNothingOnStdout) {
  Outcome outcome = RunArgs({"simulate", "--models", "all"});
  EXPECT_EQ(outcome.exit_code, kExitUsage);
  EXPECT_THAT(outcome.err, HasSubstr("okno simulate: this command is not implemented yet"));
  EXPECT_THAT(outcome.out, IsEmpty());
}

TEST(CliTest, ServeRefusesABadListenAddress) {
  Outcome outcome = RunArgs({"serve", "--listen", "localhost"});
  EXPECT_EQ(outcome.exit_code, kExitUsage);
  EXPECT_THAT(outcome.err, HasSubstr("expected HOST:PORT"));
}

TEST(CliTest, NestedCommandsNeedTheirSubcommand) {
  EXPECT_EQ(RunArgs({"audit"}).exit_code, kExitUsage);
  Outcome outcome = RunArgs({"audit", "verify", "--data", "/nonexistent/okno-data"});
  EXPECT_EQ(outcome.exit_code, kExitUsage);
  EXPECT_THAT(outcome.err, HasSubstr("no data file"));
  EXPECT_EQ(RunArgs({"catalog", "export", "--help"}).exit_code, kExitOk);
}

TEST(CliTest, ParseOnlyModeRunsNoCommand) {
  const char* args[] = {"okno", "screen"};
  std::ostringstream out, err;
  EXPECT_EQ(cli::Run(2, args, out, err, {.run_commands = false}), kExitOk);
  EXPECT_THAT(err.str(), IsEmpty());
}

}  // namespace
}  // namespace okno::cli
