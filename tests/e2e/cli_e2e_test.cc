// Runs the built okno binary as a user would and checks what it prints and how it exits.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace okno {
namespace {

using ::testing::HasSubstr;

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

Outcome RunOkno(const std::string& args) {
  std::string command = std::string(OKNO_BINARY) + " " + args + " 2>&1 </dev/null";
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return outcome;
  std::array<char, 4096> chunk;
  while (size_t n = fread(chunk.data(), 1, chunk.size(), pipe))
    outcome.output.append(chunk.data(), n);
  int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

TEST(CliEndToEndTest, HelpListsTheSubcommands) {
  Outcome outcome = RunOkno("--help");
  EXPECT_EQ(outcome.exit_code, 0);
  for (const char* command : {"plan", "screen", "check-catalog", "catalog", "serve",
                              "screen-population", "audit", "simulate", "cel"}) {
    EXPECT_THAT(outcome.output, HasSubstr(command));
  }
}

TEST(CliEndToEndTest, VersionExitsZero) {
  Outcome outcome = RunOkno("--version");
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_THAT(outcome.output, HasSubstr("okno "));
}

TEST(CliEndToEndTest, MistakesExitWithTwo) {
  EXPECT_EQ(RunOkno("frobnicate").exit_code, 2);
  EXPECT_EQ(RunOkno("--no-such-flag").exit_code, 2);
  EXPECT_EQ(RunOkno("").exit_code, 2);
}

TEST(CliEndToEndTest, CommandsNotYetBuiltSaySoAndExitWithTwo) {
  Outcome outcome = RunOkno("simulate");
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.output, HasSubstr("not implemented yet"));
}

}  // namespace
}  // namespace okno
