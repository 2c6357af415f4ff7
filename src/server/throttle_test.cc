#include "server/throttle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace okno::server {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(RateLimiterTest, ABurstThenTheRateForEachClientApart) {
  RateLimiter limiter({{"plan", {2, 3}}});
  Clock::time_point now{};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("10.0.0.1", "plan", now), milliseconds(0));
  milliseconds wait = limiter.Take("10.0.0.1", "plan", now);
  EXPECT_GT(wait, milliseconds(0));
  EXPECT_LE(wait, milliseconds(500));
  // Another client, and another class, are not held up by this one.
  EXPECT_EQ(limiter.Take("10.0.0.2", "plan", now), milliseconds(0));
  EXPECT_EQ(limiter.Take("10.0.0.1", "api", now), milliseconds(0));
  // Half a second later one more request may go.
  EXPECT_EQ(limiter.Take("10.0.0.1", "plan", now + milliseconds(500)), milliseconds(0));
  EXPECT_GT(limiter.Take("10.0.0.1", "plan", now + milliseconds(500)), milliseconds(0));
}

TEST(RateLimiterTest, LimitsAreReadFromTheirText) {
  Result<std::map<std::string, Rate>> parsed =
      ParseRateLimits("plan=5/s+20,login=12/min", DefaultRateLimits());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ((*parsed)["plan"].per_second, 5);
  EXPECT_EQ((*parsed)["plan"].burst, 20);
  EXPECT_DOUBLE_EQ((*parsed)["login"].per_second, 0.2);
  EXPECT_EQ((*parsed)["login"].burst, 12);
  EXPECT_EQ((*parsed)["api"].per_second, DefaultRateLimits()["api"].per_second);
  EXPECT_TRUE(ParseRateLimits("off", DefaultRateLimits())->empty());
  for (const char* bad : {"plan", "plan=5", "plan=x/s", "plan=5/h", "cases=5/s", "plan=5/s+0"}) {
    EXPECT_FALSE(ParseRateLimits(bad, DefaultRateLimits()).ok()) << bad;
  }
}

// The security review's finding 4: 55 wrong passwords, then the right one accepted, and nothing
// slowed the guessing. Now each failure past the third slows every attempt on that login, and
// ten in a row from one address lock that login from that address — not from another.
TEST(LoginGuardTest, FailuresSlowALoginAndLockItOnlyFromTheGuessingAddress) {
  LoginGuard guard;
  Clock::time_point now{};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(guard.Check("operator", "203.0.113.9", now).delay, milliseconds(0));
    guard.Record("operator", "203.0.113.9", false, now);
  }
  milliseconds previous{0};
  for (int i = 3; i < 10; ++i) {
    LoginGuard::Verdict verdict = guard.Check("operator", "203.0.113.9", now);
    EXPECT_EQ(verdict.locked_for, milliseconds(0)) << i;
    EXPECT_TRUE(verdict.delay > previous || verdict.delay == milliseconds(8000)) << i;
    previous = verdict.delay;
    guard.Record("operator", "203.0.113.9", false, now);
  }
  EXPECT_GT(guard.Check("operator", "203.0.113.9", now).locked_for, milliseconds(0));
  EXPECT_LE(guard.Check("operator", "203.0.113.9", now).locked_for, seconds(900));
  // The real operator at her own desk is slowed, never locked out.
  LoginGuard::Verdict office = guard.Check("operator", "10.1.2.3", now);
  EXPECT_EQ(office.locked_for, milliseconds(0));
  EXPECT_LE(office.delay, milliseconds(8000));
  guard.Record("operator", "10.1.2.3", true, now);
  EXPECT_EQ(guard.Check("operator", "10.1.2.3", now).delay, milliseconds(0));
  // The lock from the guessing address ends with its time.
  EXPECT_GT(guard.Check("operator", "203.0.113.9", now + seconds(899)).locked_for, milliseconds(0));
  EXPECT_EQ(guard.Check("operator", "203.0.113.9", now + seconds(901)).locked_for, milliseconds(0));
  // Another login is untouched.
  EXPECT_EQ(guard.Check("manager", "203.0.113.9", now).delay, milliseconds(0));
}

}  // namespace
}  // namespace okno::server
