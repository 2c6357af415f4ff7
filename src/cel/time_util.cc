#include "cel/time_util.h"

#include <date/date.h>
#include <date/tz.h>

#include <charconv>
#include <cmath>
#include <cstdio>

namespace okno::cel {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool ParseDigits(std::string_view text, size_t& pos, int count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (int i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += count;
  out = value;
  return true;
}

}  // namespace

std::string FormatTimestamp(int64_t seconds, int32_t nanos) {
  int64_t days = FloorDiv(seconds, kSecondsPerDay);
  int64_t second_of_day = seconds - days * kSecondsPerDay;
  date::year_month_day ymd{date::sys_days{date::days{days}}};
  char text[64];
  int n = std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d", int(ymd.year()),
                        unsigned(ymd.month()), unsigned(ymd.day()), int(second_of_day / 3600),
                        int(second_of_day / 60 % 60), int(second_of_day % 60));
  std::string out(text, n);
  if (nanos != 0) {
    if (nanos % 1'000'000 == 0) {
      std::snprintf(text, sizeof text, ".%03d", nanos / 1'000'000);
    } else if (nanos % 1000 == 0) {
      std::snprintf(text, sizeof text, ".%06d", nanos / 1000);
    } else {
      std::snprintf(text, sizeof text, ".%09d", nanos);
    }
    out += text;
  }
  out += 'Z';
  return out;
}

Result<SecondsNanos> ParseTimestamp(std::string_view text) {
  auto bad = [&] {
    return InvalidArgumentError("timestamp '" + std::string(text) +
                                "' is not RFC 3339 (like 2026-11-26T09:30:00Z)");
  };
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ParseDigits(text, pos, 4, year) || pos >= text.size() || text[pos++] != '-' ||
      !ParseDigits(text, pos, 2, month) || pos >= text.size() || text[pos++] != '-' ||
      !ParseDigits(text, pos, 2, day) || pos >= text.size() ||
      (text[pos] != 'T' && text[pos] != 't')) {
    return bad();
  }
  ++pos;
  if (!ParseDigits(text, pos, 2, hour) || pos >= text.size() || text[pos++] != ':' ||
      !ParseDigits(text, pos, 2, minute) || pos >= text.size() || text[pos++] != ':' ||
      !ParseDigits(text, pos, 2, second)) {
    return bad();
  }
  int32_t nanos = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 9) nanos = nanos * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return bad();
    for (int i = digits; i < 9; ++i) nanos *= 10;
  }
  int64_t offset_seconds = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos++] == '-' ? -1 : 1;
    int offset_hours = 0, offset_minutes = 0;
    if (!ParseDigits(text, pos, 2, offset_hours) || pos >= text.size() || text[pos++] != ':' ||
        !ParseDigits(text, pos, 2, offset_minutes)) {
      return bad();
    }
    offset_seconds = sign * (offset_hours * 3600 + offset_minutes * 60);
  } else {
    return bad();
  }
  if (pos != text.size()) return bad();
  date::year_month_day ymd{date::year{year}, date::month{unsigned(month)},
                           date::day{unsigned(day)}};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 59) return bad();
  int64_t days = date::sys_days{ymd}.time_since_epoch().count();
  int64_t seconds = days * kSecondsPerDay + hour * 3600 + minute * 60 + second - offset_seconds;
  if (seconds < kMinTimestampSeconds || seconds > kMaxTimestampSeconds) {
    return InvalidArgumentError("timestamp '" + std::string(text) + "' is out of range");
  }
  return SecondsNanos{seconds, nanos};
}

std::string FormatDuration(int64_t seconds, int32_t nanos) {
  std::string out;
  if (seconds < 0 || nanos < 0) {
    out += '-';
    seconds = -seconds;
    nanos = -nanos;
  }
  out += std::to_string(seconds);
  if (nanos != 0) {
    char text[16];
    std::snprintf(text, sizeof text, ".%09d", nanos);
    std::string fraction(text);
    while (fraction.back() == '0') fraction.pop_back();
    out += fraction;
  }
  out += 's';
  return out;
}

