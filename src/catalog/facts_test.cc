#include "catalog/facts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog/internal/test_catalog.h"
#include "common/data_file.h"

namespace okno::catalog {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class FactsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_ = testing::TestCatalog().Load(diagnostics_);
    ASSERT_TRUE(diagnostics_.ok()) << diagnostics_.errors().front().ToString();
  }

  Situation Parse(const char* yaml) {
    errors_.clear();
    Result<nlohmann::json> json = ParseYaml(yaml, "situation");
    EXPECT_TRUE(json.ok());
    return ParseSituation(*json, catalog_, errors_);
  }

  std::vector<std::string> Errors() const {
    std::vector<std::string> out;
    for (const SituationError& error : errors_) out.push_back(error.path + ": " + error.message);
    return out;
  }

  // Evaluates `expression` for the situation, with `person` bound to `member`.
  std::string Evaluate(const Situation& situation, const std::string& expression, int member = -1) {
    cel::CompileResult compiled = cel::Compile(expression, catalog_.environment);
    EXPECT_TRUE(compiled.program) << compiled.errors.front().message;
    FactSet facts(catalog_, situation);
    return compiled.program->Evaluate(facts.Bind(*compiled.program, member)).DebugString();
  }

  Diagnostics diagnostics_;
  Catalog catalog_;
  std::vector<SituationError> errors_;
};

TEST_F(FactsTest, EveryBadValueIsNamedByItsPath) {
  Parse(R"(as_of: 2026-07-01
region: RU-XX
mood: fine
household:
  housing: castle
  size: 3
  members:
    - {id: anna, role: applicant, birth_date: 2030-01-01, monthly_income: -5, employment: [x]}
    - {id: anna, role: boss, documents: [passport, visa]}
)");
  EXPECT_THAT(Errors(),
              ElementsAre("mood: unknown field (as_of, region, narrative, needs, household)",
                          "region: unknown region 'RU-XX'",
                          "household.housing: 'castle' is not one of own, rent, homeless",
                          "household.size: 'size' is computed by Okno, not given",
                          "household.members[0].birth_date: 2030-01-01 is after as_of 2026-07-01",
                          "household.members[0].employment: expected string, found a list",
                          "household.members[0].monthly_income: must not be negative",
                          "household.members[1].id: id 'anna' is repeated",
                          "household.members[1].role: required: one of applicant, spouse, "
                          "partner, child, parent, other",
                          "household.members[1].documents[1]: 'visa' is not one of passport, "
                          "snils"));
}

TEST_F(FactsTest, WithoutAsOfTheRulesAreEvaluatedToday) {
  Situation situation = Parse(R"(region: RU-SPE
household:
  members:
    - {id: anna, role: applicant}
)");
  ASSERT_THAT(Errors(), ElementsAre());
  EXPECT_EQ(situation.as_of, Date::Today());
}

TEST_F(FactsTest, DerivedFactsComeFromBaseFacts) {
  Situation situation = Parse(R"(as_of: 2026-07-01
region: RU-SPE
household:
  members:
    - {id: anna, role: applicant, birth_date: 2004-03-10, monthly_income: 30000.0}
    - {id: misha, role: child, birth_date: 2026-06-01}
)");
  ASSERT_THAT(Errors(), ElementsAre());
  EXPECT_EQ(Evaluate(situation, "household.size"), "2");
  // misha's income is the schema's default for a child: 0.
  EXPECT_EQ(Evaluate(situation, "household.income_per_capita"), "15000.0");
  EXPECT_EQ(Evaluate(situation, "household.children_under_18"), "1");
  EXPECT_EQ(Evaluate(situation, "applicant.age"), "22");
  EXPECT_EQ(Evaluate(situation, "person.age", 1), "0");
  EXPECT_EQ(Evaluate(situation, "region.subsistence_minimum"), "20644.0");
  EXPECT_EQ(Evaluate(situation, "as_of"), "timestamp(\"2026-07-01T00:00:00Z\")");
  FactSet facts(catalog_, situation);
  EXPECT_THAT(facts.defaults_applied(), ElementsAre("members.misha.monthly_income = 0.0"));
}

