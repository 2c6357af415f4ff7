// Checks that the official conformance data and schemas the suites test against are present
// and whole: every applicable CEL conformance file parses and holds the number of tests its
// README gives, and every HSDS schema is valid JSON.

#include "support/shared_data.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace okno {
namespace {

nlohmann::json ReadJson(const std::filesystem::path& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot open " << path;
  return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

TEST(SharedDataTest, ApplicableCelConformanceFilesHoldTheirTests) {
  // Test counts per file, from ../shared/cel-spec/README.md.
  const std::map<std::string, int> expected = {
      {"basic", 43},   {"comparisons", 406}, {"conversions", 109}, {"fields", 60},
      {"fp_math", 30}, {"integer_math", 64}, {"lists", 39},        {"logic", 30},
      {"macros", 44},  {"string", 51},       {"plumbing", 5},      {"timestamps", 78},
      {"parse", 219},  {"namespace", 14},
  };
  std::filesystem::path dir = *testing::SharedDir() / "cel-spec/tests/simple/testdata-json";
  int total = 0;
  for (const auto& [file, count] : expected) {
    nlohmann::json data = ReadJson(dir / (file + ".json"));
    ASSERT_FALSE(data.is_discarded()) << file << ".json is not valid JSON";
    int tests = 0;
    for (const nlohmann::json& section : data.at("section")) {
      for (const nlohmann::json& test : section.value("test", nlohmann::json::array())) {
        EXPECT_TRUE(test.contains("name")) << file;
        EXPECT_TRUE(test.contains("expr")) << file << ": " << test.value("name", "?");
        ++tests;
      }
    }
    EXPECT_EQ(tests, count) << file << ".json";
    total += tests;
  }
  EXPECT_EQ(total, 1192);  // 1,091 applicable once tests that need protobuf messages are skipped
}

TEST(SharedDataTest, HsdsSchemasAreValidJson) {
  std::filesystem::path dir = *testing::SharedDir() / "hsds/schema";
  int schemas = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    nlohmann::json schema = ReadJson(entry.path());
    ASSERT_FALSE(schema.is_discarded()) << entry.path() << " is not valid JSON";
    if (entry.path().filename() == "openapi.json") continue;  // the API, not a table
    EXPECT_TRUE(schema.contains("properties")) << entry.path();
    ++schemas;
  }
  EXPECT_GE(schemas, 20) << "HSDS 3 has more than twenty table schemas";
}

}  // namespace
}  // namespace okno

int main(int argc, char** argv) { return okno::testing::RunTestsNeedingSharedData(argc, argv); }
