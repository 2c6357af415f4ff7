// Runs tests/golden/cel_explanations.yaml: each rule is evaluated over its facts with
// explanations on, and the result and the rendered reasons must be exactly those written.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cel/program.h"
#include "cel/value_json.h"
#include "common/data_file.h"

namespace okno::cel {
namespace {

using K = CelType::Kind;

Environment RuleEnvironment() {
  Environment env;
  env.AddRecord("person", {{"id", CelType::Of(K::kString)},
                           {"age", CelType::Of(K::kInt)},
                           {"pregnant", CelType::Of(K::kBool)},
                           {"disability_group", CelType::Of(K::kString)},
                           {"monthly_income", CelType::Of(K::kDouble)}});
  env.AddRecord("household", {{"housing", CelType::Of(K::kString)},
                              {"size", CelType::Of(K::kInt)},
                              {"income_per_capita", CelType::Of(K::kDouble)},
                              {"members", CelType::List(CelType::Dyn())}});
  env.AddRecord("region", {{"subsistence_minimum", CelType::Of(K::kDouble)}});
  env.AddVariable("person", CelType::Record("person"));
  env.AddVariable("household", CelType::Record("household"));
  env.AddVariable("region", CelType::Record("region"));
  env.AddVariable("excluded", CelType::List(CelType::Of(K::kString)));
  return env;
}

TEST(ExplanationsTest, GoldenCases) {
  Result<nlohmann::json> cases = ReadDataFile(OKNO_EXPLANATIONS_FILE);
  ASSERT_TRUE(cases.ok()) << cases.status().ToString();
  ASSERT_GE(cases->size(), 10u);
  Environment env = RuleEnvironment();
  for (const nlohmann::json& golden : *cases) {
    std::string name = golden.at("name").get<std::string>();
    SCOPED_TRACE(name);
    CompileResult compiled = Compile(golden.at("expr").get<std::string>(), env);
    ASSERT_TRUE(compiled.program) << compiled.errors.front().message;
    Activation facts(*compiled.program);
    for (const auto& [path, json] : golden.at("facts").items()) {
      Result<Value> value = ValueFromJson(json);
      ASSERT_TRUE(value.ok());
      ASSERT_TRUE(facts.Set(path, *value)) << path << " is not read by the rule";
    }
    std::vector<Reason> reasons;
    Value result = compiled.program->Explain(facts, reasons);
    EXPECT_EQ(result.DebugString(), golden.at("value").get<std::string>());
    std::vector<std::string> rendered;
    for (const Reason& reason : reasons) rendered.push_back(reason.ToString());
    EXPECT_EQ(rendered, golden.at("reasons").get<std::vector<std::string>>());
    // Explaining must not change the result.
    EXPECT_EQ(compiled.program->Evaluate(facts).DebugString(), result.DebugString());
  }
}

}  // namespace
}  // namespace okno::cel
