#include "common/logging.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <sstream>

namespace okno {
namespace {

TEST(LoggingTest, AcceptsEveryNamedLevel) {
  for (const char* level : {"trace", "debug", "info", "warn", "error", "off"}) {
    EXPECT_TRUE(InitLogging(level).ok()) << level;
  }
  ASSERT_TRUE(InitLogging("debug").ok());
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::debug);
  EXPECT_EQ(spdlog::default_logger()->name(), "okno");
}

TEST(LoggingTest, RejectsAnUnknownLevelAndKeepsTheCurrentOne) {
  ASSERT_TRUE(InitLogging("error").ok());
  Status status = InitLogging("verbose");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("'verbose'"), std::string::npos);
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::err);
}

TEST(LoggingTest, EmptyLevelComesFromTheEnvironment) {
  setenv("OKNO_LOG_LEVEL", "info", 1);
  ASSERT_TRUE(InitLogging().ok());
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::info);
  unsetenv("OKNO_LOG_LEVEL");
  ASSERT_TRUE(InitLogging().ok());
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::warn);
}

// The json format: one object per line, a message of fields merged into it.
TEST(LoggingTest, JsonLinesCarryTheFieldsOfTheMessage) {
  std::ostringstream captured;
  ASSERT_TRUE(InitLogging("info", LogFormat::kJson, &captured).ok());
  spdlog::info(LogFields({{"event", "request"}, {"route", "GET /healthz"}, {"status", 200}}));
  spdlog::warn("plain \"text\"");
  std::istringstream lines(captured.str());
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  nlohmann::json request = nlohmann::json::parse(first);
  EXPECT_EQ(request["event"], "request");
  EXPECT_EQ(request["status"], 200);
  EXPECT_EQ(request["level"], "info");
  EXPECT_EQ(request["time"].get<std::string>().size(), 24u);  // 2026-11-27T20:51:16.123Z
  EXPECT_EQ(nlohmann::json::parse(second)["message"], "plain \"text\"");
  ASSERT_TRUE(InitLogging("warn").ok());
}

}  // namespace
}  // namespace okno
