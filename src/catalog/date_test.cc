#include "catalog/date.h"

#include <gtest/gtest.h>

namespace okno::catalog {
namespace {

TEST(DateTest, ParsesRealDatesOnly) {
  EXPECT_EQ(ParseDate("2026-03-01"), (Date{2026, 3, 1}));
  EXPECT_EQ(ParseDate("2024-02-29"), (Date{2024, 2, 29}));
  EXPECT_FALSE(ParseDate("2026-02-29"));
  EXPECT_FALSE(ParseDate("2026-13-01"));
  EXPECT_FALSE(ParseDate("2026-3-1"));
  EXPECT_FALSE(ParseDate("01.03.2026"));
  EXPECT_FALSE(ParseDate("2026-03-01T00:00:00Z"));
}

TEST(DateTest, DaysRoundTrip) {
  EXPECT_EQ((Date{1970, 1, 1}).DaysSinceEpoch(), 0);
  EXPECT_EQ((Date{2026, 1, 1}).DaysSinceEpoch(), 20454);
  for (int64_t days : {-1000, 0, 59, 20454, 30000}) {
    EXPECT_EQ(Date::FromDaysSinceEpoch(days).DaysSinceEpoch(), days);
  }
  EXPECT_EQ((Date{2026, 11, 27}).ToString(), "2026-11-27");
}

TEST(DateTest, AgeCountsTheBirthdayOnItsDay) {
  EXPECT_EQ(YearsBetween({2009, 7, 1}, {2026, 7, 1}), 17);
  EXPECT_EQ(YearsBetween({2009, 7, 2}, {2026, 7, 1}), 16);
  // Born on 29 February: a year older on 1 March in common years.
  EXPECT_EQ(YearsBetween({2008, 2, 29}, {2026, 2, 28}), 17);
  EXPECT_EQ(YearsBetween({2008, 2, 29}, {2026, 3, 1}), 18);
  EXPECT_EQ(YearsBetween({2008, 2, 29}, {2028, 2, 29}), 20);
}

TEST(DateTest, MonthsCountWholeMonths) {
  EXPECT_EQ(MonthsBetween({2025, 1, 31}, {2025, 2, 28}), 1);  // the month's last day
  EXPECT_EQ(MonthsBetween({2025, 1, 15}, {2026, 7, 14}), 17);
  EXPECT_EQ(MonthsBetween({2025, 1, 15}, {2026, 7, 15}), 18);
}

}  // namespace
}  // namespace okno::catalog
