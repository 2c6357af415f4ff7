#include "common/data_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace okno {
namespace {

using ::testing::HasSubstr;

std::filesystem::path WriteTemp(const std::string& name, const std::string& text) {
  std::filesystem::path path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path;
}

TEST(DataFileTest, YamlScalarsBecomeWhatTheySpell) {
  Result<nlohmann::json> data = ParseYaml(
      "count: 3\nratio: 2.5\nbig: 1e3\nflag: true\nnothing: ~\nname: anna\nquoted: '42'\n"
      "list: [1, two]\n",
      "test.yaml");
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_TRUE((*data)["count"].is_number_integer());
  EXPECT_TRUE((*data)["ratio"].is_number_float());
  EXPECT_TRUE((*data)["big"].is_number_float());
  EXPECT_EQ((*data)["flag"], true);
  EXPECT_TRUE((*data)["nothing"].is_null());
  EXPECT_EQ((*data)["name"], "anna");
  EXPECT_EQ((*data)["quoted"], "42");
  EXPECT_EQ((*data)["list"], nlohmann::json::parse(R"([1, "two"])"));
}

TEST(DataFileTest, YamlDuplicateKeysAreErrorsWithTheirLine) {
  Result<nlohmann::json> data = ParseYaml("a: 1\nb: 2\na: 3\n", "dup.yaml");
  ASSERT_FALSE(data.ok());
  EXPECT_THAT(data.status().message(), HasSubstr("dup.yaml:3:1: duplicate key 'a'"));
}

TEST(DataFileTest, MalformedFilesNameLineAndColumn) {
  Result<nlohmann::json> yaml = ParseYaml("a: [1, 2\n", "bad.yaml");
  ASSERT_FALSE(yaml.ok());
  EXPECT_THAT(yaml.status().message(), HasSubstr("bad.yaml:"));
  Result<nlohmann::json> json = ReadDataFile(WriteTemp("okno_bad.json", "{\n  \"a\": 1,\n}"));
  ASSERT_FALSE(json.ok());
  EXPECT_THAT(json.status().message(), HasSubstr("okno_bad.json:3:1: malformed JSON"));
}

TEST(DataFileTest, ReadsJsonAndRejectsOtherExtensions) {
  Result<nlohmann::json> json = ReadDataFile(WriteTemp("okno_ok.json", R"({"x": 1.0})"));
  ASSERT_TRUE(json.ok());
  EXPECT_TRUE((*json)["x"].is_number_float());
  EXPECT_EQ(ReadDataFile(WriteTemp("okno.txt", "x")).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadDataFile("/nonexistent/okno.json").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace okno
