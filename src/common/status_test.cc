#include "common/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

namespace okno {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kOk);
  EXPECT_EQ(status.ToString(), "ok");
}

TEST(StatusTest, ErrorCarriesCodeAndMessage) {
  Status status = NotFoundError("agency 'mvd' is not in the catalog");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.ToString(), "not_found: agency 'mvd' is not in the catalog");
}

TEST(StatusTest, WithContextPrependsToErrorsOnly) {
  EXPECT_EQ(InvalidArgumentError("unknown field 'titel'").WithContext("mvd.yaml:12: ").message(),
            "mvd.yaml:12: unknown field 'titel'");
  EXPECT_TRUE(Status::Ok().WithContext("mvd.yaml: ").ok());
  EXPECT_EQ(Status::Ok().WithContext("mvd.yaml: ").message(), "");
}

TEST(StatusTest, EveryCodeHasADistinctName) {
  std::set<std::string_view> names;
  for (int code = 0; code <= static_cast<int>(StatusCode::kInternal); ++code) {
    std::string_view name = StatusCodeName(static_cast<StatusCode>(code));
    EXPECT_NE(name, "unknown") << code;
    EXPECT_TRUE(names.insert(name).second) << name;
  }
}

TEST(ResultTest, HoldsValueOrStatus) {
  Result<int> value = 42;
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 42);
  EXPECT_TRUE(value.status().ok());

  Result<int> failure = ConflictError("case version is 7, expected 6");
  ASSERT_FALSE(failure.ok());
  EXPECT_EQ(failure.status().code(), StatusCode::kConflict);
  EXPECT_EQ(failure.value_or(-1), -1);
}

TEST(ResultTest, OkStatusWithoutValueBecomesInternalError) {
  Result<int> result = Status::Ok();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInternal);
}

TEST(ResultTest, ConvertsFromCompatibleValuesAndHoldsMoveOnlyTypes) {
  Result<std::string> text = "passport";
  EXPECT_EQ(*text, "passport");
  Result<std::unique_ptr<int>> owned = std::make_unique<int>(7);
  std::unique_ptr<int> taken = std::move(owned).value();
  EXPECT_EQ(*taken, 7);
}

Result<int> ParseDigit(char c) {
  if (c < '0' || c > '9') return InvalidArgumentError(std::string("'") + c + "' is not a digit");
  return c - '0';
}

Status CheckEven(int n) {
  return n % 2 == 0 ? Status::Ok() : InvalidArgumentError(std::to_string(n) + " is odd");
}

Result<int> SumOfEvenDigits(const std::string& text) {
  int sum = 0;
  for (char c : text) {
    int digit = OKNO_TRY(ParseDigit(c));
    OKNO_TRY(CheckEven(digit));
    sum += digit;
  }
  return sum;
}

TEST(TryTest, PropagatesTheFirstFailureAndUnwrapsValues) {
  EXPECT_EQ(*SumOfEvenDigits("2468"), 20);
  EXPECT_EQ(SumOfEvenDigits("24x8").status().message(), "'x' is not a digit");
  EXPECT_EQ(SumOfEvenDigits("243").status().message(), "3 is odd");
}

Result<std::unique_ptr<int>> MakeOwned(int n) { return std::make_unique<int>(n); }

Result<int> UnwrapOwned(int n) {
  std::unique_ptr<int> owned = OKNO_TRY(MakeOwned(n));
  return *owned + 1;
}

TEST(TryTest, MovesMoveOnlyValues) { EXPECT_EQ(*UnwrapOwned(41), 42); }

}  // namespace
}  // namespace okno
