#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog/internal/test_catalog.h"
#include "common/data_file.h"
#include "planner/explanation.h"
#include "planner/plan.h"

namespace okno::planner {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const catalog::Catalog& Russian() { return catalog::testing::ShippedCatalog(); }

TEST(ExplanationTest, FormatsNumbersForTheLanguage) {
  EXPECT_EQ(FormatValue(cel::Value::Double(23400), "rub", "ru"), "23\u00A0400\u00A0₽");
  EXPECT_EQ(FormatValue(cel::Value::Double(23400), "rub", "en"), "23,400\u00A0RUB");
  EXPECT_EQ(FormatValue(cel::Value::Double(0.22), "", "ru"), "0,22");
  EXPECT_EQ(FormatValue(cel::Value::Double(0.22), "", "en"), "0.22");
  EXPECT_EQ(FormatValue(cel::Value::Int(21), "years", "ru"), "21\u00A0год");
  EXPECT_EQ(FormatValue(cel::Value::Int(22), "years", "ru"), "22\u00A0года");
  EXPECT_EQ(FormatValue(cel::Value::Int(11), "years", "ru"), "11\u00A0лет");
  EXPECT_EQ(FormatValue(cel::Value::Int(25), "years", "ru"), "25\u00A0лет");
  EXPECT_EQ(FormatValue(cel::Value::Int(1), "years", "en"), "1\u00A0year");
  EXPECT_EQ(FormatValue(cel::Value::Bool(true), "", "ru"), "да");
}

TEST(ExplanationTest, RendersAComparisonWithLabels) {
  const catalog::Catalog& catalog = Russian();
  cel::Reason reason;
  reason.text = "household.income_per_capita <= region.subsistence_minimum";
  reason.value = cel::Value::Bool(false);
  reason.function = "<=";
  reason.operands = {{"household.income_per_capita", cel::Value::Double(23400), false},
                     {"region.subsistence_minimum", cel::Value::Double(18939), false}};
  EXPECT_THAT(RenderReasons({reason}, catalog.facts, "ru"),
              ElementsAre("доход на члена семьи 23\u00A0400\u00A0₽ выше, чем прожиточный "
                          "минимум на душу 18\u00A0939\u00A0₽"));
  EXPECT_THAT(RenderReasons({reason}, catalog.facts, "en"),
              ElementsAre("income per family member 23,400\u00A0RUB above subsistence minimum "
                          "per capita 18,939\u00A0RUB"));
}

// Closed values are said in words, as facts.yaml's value_labels and documents.yaml's titles
// name them.
TEST(ExplanationTest, SaysClosedValuesInWords) {
  const catalog::Catalog& catalog = Russian();
  cel::Reason employment;
  employment.value = cel::Value::Bool(false);
  employment.function = "==";
  employment.operands = {{"person.employment", cel::Value::String("retired"), false},
                         {"'unemployed'", cel::Value::String("unemployed"), true}};
  cel::Reason documents;
  documents.value = cel::Value::Bool(false);
  documents.function = "in";
  documents.operands = {{"'oms_policy'", cel::Value::String("oms_policy"), true},
                        {"person.documents", cel::Value::List({}), false}};
  cel::Reason group;
  group.value = cel::Value::Bool(false);
  group.function = "in";
  group.operands = {
      {"person.disability_group", cel::Value::String("none"), false},
      {"['1', '2']", cel::Value::List({cel::Value::String("1"), cel::Value::String("2")}), true}};
  EXPECT_THAT(
      RenderReasons({employment, documents, group}, catalog.facts, "ru"),
      ElementsAre("занятость: на пенсии, а не «не работаю»", "документы на руках: нет Полис ОМС",
                  "группа инвалидности: нет — не из: I группа, II группа"));
  EXPECT_THAT(RenderReasons({employment}, catalog.facts, "en"),
              ElementsAre("occupation: retired, not \"unemployed\""));
}

// The test catalog's benefit: income per capita at most the minimum, and (from 2026) the
// applicant a citizen.
catalog::Situation TestSituation(const catalog::Catalog& catalog, const std::string& yaml) {
  Result<nlohmann::json> json = ParseYaml(yaml, "situation");
  std::vector<catalog::SituationError> errors;
  catalog::Situation situation = catalog::ParseSituation(*json, catalog, errors);
  EXPECT_THAT(errors, IsEmpty());
  return situation;
}

TEST(QuestionsTest, AFactThatCannotSettleAServiceAloneDoesNotCount) {
  catalog::Diagnostics diagnostics;
  catalog::Catalog catalog = catalog::testing::TestCatalog().Load(diagnostics);
  // Both incomes unknown: neither alone tells whether income per capita is under the minimum,
  // so neither decides the benefit; the citizenship alone does (not RU settles it: no).
  catalog::Situation both = TestSituation(catalog, R"(as_of: 2026-07-01
region: RU-SPE
needs: [income]
household:
  members:
    - {id: anna, role: applicant}
    - {id: ivan, role: spouse}
)");
  Plan plan = MakePlan(catalog, both, {});
  std::map<std::string, int> decides;
  for (const Question& question : plan.questions) decides[question.fact] = question.decides;
  EXPECT_FALSE(decides.contains("members.anna.monthly_income"));
  EXPECT_FALSE(decides.contains("members.ivan.monthly_income"));
  EXPECT_EQ(decides["members.anna.citizenship"], 1);

  // With ivan's income known, anna's decides the benefit.
  catalog::Situation one = TestSituation(catalog, R"(as_of: 2026-07-01
region: RU-SPE
needs: [income]
household:
  members:
    - {id: anna, role: applicant, citizenship: RU}
    - {id: ivan, role: spouse, monthly_income: 10000.0}
)");
  Plan second = MakePlan(catalog, one, {});
  ASSERT_EQ(second.questions.size(), 1u);
  EXPECT_EQ(second.questions[0].fact, "members.anna.monthly_income");
  EXPECT_EQ(second.questions[0].decides, 1);
  EXPECT_EQ(second.questions[0].prompt, "Доход");
}

TEST(PlanTest, StatedNeedsBringTheirServices) {
  catalog::Diagnostics diagnostics;
  catalog::Catalog catalog = catalog::testing::TestCatalog().Load(diagnostics);
  catalog::Situation situation = TestSituation(catalog, R"(as_of: 2026-07-01
region: RU-SPE
needs: [income]
household:
  members:
    - {id: anna, role: applicant, citizenship: RU, monthly_income: 100.0}
)");
  Plan plan = MakePlan(catalog, situation, {});
  ASSERT_EQ(plan.needs.size(), 1u);
  EXPECT_EQ(plan.needs[0].id, "income");
  EXPECT_THAT(plan.needs[0].sources, ElementsAre("stated"));
  ASSERT_EQ(plan.services.size(), 1u);
  EXPECT_EQ(plan.services[0].status, "eligible");
  EXPECT_EQ(plan.services[0].step, 1);
  // 10 working days from Wednesday 1 July 2026: Wednesday 15 July.
  ASSERT_TRUE(plan.services[0].due);
  EXPECT_EQ(plan.services[0].due->ToString(), "2026-07-15");
  nlohmann::json json = PlanToJson(plan);
  EXPECT_EQ(json["services"][0]["id"].get<std::string>(), "sfr.benefit");
  EXPECT_FALSE(json["services"][0].contains("member"));  // a household service
  EXPECT_EQ(json["catalog_version"].get<std::string>(), catalog.version);
}

// A catalog whose shelter need is revealed by homelessness, with no words of its own, and whose
// narrative suggests homelessness and a pregnancy. «денег нет» names the income need, so that
// the lexicon finds a need and the classifier stays silent.
catalog::testing::TestCatalog SuggestingCatalog() {
  catalog::testing::TestCatalog files;
  std::string& needs = files["needs.yaml"];
  needs.replace(needs.find("  - {id: income, title: {ru: income, en: income}}"),
                std::string("  - {id: income, title: {ru: income, en: income}}").size(),
                "  - id: income\n    title: {ru: income, en: income}\n"
                "    triggers: {ru: [денег нет], en: [no money]}");
  needs.replace(needs.find("  - {id: shelter, title: {ru: shelter, en: shelter}}"),
                std::string("  - {id: shelter, title: {ru: shelter, en: shelter}}").size(),
                "  - id: shelter\n    title: {ru: shelter, en: shelter}\n    detect:\n"
                "      - {when: \"household.housing == 'homeless'\", urgency: immediate}");
  files["narrative_facts.yaml"] = R"(suggestions:
  - {fact: household.housing, value: homeless, triggers: {ru: [жить негде], en: [homeless]}}
  - {fact: applicant.pregnant, value: "true", triggers: {ru: [беременна], en: [pregnant]}}
)";
  return files;
}

