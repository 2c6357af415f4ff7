#include "common/logging.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

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

}  // namespace
}  // namespace okno