Result<SecondsNanos> ParseDuration(std::string_view text) {
  auto bad = [&] {
    return InvalidArgumentError("duration '" + std::string(text) +
                                "' is not like 3600s, 1h30m or -1.5s");
  };
  size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) negative = text[pos++] == '-';
  if (text.substr(pos) == "0") return SecondsNanos{};
  if (pos == text.size()) return bad();
  // Accumulate in nanoseconds as a wide integer, so overflow is caught before the range check.
  __int128 total = 0;
  const __int128 limit = static_cast<__int128>(kMaxDurationSeconds + 1) * kNanosPerSecond;
  while (pos < text.size()) {
    __int128 whole = 0;
    size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      whole = whole * 10 + (text[pos++] - '0');
      if (whole > limit)
        return InvalidArgumentError("duration '" + std::string(text) + "' is out of range");
    }
    __int128 fraction = 0, scale = 1;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (scale < 1'000'000'000'000'000'000) {
          fraction = fraction * 10 + (text[pos] - '0');
          scale *= 10;
        }
        ++pos;
      }
    }
    if (pos == start) return bad();
    int64_t unit;
    std::string_view rest = text.substr(pos);
    if (rest.starts_with("ns")) {
      unit = 1, pos += 2;
    } else if (rest.starts_with("us")) {
      unit = 1000, pos += 2;
    } else if (rest.starts_with("\xc2\xb5s")) {
      unit = 1000, pos += 3;
    } else if (rest.starts_with("ms")) {
      unit = 1'000'000, pos += 2;
    } else if (rest.starts_with("s")) {
      unit = kNanosPerSecond, pos += 1;
    } else if (rest.starts_with("m")) {
      unit = 60LL * kNanosPerSecond, pos += 1;
    } else if (rest.starts_with("h")) {
      unit = 3600LL * kNanosPerSecond, pos += 1;
    } else {
      return bad();
    }
    total += whole * unit + fraction * unit / scale;
    if (total > limit) {
      return InvalidArgumentError("duration '" + std::string(text) + "' is out of range");
    }
  }
  if (negative) total = -total;
  int64_t seconds = static_cast<int64_t>(total / kNanosPerSecond);
  int32_t nanos = static_cast<int32_t>(total % kNanosPerSecond);
  if (!DurationInRange(seconds, nanos)) {
    return InvalidArgumentError("duration '" + std::string(text) + "' is out of range");
  }
  return SecondsNanos{seconds, nanos};
}

std::string FormatDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char text[32];
  auto [end, error] = std::to_chars(text, text + sizeof text, value);
  return std::string(text, end);
}

Result<CivilTime> ToCivil(int64_t seconds, int32_t nanos, std::string_view zone) {
  int64_t offset = 0;
  if (!zone.empty() && zone != "UTC" && zone != "Z") {
    if (zone[0] == '+' || zone[0] == '-' || (zone[0] >= '0' && zone[0] <= '9')) {
      // A fixed offset: [+|-]HH:MM, unsigned meaning east of UTC.
      size_t pos = (zone[0] == '+' || zone[0] == '-') ? 1 : 0;
      int hours = 0, minutes = 0;
      if (!ParseDigits(zone, pos, 2, hours) || pos >= zone.size() || zone[pos++] != ':' ||
          !ParseDigits(zone, pos, 2, minutes) || pos != zone.size()) {
        return InvalidArgumentError("time zone offset '" + std::string(zone) +
                                    "' is not like +03:00");
      }
      offset = (zone[0] == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    } else {
      try {
        const date::time_zone* tz = date::locate_zone(std::string(zone));
        auto info = tz->get_info(date::sys_seconds{std::chrono::seconds{seconds}});
        offset = info.offset.count();
      } catch (const std::exception&) {
        return InvalidArgumentError("unknown time zone '" + std::string(zone) + "'");
      }
    }
  }
  int64_t local = seconds + offset;
  int64_t days = FloorDiv(local, kSecondsPerDay);
  int64_t second_of_day = local - days * kSecondsPerDay;
  date::sys_days day_point{date::days{days}};
  date::year_month_day ymd{day_point};
  date::year_month_day year_start{ymd.year(), date::January, date::day{1}};
  CivilTime civil;
  civil.year = int(ymd.year());
  civil.month = int(unsigned(ymd.month()));
  civil.day = int(unsigned(ymd.day()));
  civil.day_of_year = int((day_point - date::sys_days{year_start}).count());
  civil.day_of_week = int(date::weekday{day_point}.c_encoding());
  civil.hours = int(second_of_day / 3600);
  civil.minutes = int(second_of_day / 60 % 60);
  civil.seconds = int(second_of_day % 60);
  civil.milliseconds = nanos / 1'000'000;
  return civil;
}

}  // namespace okno::cel
