#include "cel/value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "cel/time_util.h"

namespace okno::cel {
namespace {

TEST(ValueTest, IsSixteenBytesAndSharesHeapPayloads) {
  Value text = Value::String("окно");
  Value copy = text;
  EXPECT_EQ(&copy.string_value(), &text.string_value());
  EXPECT_EQ(copy.string_value(), "окно");
}

TEST(ValueTest, NumbersCompareAcrossKinds) {
  EXPECT_TRUE(Equal(Value::Int(1), Value::Uint(1)));
  EXPECT_TRUE(Equal(Value::Int(1), Value::Double(1.0)));
  EXPECT_FALSE(Equal(Value::Int(1), Value::Double(1.5)));
  EXPECT_EQ(Compare(Value::Int(-1), Value::Uint(0)), -1);
  EXPECT_EQ(Compare(Value::Uint(UINT64_MAX), Value::Int(INT64_MAX)), 1);
  // As CEL's conformance suite wants: the int is rounded to a double before comparing.
  EXPECT_EQ(Compare(Value::Double(9223372036854775808.0), Value::Int(INT64_MAX)), 0);
  EXPECT_EQ(Compare(Value::Double(std::nan("")), Value::Int(1)), 2);
  EXPECT_FALSE(Equal(Value::Double(std::nan("")), Value::Double(std::nan(""))));
  EXPECT_EQ(Compare(Value::String("a"), Value::Int(1)), 3);
}

TEST(ValueTest, DifferentKindsAreUnequal) {
  EXPECT_FALSE(Equal(Value::String("1"), Value::Int(1)));
  EXPECT_FALSE(Equal(Value::Null(), Value::Bool(false)));
  EXPECT_TRUE(Equal(Value::Null(), Value::Null()));
}

TEST(ValueTest, MapFindsNumericKeysByValue) {
  Value map =
      Value::Map({{Value::Int(1), Value::String("one")}, {Value::String("k"), Value::String("v")}});
  ASSERT_TRUE(map.is(Kind::kMap));
  ASSERT_NE(map.MapFind(Value::Uint(1)), nullptr);
  EXPECT_EQ(map.MapFind(Value::Double(1.0))->string_value(), "one");
  EXPECT_EQ(map.MapFind(Value::Double(1.5)), nullptr);
  EXPECT_EQ(map.MapFind(Value::String("k"))->string_value(), "v");
}

TEST(ValueTest, LargeMapsUseTheirIndex) {
  std::vector<std::pair<Value, Value>> entries;
  for (int i = 0; i < 100; ++i) entries.emplace_back(Value::Int(i), Value::Int(i * i));
  Value map = Value::Map(std::move(entries));
  EXPECT_EQ(map.MapFind(Value::Uint(7))->int_value(), 49);
  EXPECT_EQ(map.MapFind(Value::Double(99.0))->int_value(), 9801);
  EXPECT_EQ(map.MapFind(Value::Int(100)), nullptr);
}

TEST(ValueTest, MapRejectsDuplicateAndBadKeys) {
  EXPECT_TRUE(Value::Map({{Value::Int(1), Value::Null()}, {Value::Uint(1), Value::Null()}})
                  .is(Kind::kError));
  EXPECT_TRUE(Value::Map({{Value::Double(1.5), Value::Null()}}).is(Kind::kError));
}

TEST(ValueTest, UnknownsMergeSortedAndUnique) {
  Value a = Value::Unknown({"members.anna.monthly_income", "household.housing"});
  Value b = Value::Unknown({"household.housing", "region.subsistence_minimum"});
  Value merged = Value::MergeUnknowns(a, b);
  EXPECT_EQ(merged.unknown_paths(),
            (std::vector<std::string>{"household.housing", "members.anna.monthly_income",
                                      "region.subsistence_minimum"}));
}

// Merges build on one another as a comprehension's do: the union is listed once, sorted and
// unique, however the merges nest or share a part.
TEST(ValueTest, ManyMergesListEveryPathOnce) {
  Value all = Value::Unknown({"members.m0.income"});
  for (int i = 1; i < 50; ++i) {
    Value one = Value::Unknown({"members.m" + std::to_string(i % 25) + ".income"});
    all = Value::MergeUnknowns(Value::MergeUnknowns(one, all), one);
  }
  Value twice = Value::MergeUnknowns(all, all);
  ASSERT_EQ(twice.unknown_paths().size(), 25u);
  EXPECT_TRUE(std::is_sorted(twice.unknown_paths().begin(), twice.unknown_paths().end()));
  EXPECT_EQ(twice.unknown_paths().front(), "members.m0.income");
  // A part listed before it was merged gives the same.
  Value part = Value::MergeUnknowns(Value::Unknown({"b"}), Value::Unknown({"a"}));
  ASSERT_EQ(part.unknown_paths().size(), 2u);
  EXPECT_EQ(Value::MergeUnknowns(part, Value::Unknown({"c", "a"})).unknown_paths(),
            (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ValueTest, TimestampsAndDurationsKeepTheirRange) {
  EXPECT_TRUE(Value::Timestamp(kMaxTimestampSeconds, 999'999'999).is(Kind::kTimestamp));
  EXPECT_TRUE(Value::Timestamp(kMaxTimestampSeconds + 1, 0).is(Kind::kError));
  EXPECT_TRUE(Value::Timestamp(kMinTimestampSeconds - 1, 0).is(Kind::kError));
  EXPECT_TRUE(Value::Duration(-kMaxDurationSeconds, 0).is(Kind::kDuration));
  EXPECT_TRUE(Value::Duration(kMaxDurationSeconds + 1, 0).is(Kind::kError));
}

TEST(ValueTest, DebugStringReadsLikeCel) {
  Value list = Value::List({Value::Int(1), Value::Uint(2), Value::Double(2.5),
                            Value::String("a\"b"), Value::Bytes(std::string("\x00\xff", 2))});
  EXPECT_EQ(list.DebugString(), R"([1, 2u, 2.5, "a\"b", b"\x00\xff"])");
  EXPECT_EQ(Value::Timestamp(0, 500'000'000).DebugString(),
            R"(timestamp("1970-01-01T00:00:00.500Z"))");
  EXPECT_EQ(Value::Duration(-1, -500'000'000).DebugString(), R"(duration("-1.5s"))");
  EXPECT_EQ(Value::Type("int").DebugString(), "int");
}

TEST(TimeUtilTest, ParsesAndFormatsRfc3339) {
  Result<SecondsNanos> parsed = ParseTimestamp("2009-02-13T23:31:30.123456789+03:00");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->seconds, 1234567890 - 3 * 3600);
  EXPECT_EQ(parsed->nanos, 123456789);
  EXPECT_EQ(FormatTimestamp(1234567890, 0), "2009-02-13T23:31:30Z");
  EXPECT_EQ(FormatTimestamp(kMinTimestampSeconds, 0), "0001-01-01T00:00:00Z");
  EXPECT_FALSE(ParseTimestamp("2009-02-30T00:00:00Z").ok());
  EXPECT_FALSE(ParseTimestamp("2009-02-13 23:31:30Z").ok());
  EXPECT_FALSE(ParseTimestamp("10000-01-01T00:00:00Z").ok());
}

TEST(TimeUtilTest, ParsesGoDurations) {
  auto seconds_of = [](std::string_view text) {
    Result<SecondsNanos> parsed = ParseDuration(text);
    return parsed.ok() ? parsed->seconds : -999;
  };
  EXPECT_EQ(seconds_of("1h30m"), 5400);
  EXPECT_EQ(seconds_of("-90s"), -90);
  EXPECT_EQ(seconds_of("0"), 0);
  EXPECT_EQ(ParseDuration("1.5s")->nanos, 500'000'000);
  EXPECT_EQ(ParseDuration("1ms")->nanos, 1'000'000);
  EXPECT_FALSE(ParseDuration("1d").ok());
  EXPECT_FALSE(ParseDuration("").ok());
  EXPECT_FALSE(ParseDuration("9223372037s").ok());
}

TEST(TimeUtilTest, CivilTimeInZones) {
  // 2009-02-13T23:31:30Z is already the 14th in Sydney (UTC+11 in February).
  Result<CivilTime> sydney = ToCivil(1234567890, 0, "Australia/Sydney");
  ASSERT_TRUE(sydney.ok()) << sydney.status().ToString();
  EXPECT_EQ(sydney->day, 14);
  Result<CivilTime> offset = ToCivil(1234567890, 0, "-08:00");
  ASSERT_TRUE(offset.ok());
  EXPECT_EQ(offset->hours, 15);
  EXPECT_FALSE(ToCivil(0, 0, "Mars/Olympus").ok());
}

TEST(TimeUtilTest, FormatsDoublesShortest) {
  EXPECT_EQ(FormatDouble(123.456), "123.456");
  EXPECT_EQ(FormatDouble(-4.5e-3), "-0.0045");
  EXPECT_EQ(FormatDouble(std::numeric_limits<double>::infinity()), "Infinity");
}

}  // namespace
}  // namespace okno::cel