TEST(PlanTest, TheNarrativeSuggestsFactsThatRevealNeeds) {
  catalog::Diagnostics diagnostics;
  catalog::Catalog catalog = SuggestingCatalog().Load(diagnostics);
  ASSERT_TRUE(diagnostics.ok()) << diagnostics.errors()[0].message;
  catalog::Situation situation = TestSituation(catalog, R"(as_of: 2026-07-01
region: RU-SPE
narrative: "Нам жить негде, денег нет, я беременна"
household:
  members:
    - {id: anna, role: applicant, citizenship: RU, monthly_income: 100.0}
)");
  Plan plan = MakePlan(catalog, situation, {});
  ASSERT_EQ(plan.suggested_facts.size(), 2u);
  EXPECT_EQ(plan.suggested_facts[0].fact, "household.housing");
  EXPECT_EQ(plan.suggested_facts[1].fact, "members.anna.pregnant");
  nlohmann::json json = PlanToJson(plan);
  EXPECT_EQ(json["suggested_facts"][0],
            nlohmann::json(
                {{"fact", "household.housing"}, {"value", "homeless"}, {"words", "жить негде"}}));
  EXPECT_EQ(json["suggested_facts"][1]["value"], true);
  EXPECT_EQ(PlanToJsonText(plan), json.dump());
  // Homelessness, though only suggested, reveals the shelter need, with the words that said it.
  ASSERT_FALSE(plan.needs.empty());
  EXPECT_EQ(plan.needs[0].id, "shelter");
  EXPECT_EQ(plan.needs[0].urgency, "immediate");
  EXPECT_THAT(plan.needs[0].sources, ElementsAre("narrative"));
  EXPECT_EQ(plan.needs[0].words, "жить негде");

  // A fact given explicitly always wins: no suggestion, and no need from it.
  catalog::Situation housed = TestSituation(catalog, R"(as_of: 2026-07-01
region: RU-SPE
narrative: "Нам жить негде, денег нет"
household:
  housing: own
  members:
    - {id: anna, role: applicant, citizenship: RU, monthly_income: 100.0}
)");
  Plan kept = MakePlan(catalog, housed, {});
  EXPECT_THAT(kept.suggested_facts, IsEmpty());
  for (const PlannedNeed& need : kept.needs) EXPECT_NE(need.id, "shelter");
  // Negated, a fact is not suggested.
  catalog::Situation denied = TestSituation(catalog, R"(as_of: 2026-07-01
region: RU-SPE
narrative: "я не беременна, денег нет"
household:
  members:
    - {id: anna, role: applicant, citizenship: RU, monthly_income: 100.0}
)");
  EXPECT_THAT(MakePlan(catalog, denied, {}).suggested_facts, IsEmpty());
}

