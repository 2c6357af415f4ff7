#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace okno::catalog {

// A calendar date (the catalog's effective dates, birth dates, a situation's as_of).
struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  auto operator<=>(const Date&) const = default;

  // Days since 1970-01-01.
  int64_t DaysSinceEpoch() const;
  static Date FromDaysSinceEpoch(int64_t days);
  // The date of a timestamp (seconds since the epoch, UTC), as a rule sees a date fact.
  static Date FromEpochSeconds(int64_t seconds) {
    return FromDaysSinceEpoch(seconds >= 0 ? seconds / 86'400 : -((-seconds + 86'399) / 86'400));
  }
  // Midnight UTC of the date, in seconds since the epoch: how a rule sees it as a timestamp.
  int64_t EpochSeconds() const { return DaysSinceEpoch() * 86'400; }
  // "2026-03-01".
  std::string ToString() const;
  // Today in the machine's time zone: the default date of a situation.
  static Date Today();
};

// Parses "YYYY-MM-DD" (a real date: no 2026-02-30); nullopt otherwise.
std::optional<Date> ParseDate(std::string_view text);

// Whole years from `birth` to `on` (a person's age): the birthday counts on its day; someone
// born on 29 February has it on 1 March in other years, as Russian practice counts it.
int YearsBetween(const Date& birth, const Date& on);
// Whole months from `birth` to `on`.
int MonthsBetween(const Date& birth, const Date& on);

}  // namespace okno::catalog
