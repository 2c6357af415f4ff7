// okno plan as a user runs it: a plan for an example, the JSON of DESIGN.md §4.4, the same
// bytes every time, and bad input answered with all its errors and exit 2.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "support/run_okno.h"

namespace okno {
namespace {

using ::testing::HasSubstr;
using testing::Outcome;
using testing::RunOkno;

std::string Args(const std::string& rest) {
  return std::string("plan --catalog ") + OKNO_CATALOG_DIR + " " + rest;
}

TEST(PlanEndToEndTest, TheHomelessMothersPlanAsJson) {
  std::string example = std::string(OKNO_EXAMPLES_DIR) + "/homeless_mother_spb.yaml";
  Outcome first = RunOkno(Args(example + " --json"));
  ASSERT_EQ(first.exit_code, 0) << first.output;
  nlohmann::json plan = nlohmann::json::parse(first.output);
  for (const char* key :
       {"catalog_version", "needs", "services", "documents", "questions", "defaults_applied",
        "complexity", "tier", "integration_model", "visits"}) {
    EXPECT_TRUE(plan.contains(key)) << key;
  }
  EXPECT_EQ(plan["tier"].get<std::string>(), "multi_agency_team");
  EXPECT_EQ(plan["needs"][0]["urgency"].get<std::string>(), "immediate");
  Outcome second = RunOkno(Args(example + " --json"));
  EXPECT_EQ(first.output, second.output);  // byte-identical
}

// «Молодая мама с больным ребёнком, жить негде, денег нет»: each need the narrative points to
// carries its words, in the JSON and in the text, and so do the life situations it names.
TEST(PlanEndToEndTest, APlanSaysWhichWordsLedToEachNeed) {
  std::string example = std::string(OKNO_EXAMPLES_DIR) + "/homeless_mother_spb.yaml";
  Outcome json_outcome = RunOkno(Args(example + " --json"));
  ASSERT_EQ(json_outcome.exit_code, 0) << json_outcome.output;
  nlohmann::json plan = nlohmann::json::parse(json_outcome.output);
  std::map<std::string, std::string> words;
  for (const nlohmann::json& need : plan["needs"]) words[need["id"]] = need.value("words", "");
  EXPECT_EQ(words["shelter"], "жить негде");
  EXPECT_EQ(words["health_child"], "больным ребёнком");
  EXPECT_EQ(words["income"], "денег нет");
  EXPECT_EQ(words["food"], "");  // from the facts alone
  std::map<std::string, std::string> situations;
  for (const nlohmann::json& named : plan["life_situations"]) {
    situations[named["id"]] = named["words"];
  }
  EXPECT_EQ(situations["loss_of_housing"], "жить негде");
  EXPECT_EQ(plan["life_situations"][0]["title"].get<std::string>(), "Потеря жилья");
  Outcome text = RunOkno(Args(example));
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_THAT(text.output, HasSubstr("Ночлег сегодня — срочно [facts, narrative] «жить негде»"));
  EXPECT_THAT(text.output, HasSubstr("Жизненные ситуации:\n  Потеря жилья «жить негде»"));
}

TEST(PlanEndToEndTest, TextInEnglish) {
  Outcome outcome =
      RunOkno(Args(std::string(OKNO_EXAMPLES_DIR) + "/retiree_passport_moscow.yaml --lang en"));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_THAT(outcome.output, HasSubstr("Steps:"));
  EXPECT_THAT(outcome.output, HasSubstr("Complexity: low → self_service"));
}

TEST(PlanEndToEndTest, APrintablePageForTheCitizen) {
  Outcome outcome =
      RunOkno(Args(std::string(OKNO_EXAMPLES_DIR) + "/homeless_mother_spb.yaml --format html"));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_THAT(outcome.output, HasSubstr("<html lang=\"ru\">"));
  EXPECT_THAT(outcome.output, HasSubstr("Что взять с собой"));
  EXPECT_THAT(outcome.output, HasSubstr("Что Окно запросит само"));
  EXPECT_THAT(outcome.output, HasSubstr("Ночлег для бездомных"));
  EXPECT_THAT(outcome.output, ::testing::Not(HasSubstr("http://fonts")));  // nothing external
}

TEST(PlanEndToEndTest, ScreeningReplayReachesTheFullPlan) {
  Outcome outcome = RunOkno(std::string("screen --catalog ") + OKNO_CATALOG_DIR + " --replay " +
                            OKNO_EXAMPLES_DIR + "/retiree_passport_moscow.yaml");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_THAT(outcome.output, HasSubstr("Вопросов задано (questions asked): "));
  EXPECT_THAT(outcome.output, HasSubstr("План совпадает"));
}

TEST(PlanEndToEndTest, BadInputGivesAllItsErrors) {
  std::string path = ::testing::TempDir() + "okno_bad_situation.yaml";
  std::ofstream(path) << R"(as_of: 2026-07-01
region: RU-XX
household:
  housing: castle
  members:
    - {id: anna, role: applicant, birth_date: 2010-01-01, monthly_income: -5}
    - {id: misha, role: child, birth_date: 2005-01-01, disability_group: "4"}
    - {id: olga, role: parent, birth_date: 2027-01-01}
)";
  Outcome outcome = RunOkno(Args(path));
  EXPECT_EQ(outcome.exit_code, 2);
  for (const char* error :
       {"region: unknown region 'RU-XX'", "household.housing: 'castle' is not one of",
        "household.members[0].monthly_income: must not be negative",
        "household.members[1].disability_group: '4' is not one of",
        "household.members[2].birth_date: 2027-01-01 is after as_of 2026-07-01",
        "household.members[1].birth_date: a child born before anna", "ошибок в ситуации",
        "errors in the situation): 6"}) {
    EXPECT_THAT(outcome.output, HasSubstr(error));
  }
  EXPECT_THAT(outcome.output, ::testing::Not(HasSubstr("Шаги")));
}

TEST(PlanEndToEndTest, AMissingFileIsAUsageError) {
  Outcome outcome = RunOkno(Args("/nonexistent/situation.yaml"));
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.output, HasSubstr("/nonexistent/situation.yaml"));
}

}  // namespace
}  // namespace okno