TEST(PlanTest, ABadFactSuggestionIsReportedWhereItIs) {
  catalog::testing::TestCatalog files = SuggestingCatalog();
  files["narrative_facts.yaml"] = R"(suggestions:
  - {fact: household.housing, value: castle, triggers: {ru: [замок], en: [castle]}}
  - {fact: household.size, value: "3", triggers: {ru: [трое], en: [three of us]}}
  - {fact: cousin.pregnant, value: "true", triggers: {ru: [беременна], en: [pregnant]}}
)";
  catalog::Diagnostics diagnostics;
  catalog::Catalog catalog = files.Load(diagnostics);
  std::vector<std::string> messages;
  for (const auto& error : diagnostics.errors())
    messages.push_back(error.path + ": " + error.message);
  EXPECT_THAT(messages,
              ElementsAre("suggestions[0].value: 'castle' is not a value of household.housing",
                          "suggestions[1].fact: 'size' is not a fact given of a household",
                          "suggestions[2].fact: 'cousin.pregnant' does not start with household, "
                          "applicant, spouse, child or parent"));
  EXPECT_THAT(catalog.fact_suggestions, IsEmpty());
}

// A regional agency's services are planned only in the regions it serves.
TEST(PlanTest, ARegionalAgencyServesOnlyItsRegions) {
  catalog::testing::TestCatalog files;
  std::string agency = catalog::testing::kTestAgency;
  agency.replace(agency.find("  level: federal"), 16, "  level: regional\n  regions: [RU-TVE]");
  files["agencies/sfr.yaml"] = agency;
  catalog::Diagnostics diagnostics;
  catalog::Catalog catalog = files.Load(diagnostics);
  ASSERT_TRUE(diagnostics.errors().empty()) << diagnostics.errors().front().ToString();
  for (const char* region : {"RU-SPE", "RU-TVE"}) {
    catalog::Situation situation =
        TestSituation(catalog, std::string("as_of: 2026-07-01\nregion: ") + region + R"(
needs: [income]
household:
  members:
    - {id: anna, role: applicant, citizenship: RU, monthly_income: 100.0}
)");
    Plan plan = MakePlan(catalog, situation, {});
    EXPECT_EQ(plan.services.size(), std::string(region) == "RU-TVE" ? 1u : 0u) << region;
  }

  // A region the catalog does not know is an error at its place.
  agency.replace(agency.find("[RU-TVE]"), 8, "[RU-TVR]");
  files["agencies/sfr.yaml"] = agency;
  catalog::Diagnostics wrong;
  files.Load(wrong);
  ASSERT_EQ(wrong.errors().size(), 1u);
  EXPECT_THAT(wrong.errors()[0].ToString(),
              ::testing::HasSubstr("agency.regions[0]: unknown region 'RU-TVR'; did you mean "
                                   "'RU-TVE'?"));
}

}  // namespace
}  // namespace okno::planner
