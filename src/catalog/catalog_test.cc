#include "catalog/catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog/internal/test_catalog.h"

namespace okno::catalog {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::TestCatalog;
using ::testing::UnorderedElementsAre;

// Each error without the folder, which differs per test: "agencies/sfr.yaml:12:5: ...".
std::vector<std::string> Messages(const Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const CatalogError& error : diagnostics.errors()) {
    std::string text = error.ToString();
    size_t folder = text.find("okno_catalog_");
    if (folder != std::string::npos) text = text.substr(text.find('/', folder) + 1);
    out.push_back(text);
  }
  return out;
}

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(CatalogTest, LoadsTheTestCatalog) {
  Diagnostics diagnostics;
  Catalog catalog = TestCatalog().Load(diagnostics);
  EXPECT_THAT(Messages(diagnostics), ElementsAre());
  EXPECT_EQ(catalog.country, "RU");
  ASSERT_EQ(catalog.services.size(), 2u);
  const Service* benefit = catalog.FindService("sfr.benefit");
  ASSERT_NE(benefit, nullptr);
  EXPECT_EQ(benefit->agency, "sfr");
  EXPECT_EQ(benefit->rules.size(), 2u);
  EXPECT_EQ(benefit->tests.size(), 6u);
  EXPECT_EQ(benefit->tests[0].situation["region"], "RU-SPE");  // from test_defaults
  EXPECT_EQ(catalog.needs.size(), NeedsTaxonomy().size());
  EXPECT_EQ(catalog.routing.size(), 4u);
  EXPECT_EQ(catalog.version.size(), 64u);
}

TEST(CatalogTest, RuleVersionsArePickedByDate) {
  Diagnostics diagnostics;
  Catalog catalog = TestCatalog().Load(diagnostics);
  const Service& benefit = *catalog.FindService("sfr.benefit");
  EXPECT_EQ(benefit.RuleAt({2025, 12, 31}), &benefit.rules[0]);
  EXPECT_EQ(benefit.RuleAt({2026, 1, 1}), &benefit.rules[1]);
}

TEST(CatalogTest, ParametersFallBackToLatestThenFederal) {
  Diagnostics diagnostics;
  Catalog catalog = TestCatalog().Load(diagnostics);
  std::optional<ParameterValue> own =
      catalog.Parameter("RU-SPE", "subsistence_minimum", {2026, 3, 1});
  ASSERT_TRUE(own);
  EXPECT_EQ(own->value, 20644);
  EXPECT_FALSE(own->federal);
  EXPECT_FALSE(own->approximate);
  // Tver has only 2024: carried forward, approximate.
  std::optional<ParameterValue> carried =
      catalog.Parameter("RU-TVE", "subsistence_minimum", {2026, 3, 1});
  ASSERT_TRUE(carried);
  EXPECT_EQ(carried->value, 14796);
  EXPECT_TRUE(carried->approximate);
  std::optional<ParameterValue> federal =
      catalog.Parameter("RU-AD", "subsistence_minimum", {2026, 3, 1});
  ASSERT_TRUE(federal);
  EXPECT_EQ(federal->value, 18939);
  EXPECT_TRUE(federal->federal);
  EXPECT_FALSE(catalog.Parameter("RU-AD", "subsistence_minimum", {2025, 3, 1}));
}

// Found by fuzz_catalog: an agency given as a scalar, and a service as one, are reported
// rather than looked into as if they were.
TEST(CatalogTest, AnAgencyOrServiceThatIsNotAMappingIsReported) {
  TestCatalog files;
  files["agencies/ngo.yaml"] = "agency: id r title\nservices:\n  - just a line\n";
  Diagnostics diagnostics;
  files.Load(diagnostics);
  EXPECT_THAT(Messages(diagnostics),
              ElementsAre("agencies/ngo.yaml:1:9: agency: expected a mapping of fields, found a "
                          "single value",
                          "agencies/ngo.yaml:3:5: services[0]: expected a mapping of fields, found "
                          "a single value"));
}

TEST(CatalogTest, ANeedTakesMentionsOnlyFromAnotherNeedAndWithTheWordsThatSayWhose) {
  TestCatalog files;
  std::string needs = testing::TestNeeds();
  needs = Replaced(needs, "  - {id: health_child, title: {ru: health_child, en: health_child}}",
                   "  - {id: health_child, title: {ru: health_child, en: health_child},\n"
                   "     takes_from: health}");
  needs = Replaced(needs, "  - {id: pension, title: {ru: pension, en: pension}}",
                   "  - {id: pension, title: {ru: pension, en: pension}, takes_from: pension,\n"
                   "     said_of: {ru: [пенсионер], en: [pensioner]}}");
  needs =
      Replaced(needs, "  - {id: care, title: {ru: care, en: care}}",
               "  - {id: care, title: {ru: care, en: care}, said_of_until: {ru: [я], en: [i]}}");
  files["needs.yaml"] = needs;
  Diagnostics diagnostics;
  Catalog catalog = files.Load(diagnostics);
  EXPECT_THAT(Messages(diagnostics),
              UnorderedElementsAre(HasSubstr("said_of: required field is missing"),
                                   HasSubstr("takes_from: a need cannot take its own mentions"),
                                   HasSubstr("said_of_until needs takes_from")));
}

TEST(CatalogTest, EveryProblemIsReportedWithItsPlace) {
  TestCatalog files;
  files["agencies/sfr.yaml"] =
      Replaced(Replaced(Replaced(Replaced(Replaced(std::string(testing::kTestAgency),
                                                   "- {id: passport, source: citizen}",
                                                   "- {id: pasport, source: citizen}"),
                                          "processing: {days: 10, unit: working}",
                                          "processing: {days: ten, unit: working}"),
                                 "needs: [income]", "needs: [income]\n    titel: {ru: x, en: x}"),
                        "applicant.citizenship == 'RU'", "applicant.citizenship == 'RU' &&& true"),
               "prerequisites: [sfr.benefit]", "prerequisites: [sfr.child_card]");
  files["catalog.yaml"] += "country: RU\n";
  Diagnostics diagnostics;
  files.Load(diagnostics);
  EXPECT_THAT(
      Messages(diagnostics),
      ElementsAre(
          "catalog.yaml:8:1: country: key given twice in this mapping",
          "agencies/sfr.yaml:15:24: services[0].processing.days: expected a whole number, found "
          "'ten'",
          // The second line of a block scalar, after its indentation.
          "agencies/sfr.yaml:25:43: services[0].rules[1].when: unexpected character '&'",
          "agencies/sfr.yaml:11:5: services[0].titel: unknown field; did you mean 'title'?",
          "agencies/sfr.yaml:18:14: services[0].documents[0].id: unknown document 'pasport'; "
          "did you mean 'passport'?",
          "agencies/sfr.yaml:64:20: services[1].prerequisites: prerequisites form a cycle: "
          "sfr.child_card → sfr.child_card"));
}

}  // namespace
}  // namespace okno::catalog
