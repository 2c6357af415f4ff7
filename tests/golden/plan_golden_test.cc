// Golden plans: each file of tests/golden/plans names an example situation (examples/) and
// what its plan must mean: needs and urgency, statuses of key services with why, complexity
// level and factors with why, tier and integration model. Every example's plan is also held
// to what any plan must be: no step before its prerequisite, no document both brought and
// fetched, every fact path askable, the same bytes each time.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "catalog/catalog.h"
#include "catalog/facts.h"
#include "catalog/internal/test_catalog.h"
#include "common/data_file.h"
#include "planner/plan.h"
#include "planner/questions.h"
#include "planner/screen.h"

namespace okno::planner {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const catalog::Catalog& Catalog() { return catalog::testing::ShippedCatalog(); }

catalog::Situation Example(const std::string& name) {
  Result<json> input = ReadDataFile(fs::path(OKNO_EXAMPLES_DIR) / name);
  EXPECT_TRUE(input.ok()) << name;
  std::vector<catalog::SituationError> errors;
  catalog::Situation situation = catalog::ParseSituation(*input, Catalog(), errors);
  for (const auto& error : errors)
    ADD_FAILURE() << name << ": " << error.path << ": " << error.message;
  return situation;
}

std::vector<std::string> Files(const char* folder, const char* extension) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() == extension) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class GoldenPlanTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenPlanTest, MeansWhatItShould) {
  Result<json> expected = ReadDataFile(fs::path(OKNO_GOLDEN_DIR) / GetParam());
  ASSERT_TRUE(expected.ok()) << expected.status().message();
  PlanOptions options;
  options.language = expected->value("language", "ru");
  catalog::Situation situation = Example((*expected)["example"].get<std::string>());
  Plan plan = MakePlan(Catalog(), situation, options);

  std::map<std::string, std::string> urgency;
  for (const PlannedNeed& need : plan.needs) urgency[need.id] = need.urgency;
  for (const auto& [need, level] : (*expected)["needs"].items()) {
    ASSERT_TRUE(urgency.contains(need)) << "need " << need << " not detected";
    EXPECT_EQ(urgency[need], level.get<std::string>()) << "urgency of " << need;
  }
  for (const json& need : expected->value("absent_needs", json::array())) {
    EXPECT_FALSE(urgency.contains(need.get<std::string>())) << "need " << need << " detected";
  }
  for (const json& want : (*expected)["services"]) {
    std::string id = want["id"];
    std::string member = want.value("member", "");
    auto found = std::find_if(plan.services.begin(), plan.services.end(), [&](const auto& s) {
      return s.service->id == id && s.member_id == member;
    });
    ASSERT_NE(found, plan.services.end()) << id << " " << member << " is not in the plan";
    EXPECT_EQ(found->status, want["status"].get<std::string>())
        << id << " " << member << ": " << want.value("why", "");
    if (want.contains("missing")) {
      EXPECT_EQ(json(found->missing_facts), want["missing"]) << id << " " << member;
    }
    if (want.contains("step")) {
      EXPECT_EQ(found->step, want["step"].get<int>()) << id << " " << member;
    }
  }
  const json& complexity = (*expected)["complexity"];
  EXPECT_EQ(plan.complexity.level, complexity["level"].get<std::string>());
  EXPECT_EQ(plan.complexity.needs_range, complexity["factors"]["needs_range"].get<int>());
  EXPECT_EQ(plan.complexity.frequency, complexity["factors"]["frequency"].get<int>());
  EXPECT_EQ(plan.complexity.nature, complexity["factors"]["nature"].get<int>());
  EXPECT_EQ(plan.complexity.knowledge, complexity["factors"]["knowledge"].get<int>());
  EXPECT_EQ(plan.tier, (*expected)["tier"].get<std::string>());
  EXPECT_EQ(plan.integration_model, (*expected)["integration_model"].get<std::string>());
  EXPECT_LE(plan.visits_one_stop, plan.visits_siloed);
}

INSTANTIATE_TEST_SUITE_P(Plans, GoldenPlanTest,
                         ::testing::ValuesIn(Files(OKNO_GOLDEN_DIR, ".yaml")),
                         [](const auto& info) {
                           std::string name = info.param.substr(0, info.param.find('.'));
                           return name;
                         });

