#include "catalog/internal/yaml_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

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
  std::optional<yaml::Node> root = LoadYamlText(
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
  std::optional<yaml::Node> root = LoadYamlText(
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

// Files parsed ahead on workers are handed over whole, with their problems reported in the order
// the caller takes them (not the order the workers finished), columns counted in characters.
TEST(YamlReaderTest, FilesParsedAheadReportInTheOrderTaken) {
  std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("okno-parsed-files-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(folder / name) << text;
    return (folder / name).string();
  };
  std::string big = "items:\n";
  for (int i = 0; i < 2000; ++i) big += "  - {id: item" + std::to_string(i) + "}\n";
  std::string large = write("large.yaml", big);
  std::string broken = write("broken.yaml", "заголовок: «текст»\nid: [unclosed\n");
  std::string small = write("small.yaml", "id: one\n");
  std::string missing = (folder / "missing.yaml").string();
  std::string other = write("other.yaml", "id: other\n");
  {
    ParsedFiles files({large, broken, small, missing, small}, 2);
    Diagnostics diagnostics;
    ParsedFiles::File first = files.Take(small, diagnostics);
    ASSERT_TRUE(first.root);
    EXPECT_EQ((*first.root)["id"].Scalar(), "one");
    EXPECT_EQ(first.text, "id: one\n");
    EXPECT_FALSE(files.Take(missing, diagnostics).root);
    ParsedFiles::File bad = files.Take(broken, diagnostics);
    EXPECT_TRUE(bad.text);
    EXPECT_FALSE(bad.root);
    ParsedFiles::File whole = files.Take(large, diagnostics);
    ASSERT_TRUE(whole.root);
    EXPECT_EQ((*whole.root)["items"].size(), 2000u);
    // Not given to the constructor, or taken again: read and parsed by the caller.
    EXPECT_EQ((*files.Take(other, diagnostics).root)["id"].Scalar(), "other");
    EXPECT_EQ((*files.Take(small, diagnostics).root)["id"].Scalar(), "one");
    ASSERT_EQ(diagnostics.errors().size(), 2u);
    EXPECT_EQ(diagnostics.errors()[0].ToString(), missing + ": cannot read the file");
    EXPECT_EQ(diagnostics.errors()[1].file, broken);
    EXPECT_GE(diagnostics.errors()[1].line, 2);  // libyaml places an unclosed list at its end
    EXPECT_THAT(diagnostics.errors()[1].message, ::testing::StartsWith("malformed YAML"));
    // The broken file's text went with it, so a later error there is placed in characters.
    EXPECT_EQ(diagnostics.CharacterColumn(broken, 1, 22), 13);
  }
  {
    ParsedFiles untaken({large, broken, small}, 2);  // dropped without waiting on the caller
  }
  {
    // A problem names the file as the caller spells it, whichever spelling was parsed ahead.
    std::string dotted = (folder / "." / "broken.yaml").string();
    ParsedFiles files({dotted, small}, 2);
    Diagnostics diagnostics;
    EXPECT_FALSE(files.Take(dotted, diagnostics).root);
    EXPECT_FALSE(files.Take(broken, diagnostics).root);
    ASSERT_EQ(diagnostics.errors().size(), 2u);
    EXPECT_EQ(diagnostics.errors()[0].file, dotted);
    EXPECT_EQ(diagnostics.errors()[1].file, broken);
  }
  std::filesystem::remove_all(folder);
}

TEST(YamlReaderTest, ANonMappingIsReportedOnce) {
  Diagnostics diagnostics;
  std::optional<yaml::Node> root = LoadYamlText("- a\n- b\n", "list.yaml", diagnostics);
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
