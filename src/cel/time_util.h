#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace okno::cel {

inline constexpr int32_t kNanosPerSecond = 1'000'000'000;
// CEL timestamps run from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
inline constexpr int64_t kMinTimestampSeconds = -62'135'596'800;
inline constexpr int64_t kMaxTimestampSeconds = 253'402'300'799;
// CEL durations are what 64-bit nanoseconds hold, about ±292 years (the conformance suite
// rejects the 9,998 years between the first and last timestamps).
inline constexpr int64_t kMaxDurationSeconds = 9'223'372'036;

// Whether seconds + nanos fits in 64-bit nanoseconds.
inline bool DurationInRange(int64_t seconds, int64_t nanos) {
  __int128 total = static_cast<__int128>(seconds) * 1'000'000'000 + nanos;
  return total >= INT64_MIN && total <= INT64_MAX;
}

struct SecondsNanos {
  int64_t seconds = 0;
  int32_t nanos = 0;
};

// RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits: "2026-11-26T09:30:00.500Z".
std::string FormatTimestamp(int64_t seconds, int32_t nanos);
// Parses RFC 3339 ("2026-11-26T09:30:00Z", "...T09:30:00.5+03:00"); range checked.
Result<SecondsNanos> ParseTimestamp(std::string_view text);

// Seconds with as many fractional digits as needed: "3600s", "1.5s", "-0.000000001s".
std::string FormatDuration(int64_t seconds, int32_t nanos);
// Parses a Go-style duration: an optional sign, then numbers with units h, m, s, ms, us, µs,
// ns ("1h30m", "-1.5s", "0"); range checked.
Result<SecondsNanos> ParseDuration(std::string_view text);

// The shortest decimal text that reads back as `value`: "123.456", "-0.0045", "1e+100",
// "NaN", "Infinity", "-Infinity".
std::string FormatDouble(double value);

// The parts of a timestamp as seen in a time zone.
struct CivilTime {
  int64_t year;
  int month;        // 1..12
  int day;          // 1..31
  int day_of_year;  // 0..365
  int day_of_week;  // 0 = Sunday
  int hours, minutes, seconds;
  int milliseconds;
};

// Breaks a timestamp down in time zone `zone`: empty or "UTC", an IANA name
// ("Europe/Moscow", from the system's tzdata) or a fixed offset ("+03:00", "-08:00").
Result<CivilTime> ToCivil(int64_t seconds, int32_t nanos, std::string_view zone);

}  // namespace okno::cel