TEST(GoldenPlansTest, ReachEveryComplexityLevel) {
  std::set<std::string> levels;
  for (const std::string& file : Files(OKNO_GOLDEN_DIR, ".yaml")) {
    Result<json> expected = ReadDataFile(fs::path(OKNO_GOLDEN_DIR) / file);
    levels.insert((*expected)["complexity"]["level"].get<std::string>());
  }
  EXPECT_THAT(levels, ::testing::UnorderedElementsAre("low", "medium", "high", "very_high"));
}

class ExamplePlanTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ExamplePlanTest, HoldsWhatEveryPlanMust) {
  catalog::Situation situation = Example(GetParam());
  for (const char* language : {"ru", "en"}) {
    PlanOptions options;
    options.language = language;
    Plan plan = MakePlan(Catalog(), situation, options);
    EXPECT_FALSE(plan.needs.empty());

    for (const PlannedService& service : plan.services) {
      for (const std::string& before : service.after) {
        for (const PlannedService& other : plan.services) {
          if (other.service->id == before && other.step > 0) {
            EXPECT_LT(other.step, service.step)
                << before << " must come before " << service.service->id;
          }
        }
      }
      for (const std::string& path : service.missing_facts) {
        const catalog::FactField* field = AskableFact(Catalog(), path);
        ASSERT_NE(field, nullptr) << path << " is not a base fact";
        EXPECT_FALSE(field->question.ru.empty() || field->question.en.empty()) << path;
      }
    }
    std::set<std::pair<std::string, std::string>> documents;
    for (const PlannedDocument& document : plan.documents) {
      EXPECT_TRUE(documents.insert({document.id, document.member}).second)
          << document.id << " of " << document.member << " is listed twice (brought and fetched?)";
    }
    for (const Question& question : plan.questions) {
      const catalog::FactField* field = AskableFact(Catalog(), question.fact);
      ASSERT_NE(field, nullptr) << question.fact;
      EXPECT_FALSE(question.prompt.empty());
      EXPECT_GT(question.decides, 0);
    }
    // The same input gives the same bytes.
    EXPECT_EQ(PlanToJson(plan).dump(), PlanToJson(MakePlan(Catalog(), situation, options)).dump());
    // The server's text is the tree's, byte for byte; with every service too (--all).
    EXPECT_EQ(PlanToJsonText(plan), PlanToJson(plan).dump());
    options.all_services = true;
    Plan all = MakePlan(Catalog(), situation, options);
    EXPECT_EQ(PlanToJsonText(all), PlanToJson(all).dump());
  }
}

// okno screen --replay: starting from the narrative and the household's composition, the
// questions asked lead to the plan of the full situation.
TEST_P(ExamplePlanTest, ScreeningReachesTheSamePlan) {
  catalog::Situation full = Example(GetParam());
  Planner planner(Catalog());
  Replay replay = ReplayScreening(planner, Catalog(), full);
  EXPECT_THAT(OutcomeDifferences(replay.plan, planner.Make(full)), ::testing::IsEmpty())
      << GetParam() << " after " << replay.asked.size() << " questions";
  // Every fact the full plan depends on was asked: the bound holds.
  std::set<std::string> asked;
  for (const Question& question : replay.asked) asked.insert(question.fact);
  std::vector<std::string> deciding = DecidingFacts(planner, full);
  for (const std::string& fact : deciding) EXPECT_TRUE(asked.contains(fact)) << fact;
  RecordProperty("questions", static_cast<int>(replay.asked.size()));
  std::cout << "[ screening ] " << GetParam() << ": " << replay.asked.size() << " questions, "
            << deciding.size() << " about facts the plan depends on\n";
}

INSTANTIATE_TEST_SUITE_P(Examples, ExamplePlanTest,
                         ::testing::ValuesIn(Files(OKNO_EXAMPLES_DIR, ".yaml")),
                         [](const auto& info) {
                           return info.param.substr(0, info.param.find('.'));
                         });

}  // namespace
}  // namespace okno::planner
