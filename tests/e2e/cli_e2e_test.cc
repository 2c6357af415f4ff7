// Runs the built okno binary as a user would and checks what it prints and how it exits.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include "support/run_okno.h"

namespace okno {
namespace {

using ::testing::HasSubstr;

using testing::Outcome;
using testing::RunOkno;

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

// Writes `text` to a file in the temporary folder and returns its path.
std::string TempFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + name;
  FILE* file = fopen(path.c_str(), "w");
  fputs(text.c_str(), file);
  fclose(file);
  return path;
}

TEST(CelCommandTest, PrintsOneJsonObjectPerOutcomeWithItsExitCode) {
  std::string vars = TempFile("okno_vars.yaml",
                              "person: {age: 30, id: anna}\nincome: 23400\nratio: 1.5\n"
                              "excluded: [bob]\nraw: 'AP8='\n");
  Outcome value =
      RunOkno("cel 'person.age >= 18 && !(person.id in excluded)' --vars " + vars + " --json");
  EXPECT_EQ(value.exit_code, 0);
  EXPECT_EQ(value.output, "{\"value\":true}\n");

  Outcome unknown = RunOkno("cel 'person.age >= 18 && income < 30000 && zz > 1' --vars " + vars +
                            " --unknown person.age --unknown zz --json");
  EXPECT_EQ(unknown.exit_code, 0);
  EXPECT_EQ(unknown.output, "{\"unknown\":[\"person.age\",\"zz\"]}\n");

  Outcome error = RunOkno("cel '1 +\n 10 / 0' --json");
  EXPECT_EQ(error.exit_code, 1);
  EXPECT_EQ(error.output,
            "{\"error\":{\"column\":5,\"line\":2,\"message\":\"division by zero\"}}\n");

  Outcome check = RunOkno("cel 'nobody > 1' --json");
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_THAT(check.output, HasSubstr("undeclared reference to 'nobody'"));

  Outcome syntax = RunOkno("cel '1 + ' --json");
  EXPECT_EQ(syntax.exit_code, 2);
  EXPECT_THAT(syntax.output, HasSubstr("\"column\":5"));
}

TEST(CelCommandTest, WritesValuesInTheAgreedJsonForms) {
  EXPECT_EQ(RunOkno("cel '2.0 * 1.25' --json").output, "{\"value\":2.5}\n");
  EXPECT_EQ(RunOkno("cel '7u' --json").output, "{\"value\":7}\n");
  EXPECT_EQ(RunOkno("cel '-1.0 / 0.0' --json").output, "{\"value\":\"-Infinity\"}\n");
  EXPECT_EQ(RunOkno("cel \"b'\\x00\\xff'\" --json").output, "{\"value\":\"AP8=\"}\n");
  EXPECT_EQ(RunOkno("cel \"timestamp('2026-11-26T00:00:00Z') + duration('90m')\" --json").output,
            "{\"value\":\"2026-11-26T01:30:00Z\"}\n");
  EXPECT_EQ(RunOkno("cel \"duration('1h')\" --json").output, "{\"value\":\"3600s\"}\n");
  EXPECT_EQ(RunOkno("cel '{1: [true, null]}' --json").output, "{\"value\":[[1,[true,null]]]}\n");
  EXPECT_EQ(RunOkno("cel 'type(1u)' --json").output, "{\"value\":\"uint\"}\n");
}

TEST(CelCommandTest, ReadableOutputShowsTheSourceAndACaret) {
  Outcome error = RunOkno("cel 'size(1) + 1'");
  EXPECT_EQ(error.exit_code, 2);
  EXPECT_THAT(error.output, HasSubstr(" | size(1) + 1\n | ^"));
  Outcome bad_vars = RunOkno("cel x --vars /nonexistent/vars.json");
  EXPECT_EQ(bad_vars.exit_code, 2);
  EXPECT_THAT(bad_vars.output, HasSubstr("cannot read /nonexistent/vars.json"));
}

TEST(CliEndToEndTest, CommandsNotYetBuiltSaySoAndExitWithTwo) {
  Outcome outcome = RunOkno("simulate");
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.output, HasSubstr("not implemented yet"));
}

}  // namespace
}  // namespace okno
