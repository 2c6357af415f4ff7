#include "catalog/rule_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog/internal/test_catalog.h"

namespace okno::catalog {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::TestCatalog;

// The test catalog loaded with its agency file's text from `from` up to `to` cut out.
Catalog LoadWithout(const std::string& from, const std::string& to) {
  std::string agency = testing::kTestAgency;
  size_t start = agency.find(from);
  size_t end = agency.find(to);
  EXPECT_TRUE(start != std::string::npos && end != std::string::npos);
  agency.erase(start, end - start);
  TestCatalog files;
  files["agencies/sfr.yaml"] = agency;
  Diagnostics diagnostics;
  Catalog catalog = files.Load(diagnostics);
  EXPECT_TRUE(diagnostics.ok());
  return catalog;
}

TEST(RuleCheckTest, TheTestCatalogPassesAndKillsEveryMutant) {
  Diagnostics diagnostics;
  Catalog catalog = TestCatalog().Load(diagnostics);
  ASSERT_TRUE(diagnostics.ok());
  TestReport tests = RunRuleTests(catalog);
  EXPECT_EQ(tests.passed, 11);
  EXPECT_EQ(tests.failed, 0) << tests.failures.front().ToString();
  MutationReport mutations = RunMutations(catalog);
  // <= twice (first and second version), && and == in the second, < in applies_to.
  EXPECT_EQ(mutations.mutants, 5);
  EXPECT_EQ(mutations.killed, 5);
}

TEST(RuleCheckTest, AWrongExpectationFails) {
  TestCatalog files;
  std::string agency = testing::kTestAgency;
  agency.replace(agency.find("expect: ineligible"), 18, "expect: eligible");
  files["agencies/sfr.yaml"] = agency;
  Diagnostics diagnostics;
  Catalog catalog = files.Load(diagnostics);
  TestReport report = RunRuleTests(catalog);
  EXPECT_EQ(report.failed, 1);
  ASSERT_FALSE(report.failures.empty());
  EXPECT_THAT(report.failures[0].ToString(),
              HasSubstr("sfr.benefit: 'a rouble above': expected eligible, got ineligible"));
}

TEST(RuleCheckTest, AMissingBoundaryTestLetsAMutantSurvive) {
  // Without the case exactly at the minimum, `<=` and `<` cannot be told apart in 2026.
  Catalog catalog = LoadWithout("      - name: at the minimum", "      - name: a rouble above");
  MutationReport mutations = RunMutations(catalog);
  ASSERT_EQ(mutations.survivors.size(), 1u);
  EXPECT_EQ(mutations.survivors[0].original,
            "household.income_per_capita <= region.subsistence_minimum");
  EXPECT_EQ(mutations.survivors[0].mutated,
            "household.income_per_capita < region.subsistence_minimum");
}

TEST(RuleCheckTest, ServicesNeedTwoTestsCoveringEveryStatus) {
  Catalog catalog = LoadWithout("      - {name: has snils", "      - {name: eighteen");
  TestReport report = RunRuleTests(catalog);
  std::vector<std::string> messages;
  for (const TestFailure& failure : report.failures) messages.push_back(failure.message);
  EXPECT_THAT(
      messages,
      ElementsAre("needs at least two rule tests, has 1", "no passing test expects eligible",
                  "no passing test expects ineligible", "no passing test expects needs_info"));
}

}  // namespace
}  // namespace okno::catalog