TEST_F(FactsTest, DefaultsBySexAndAgeApplyOnceTheyAreKnown) {
  Situation situation = Parse(R"(as_of: 2026-07-01
region: RU-SPE
household:
  members:
    - {id: ivan, role: applicant, sex: male}
    - {id: olga, role: spouse, sex: female}
    - {id: sasha, role: child}
    - {id: vera, role: parent, sex: female, birth_date: 1966-07-01}
    - {id: lena, role: other, sex: female, birth_date: 1966-07-02}
)");
  ASSERT_THAT(Errors(), ElementsAre());
  EXPECT_EQ(Evaluate(situation, "person.pregnant", 3), "false");  // 60 today
  EXPECT_EQ(Evaluate(situation, "person.pregnant", 4), "unknown(members.lena.pregnant)");  // 59
  EXPECT_EQ(Evaluate(situation, "person.pregnant", 0), "false");
  EXPECT_EQ(Evaluate(situation, "person.pregnant", 1), "unknown(members.olga.pregnant)");
  EXPECT_EQ(Evaluate(situation, "person.pregnant", 2), "unknown(members.sasha.pregnant)");
}

// A FactSet rebuilt for one changed fact binds exactly what a fresh one binds.
TEST_F(FactsTest, OneChangedFactGivesTheSameFactsAsAFreshBuild) {
  Situation base = Parse(R"(as_of: 2026-07-01
region: RU-SPE
household:
  members:
    - {id: anna, role: applicant, birth_date: 2004-03-10}
    - {id: misha, role: child}
)");
  ASSERT_THAT(Errors(), ElementsAre());
  FactSet base_facts(catalog_, base);
  const std::vector<std::pair<std::string, cel::Value>> changes = {
      {"members.anna.monthly_income", cel::Value::Double(9000)},
      {"members.misha.birth_date", cel::Value::Timestamp(Date{2020, 1, 1}.EpochSeconds(), 0)},
      {"members.misha.sex", cel::Value::String("male")},
      {"household.housing", cel::Value::String("homeless")}};
  const std::vector<std::string> expressions = {
      "household.income_per_capita",     "household.children_under_18", "household.housing",
      "household.members.map(m, m.age)", "applicant.monthly_income",    "person.pregnant"};
  for (const auto& [path, value] : changes) {
    Situation changed = base;
    std::optional<FactPath> parts = ParseFactPath(path);
    ASSERT_TRUE(parts) << path;
    (*changed.FactsOf(*parts))[parts->field] = value;
    FactSet patched(base_facts, changed, path);
    FactSet fresh(catalog_, changed);
    for (const std::string& expression : expressions) {
      cel::CompileResult compiled = cel::Compile(expression, catalog_.environment);
      ASSERT_TRUE(compiled.program) << expression;
      for (int member : {0, 1}) {
        EXPECT_EQ(compiled.program->Evaluate(patched.Bind(*compiled.program, member)).DebugString(),
                  compiled.program->Evaluate(fresh.Bind(*compiled.program, member)).DebugString())
            << path << ": " << expression;
      }
    }
  }
}

TEST_F(FactsTest, UnknownDerivedFactsNameTheBaseFacts) {
  Situation situation = Parse(R"(as_of: 2026-07-01
region: RU-SPE
household:
  members:
    - {id: anna, role: applicant}
    - {id: ivan, role: spouse, monthly_income: 10.0}
)");
  ASSERT_THAT(Errors(), ElementsAre());
  EXPECT_EQ(Evaluate(situation, "household.income_per_capita < 1.0"),
            "unknown(members.anna.monthly_income)");
  EXPECT_EQ(Evaluate(situation, "household.children_under_18 > 0"),
            "unknown(members.anna.birth_date, members.ivan.birth_date)");
  EXPECT_EQ(Evaluate(situation, "household.housing == 'rent'"), "unknown(household.housing)");
  // The unknown is absorbed where the rest decides.
  EXPECT_EQ(Evaluate(situation, "household.income_per_capita < 1.0 && household.size > 5"),
            "false");
}

TEST_F(FactsTest, ServicesAreEvaluatedWithTheVersionInForce) {
  const Service& benefit = *catalog_.FindService("sfr.benefit");
  const char* foreign = R"(as_of: %s
region: RU-SPE
household:
  members:
    - {id: anna, role: applicant, citizenship: UZ, monthly_income: 100.0}
)";
  char text[512];
  std::snprintf(text, sizeof text, foreign, "2025-12-31");
  Situation before = Parse(text);
  std::snprintf(text, sizeof text, foreign, "2026-01-01");
  Situation after = Parse(text);
  EXPECT_EQ(EvaluateService(benefit, FactSet(catalog_, before), -1).status, "eligible");
  EXPECT_EQ(EvaluateService(benefit, FactSet(catalog_, after), -1).status, "ineligible");
}

