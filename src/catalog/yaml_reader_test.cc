#include "catalog/internal/yaml_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace okno::catalog::internal {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Messages(const Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const CatalogError& error : diagnostics.errors()) out.push_back(error.ToString());
  return out;
}

TEST(YamlReaderTest, ReadsTypedFields) {
  Diagnostics diagnostics;
  std::optional<YAML::Node> root = LoadYamlText(
      "id: sfr\nlevel: federal\nstaff: 12\nshare: 0.5\nonline: true\nchannels: [mfc, online]\n",
      "sfr.yaml", diagnostics);
  ASSERT_TRUE(root);
  MapReader agency(*root, "", "sfr.yaml", diagnostics);
  EXPECT_EQ(agency.String("id"), "sfr");
  EXPECT_EQ(agency.OneOf("level", {"federal", "regional", "municipal", "ngo"}), "federal");
  EXPECT_EQ(agency.Int("staff"), 12);
  EXPECT_EQ(agency.Number("share"), 0.5);
  EXPECT_EQ(agency.Bool("online"), true);
  EXPECT_THAT(*agency.StringList("channels"), ElementsAre("mfc", "online"));
  EXPECT_EQ(agency.String("note", /*required=*/false), std::nullopt);
  agency.Finish();
  EXPECT_TRUE(diagnostics.ok()) << Messages(diagnostics).front();
}

TEST(YamlReaderTest, EveryMistakeIsReportedAtItsPlace) {
  Diagnostics diagnostics;
  std::optional<YAML::Node> root = LoadYamlText(
      "id: mvd\n"
      "titel: Police\n"       // misspelt field
      "level: federal-ish\n"  // not one of the allowed values
      "staff: many\n"         // not a number
      "online: 'true'\n"      // quoted: text, not a boolean
      "channels: mfc\n"       // not a list
      "id: mvd2\n",           // key given twice
      "agencies/mvd.yaml", diagnostics);
  ASSERT_TRUE(root);
  MapReader agency(*root, "agencies[0]", "agencies/mvd.yaml", diagnostics);
  agency.String("id");
  agency.String("title", /*required=*/false);
  agency.OneOf("level", {"federal", "regional"});
  agency.Int("staff");
  agency.Bool("online");
  agency.StringList("channels");
  agency.String("legal_basis");  // required and missing
  agency.Finish();
  EXPECT_THAT(
      Messages(diagnostics),
      ElementsAre(
          "agencies/mvd.yaml:3:8: agencies[0].level: 'federal-ish' is not one of federal, regional",
          "agencies/mvd.yaml:4:8: agencies[0].staff: expected a whole number, found 'many'",
          "agencies/mvd.yaml:5:9: agencies[0].online: expected true or false, found 'true'",
          "agencies/mvd.yaml:6:11: agencies[0].channels: expected a list, found a single value",
          "agencies/mvd.yaml:1:1: agencies[0].legal_basis: required field is missing",
          "agencies/mvd.yaml:2:1: agencies[0].titel: unknown field; did you mean 'title'?",
          "agencies/mvd.yaml:7:1: agencies[0].id: key given twice in this mapping"));
}

TEST(YamlReaderTest, SyntaxErrorsNameLineAndColumn) {
  Diagnostics diagnostics;
  EXPECT_FALSE(LoadYamlText("id: [unclosed\n", "broken.yaml", diagnostics));
  ASSERT_EQ(diagnostics.errors().size(), 1u);
  EXPECT_EQ(diagnostics.errors()[0].file, "broken.yaml");
  EXPECT_GT(diagnostics.errors()[0].line, 0);
  EXPECT_THAT(diagnostics.errors()[0].message, ::testing::StartsWith("malformed YAML"));
  EXPECT_FALSE(LoadYamlFile("/nonexistent/catalog.yaml", diagnostics));
  EXPECT_EQ(diagnostics.errors()[1].ToString(), "/nonexistent/catalog.yaml: cannot read the file");
}

TEST(YamlReaderTest, ANonMappingIsReportedOnce) {
  Diagnostics diagnostics;
  std::optional<YAML::Node> root = LoadYamlText("- a\n- b\n", "list.yaml", diagnostics);
  ASSERT_TRUE(root);
  MapReader reader(*root, "services[1]", "list.yaml", diagnostics);
  EXPECT_EQ(reader.String("id"), std::nullopt);
  reader.Finish();
  EXPECT_THAT(
      Messages(diagnostics),
      ElementsAre("list.yaml:1:1: services[1]: expected a mapping of fields, found a list"));
}

TEST(YamlReaderTest, SuggestsOnlyCloseNames) {
  std::set<std::string, std::less<>> known = {"title", "agency", "needs", "documents"};
  EXPECT_EQ(ClosestName("titel", known), "title");
  EXPECT_EQ(ClosestName("agnecy", known), "agency");
  EXPECT_EQ(ClosestName("documets", known), "documents");
  EXPECT_EQ(ClosestName("zzz", known), "");
}

}  // namespace
}  // namespace okno::catalog::internal