TEST_F(FactsTest, AppliesToDecidesWhomAPersonServiceIsFor) {
  const Service& card = *catalog_.FindService("sfr.child_card");
  Situation situation = Parse(R"(as_of: 2026-07-01
region: RU-SPE
household:
  members:
    - {id: anna, role: applicant, birth_date: 1990-01-01, documents: [snils]}
    - {id: misha, role: child, birth_date: 2020-01-01, documents: [snils]}
    - {id: olga, role: child, documents: [snils]}
)");
  FactSet facts(catalog_, situation);
  EXPECT_EQ(EvaluateService(card, facts, 0).status, "not_applicable");
  EXPECT_EQ(EvaluateService(card, facts, 1).status, "eligible");
  RuleOutcome unknown_age = EvaluateService(card, facts, 2);
  EXPECT_EQ(unknown_age.status, "needs_info");
  EXPECT_THAT(unknown_age.missing, ElementsAre("members.olga.birth_date"));
}

// The security review's finding 16: each of these was taken and planned for.
TEST(SituationBoundsTest, ImplausibleValuesAreRefusedByTheirPath) {
  const Catalog& shipped = testing::ShippedCatalog();
  nlohmann::json situation = {{"as_of", "2026-11-26"},
                              {"region", "RU-SPE"},
                              {"household",
                               {{"members",
                                 {{{"id", "a"},
                                   {"role", "applicant"},
                                   {"birth_date", "1526-01-01"},
                                   {"monthly_income", 1e308}},
                                  {{"id", "b"},
                                   {"role", "spouse"},
                                   {"birth_date", "0001-01-01"},
                                   {"pregnancy_weeks", 9223372036854775807LL}}}}}}};
  std::vector<SituationError> errors;
  (void)ParseSituation(situation, shipped, errors);
  std::vector<std::string> paths;
  for (const SituationError& error : errors) paths.push_back(error.path);
  EXPECT_THAT(paths, UnorderedElementsAre("household.members[0].birth_date",
                                          "household.members[0].monthly_income",
                                          "household.members[1].birth_date",
                                          "household.members[1].pregnancy_weeks"));

  errors.clear();
  nlohmann::json far = situation;
  far["as_of"] = "9999-12-31";
  far["household"]["members"] = {{{"id", "a"}, {"role", "applicant"}}};
  (void)ParseSituation(far, shipped, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "as_of");

  // Plausible values stay: an income of a million, a birth in 1930, 40 weeks.
  errors.clear();
  nlohmann::json real = situation;
  real["household"]["members"] = {
      {{"id", "a"}, {"role", "applicant"}, {"birth_date", "1930-05-01"}, {"monthly_income", 1e6}},
      {{"id", "b"}, {"role", "spouse"}, {"pregnancy_weeks", 40}}};
  (void)ParseSituation(real, shipped, errors);
  EXPECT_TRUE(errors.empty()) << errors.front().path << ": " << errors.front().message;
}

// The finding 3 limits: a household, a story and a list of needs of bounded size, each refused
// past its limit with the limit named.
TEST(SituationBoundsTest, ASituationHasBoundedSize) {
  const Catalog& shipped = testing::ShippedCatalog();
  auto household_of = [](size_t members) {
    nlohmann::json list = nlohmann::json::array();
    for (size_t i = 0; i < members; ++i) {
      list.push_back({{"id", "m" + std::to_string(i)}, {"role", i == 0 ? "applicant" : "child"}});
    }
    return nlohmann::json{
        {"as_of", "2026-11-26"}, {"region", "RU-SPE"}, {"household", {{"members", list}}}};
  };
  std::vector<SituationError> errors;
  (void)ParseSituation(household_of(kSituationLimits.members), shipped, errors);
  EXPECT_TRUE(errors.empty());
  (void)ParseSituation(household_of(kSituationLimits.members + 1), shipped, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "household.members");
  EXPECT_THAT(errors[0].message, ::testing::HasSubstr("at most 30"));

  errors.clear();
  nlohmann::json story = household_of(1);
  std::string text;
  for (size_t i = 0; i <= kSituationLimits.narrative_characters; ++i) text += "ж";  // 2 bytes
  story["narrative"] = text;
  (void)ParseSituation(story, shipped, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "narrative");
  text.resize(text.size() - 2);  // exactly the limit, in characters, though twice in bytes
  story["narrative"] = text;
  errors.clear();
  (void)ParseSituation(story, shipped, errors);
  EXPECT_TRUE(errors.empty());

  nlohmann::json needs = household_of(1);
  needs["needs"] = nlohmann::json::array();
  for (size_t i = 0; i <= kSituationLimits.needs; ++i) needs["needs"].push_back("housing");
  (void)ParseSituation(needs, shipped, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "needs");
}

}  // namespace
}  // namespace okno::catalog
