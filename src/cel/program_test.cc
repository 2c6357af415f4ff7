#include "cel/program.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace okno::cel {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using K = CelType::Kind;

// The environment the catalog declares for eligibility rules (DESIGN.md §4.3), in small.
Environment RuleEnvironment() {
  Environment env;
  env.AddRecord("person", {{"id", CelType::Of(K::kString)},
                           {"age", CelType::Of(K::kInt)},
                           {"monthly_income", CelType::Of(K::kDouble)},
                           {"documents", CelType::List(CelType::Of(K::kString))}});
  env.AddRecord("household", {{"housing", CelType::Of(K::kString)},
                              {"income_per_capita", CelType::Of(K::kDouble)},
                              {"members", CelType::List(CelType::Record("person"))}});
  env.AddRecord("region", {{"subsistence_minimum", CelType::Of(K::kDouble)}});
  env.AddVariable("person", CelType::Record("person"));
  env.AddVariable("household", CelType::Record("household"));
  env.AddVariable("region", CelType::Record("region"));
  env.AddVariable("excluded", CelType::List(CelType::Of(K::kString)));
  return env;
}

std::string FirstError(const CompileResult& result) {
  if (result.errors.empty()) return "no error";
  const Diagnostic& d = result.errors.front();
  return std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message;
}

TEST(ProgramTest, RecordFieldsCollapseIntoAttributePaths) {
  CompileResult result = Compile(
      "person.age >= 18 && household.income_per_capita < region.subsistence_minimum * 2.0 && "
      "!(person.id in excluded)",
      RuleEnvironment());
  ASSERT_TRUE(result.program) << FirstError(result);
  EXPECT_THAT(result.program->attributes(),
              ElementsAre("person.age", "household.income_per_capita", "region.subsistence_minimum",
                          "person.id", "excluded"));
}

TEST(ProgramTest, AbsentFactsAreUnknownAndTheDecidingSideWins) {
  CompileResult result =
      Compile("person.age >= 18 && household.income_per_capita < region.subsistence_minimum",
              RuleEnvironment());
  ASSERT_TRUE(result.program) << FirstError(result);
  const Program& program = *result.program;

  Activation nothing_known(program);
  Value unknown = program.Evaluate(nothing_known);
  ASSERT_TRUE(unknown.is(Kind::kUnknown));
  EXPECT_THAT(unknown.unknown_paths(), ElementsAre("household.income_per_capita", "person.age",
                                                   "region.subsistence_minimum"));

  Activation minor(program);
  minor.Set("person.age", Value::Int(16));
  EXPECT_EQ(program.Evaluate(minor).DebugString(), "false");

  Activation adult(program);
  adult.Set("person.age", Value::Int(30));
  adult.Set("household.income_per_capita", Value::Double(23400));
  adult.Set("region.subsistence_minimum", Value::Double(20644));
  EXPECT_EQ(program.Evaluate(adult).DebugString(), "false");
  adult.Set("household.income_per_capita", Value::Double(15000));
  EXPECT_EQ(program.Evaluate(adult).DebugString(), "true");
}

// A comprehension over the household, kept by an EvalCache for the next member's evaluation
// over the same facts: the same answers as without the cache, never one for other facts, and
// never for a comprehension that reads an enclosing one's variable.
TEST(ProgramTest, AnEvalCacheKeepsHouseholdComprehensionsForTheSameFacts) {
  CompileResult result = Compile(
      "person.age >= 18 && household.members.exists(m, m.age < 3) && "
      "household.members.all(m, household.members.exists(n, n.age >= m.age))",
      RuleEnvironment());
  ASSERT_TRUE(result.program) << FirstError(result);
  const Program& program = *result.program;
  auto person = [](int64_t age) { return Value::Map({{Value::String("age"), Value::Int(age)}}); };
  Value baby_household = Value::List({person(30), person(1)});
  Value adult_household = Value::List({person(30), person(40)});
  EvalCache cache;
  auto evaluate = [&](const Value& members, int64_t age, EvalCache* with) {
    Activation activation(program);
    activation.Set("person.age", Value::Int(age));
    activation.Set("household.members", members);
    activation.set_cache(with);
    return program.Evaluate(activation).DebugString();
  };
  EXPECT_EQ(evaluate(baby_household, 30, &cache), "true");
  EXPECT_EQ(evaluate(baby_household, 40, &cache), "true");
  EXPECT_EQ(evaluate(baby_household, 10, &cache), "false");
  EXPECT_EQ(evaluate(adult_household, 30, &cache), "false");  // other facts, not the kept value
  EXPECT_EQ(evaluate(adult_household, 30, nullptr), "false");
  EXPECT_EQ(evaluate(baby_household, 30, nullptr), "true");

  Activation unknown(program);
  unknown.Set("person.age", Value::Int(30));
  unknown.Set(
      "household.members",
      Value::List(
          {person(30), Value::Map({{Value::String("age"), Value::Unknown({"members.b.age"})}})}));
  unknown.set_cache(&cache);
  Value answer = program.Evaluate(unknown);
  ASSERT_TRUE(answer.is(Kind::kUnknown)) << answer.DebugString();
  EXPECT_THAT(answer.unknown_paths(), ElementsAre("members.b.age"));
}

// all() and exists() are folded at once rather than through their expansion's accumulator;
// Explain, which traces every node, still walks the expansion: the two agree on every mix of
// deciding, other, unknown, erroneous and non-boolean elements, with and without a cache.
TEST(ProgramTest, QuantifiersGiveWhatTheirExpansionGives) {
  Environment env;
  env.AddVariable("xs", CelType::List(CelType::Dyn()));
  const std::vector<Value> kinds = {
      Value::Bool(true),    Value::Bool(false), Value::Unknown({"a"}),     Value::Unknown({"b"}),
      Value::Error("boom"), Value::Int(7),      Value::String("not bool"),
  };
  std::vector<std::vector<Value>> lists = {{}};
  for (const Value& first : kinds) {
    lists.push_back({first});
    for (const Value& second : kinds) {
      lists.push_back({first, second});
      for (const Value& third : kinds) lists.push_back({first, second, third});
    }
  }
  for (const char* text : {"xs.exists(x, x)", "xs.all(x, x)", "xs.exists(x, x == true)",
                           "xs.all(x, !x)", "xs.exists(x, xs.all(y, y == x))"}) {
    CompileResult result = Compile(text, env);
    ASSERT_TRUE(result.program) << text << ": " << FirstError(result);
    // The cost limit too: an element after the deciding one is a step in both.
    for (int64_t limit : {int64_t{1'000'000}, int64_t{1}, int64_t{2}, int64_t{3}}) {
      EvalOptions options;
      options.max_iterations = limit;
      options.use_fast_path = false;
      for (const std::vector<Value>& list : lists) {
        Activation activation(*result.program);
        activation.Set("xs", Value::List(list));
        std::vector<Reason> reasons;
        Value expanded = result.program->Explain(activation, reasons, options);
        auto same = [&](const Value& folded) {
          return folded.DebugString() == expanded.DebugString() &&
                 (!folded.is(Kind::kError) || folded.error_offset() == expanded.error_offset());
        };
        std::string where = std::string(text) + " over " + Value::List(list).DebugString() +
                            ", at most " + std::to_string(limit) + " steps: expanded " +
                            expanded.DebugString();
        EXPECT_TRUE(same(result.program->Evaluate(activation, options))) << where;
        EvalOptions fast = options;
        fast.use_fast_path = true;
        EXPECT_TRUE(same(result.program->Evaluate(activation, fast))) << where << " (fast path)";
        EvalCache cache;  // of this limit alone: what one evaluation keeps, another may find
        activation.set_cache(&cache);
        EXPECT_TRUE(same(result.program->Evaluate(activation, options))) << where;
      }
    }
  }
}

// An EvalCache keeps a comprehension's predicate for each element: over a household that
// differs from the last in one member, the answer is the one the new member gives, and a value
// kept after Mark() is gone after Rewind() while one kept before stays.
TEST(ProgramTest, AnEvalCacheKeepsPredicatesPerElementOnly) {
  CompileResult result = Compile(
      "household.members.exists(m, m.age < 3 && m.monthly_income < 100.0)", RuleEnvironment());
  ASSERT_TRUE(result.program) << FirstError(result);
  const Program& program = *result.program;
  auto person = [](Value age, Value income) {
    return Value::Map({{Value::String("age"), std::move(age)},
                       {Value::String("monthly_income"), std::move(income)}});
  };
  Value adult = person(Value::Int(30), Value::Unknown({"members.a.monthly_income"}));
  Value baby = person(Value::Int(1), Value::Unknown({"members.b.monthly_income"}));
  EvalCache cache;
  auto evaluate = [&](std::vector<Value> members, EvalCache* with) {
    Activation activation(program);
    activation.Set("household.members", Value::List(std::move(members)));
    activation.set_cache(with);
    return program.Evaluate(activation).DebugString();
  };
  std::string waiting = evaluate({adult, baby}, nullptr);
  EXPECT_THAT(waiting, HasSubstr("members.b.monthly_income"));
  EXPECT_EQ(evaluate({adult, baby}, &cache), waiting);
  cache.Mark();
  Value poor_baby = person(Value::Int(1), Value::Double(0));
  Value rich_baby = person(Value::Int(1), Value::Double(5000));
  EXPECT_EQ(evaluate({adult, poor_baby}, &cache), "true");
  cache.Rewind();
  EXPECT_EQ(evaluate({adult, rich_baby}, &cache), "false");
  cache.Rewind();
  EXPECT_EQ(evaluate({adult, poor_baby}, &cache), "true");
  EXPECT_EQ(evaluate({adult, baby}, &cache), waiting);
}

TEST(ProgramTest, CheckErrorsNameThePlace) {
  Environment env = RuleEnvironment();
  EXPECT_EQ(FirstError(Compile("person.agee >= 18", env)),
            "1:8: record type 'person' has no field 'agee'");
  EXPECT_EQ(FirstError(Compile("household.members.exists(m, m.incom > 0.0)", env)),
            "1:31: record type 'person' has no field 'incom'");
  EXPECT_EQ(FirstError(Compile("person.age + 'x'", env)),
            "1:12: no matching overload for '+' applied to (int, string)");
  // A selection is placed at its field name, a call at its function name.
  EXPECT_EQ(FirstError(Compile("person.age && true", env)), "1:8: '&&' needs a bool, not int");
  EXPECT_EQ(FirstError(Compile("size(person.age)", env)),
            "1:1: no matching overload for 'size' applied to (int)");
  EXPECT_EQ(FirstError(Compile("applicant.age > 1", env)),
            "1:1: undeclared reference to 'applicant'");
  EXPECT_EQ(FirstError(Compile("person.age.exists(x, true)", env)),
            "1:8: exists() needs a list or a map, not int");
  EXPECT_EQ(FirstError(Compile("person.id == 1", env)),
            "1:11: no matching overload for '==' applied to (string, int)");
}

TEST(ProgramTest, ComprehensionsOverRecordLists) {
  CompileResult result = Compile(
      "household.members.exists(m, m.age < 18) && "
      "household.members.filter(m, m.age >= 18).size() == 1",
      RuleEnvironment());
  ASSERT_TRUE(result.program) << FirstError(result);
  Activation facts(*result.program);
  auto member = [](const char* id, int age) {
    return Value::Map(
        {{Value::String("id"), Value::String(id)}, {Value::String("age"), Value::Int(age)}});
  };
  facts.Set("household.members", Value::List({member("anna", 22), member("misha", 0)}));
  EXPECT_EQ(result.program->Evaluate(facts).DebugString(), "true");
}

TEST(ProgramTest, HasOnACollapsedPathTestsPresence) {
  CompileResult result = Compile("has(person.monthly_income)", RuleEnvironment());
  ASSERT_TRUE(result.program) << FirstError(result);
  Activation facts(*result.program);
  EXPECT_TRUE(result.program->Evaluate(facts).is(Kind::kUnknown));
  facts.Set("person.monthly_income", Value::Double(0));
  EXPECT_EQ(result.program->Evaluate(facts).DebugString(), "true");
}

TEST(ProgramTest, EvaluationErrorsCarryTheirPlace) {
  CompileResult result = Compile("1 + 2 > 0 &&\n  10 / (2 - 2) > 1", Environment());
  ASSERT_TRUE(result.program) << FirstError(result);
  Value error = result.program->Evaluate(Activation(*result.program));
  ASSERT_TRUE(error.is(Kind::kError));
  int line = 0, column = 0;
  result.program->source().Locate(error.error_offset(), line, column);
  EXPECT_EQ(line, 2);
  EXPECT_EQ(column, 6);
  EXPECT_EQ(error.error_message(), "division by zero");
}

TEST(ProgramTest, CostLimitStopsRunawayComprehensions) {
  CompileResult result = Compile(
      "[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, "
      "[1,2,3,4,5,6,7,8,9,10].all(c, a + b + c > 0)))",
      Environment());
  ASSERT_TRUE(result.program) << FirstError(result);
  EvalOptions options;
  options.max_iterations = 500;
  Value limited = result.program->Evaluate(Activation(*result.program), options);
  ASSERT_TRUE(limited.is(Kind::kError));
  EXPECT_THAT(limited.error_message(), HasSubstr("cost limit"));
  EXPECT_EQ(result.program->Evaluate(Activation(*result.program)).DebugString(), "true");
}

TEST(ProgramTest, UncheckedModeDefersUnknownNamesToRuntime) {
  CompileOptions unchecked;
  unchecked.check = false;
  CompileResult result = Compile("nobody || true", Environment(), unchecked);
  ASSERT_TRUE(result.program) << FirstError(result);
  EXPECT_EQ(result.program->Evaluate(Activation(*result.program)).DebugString(), "true");
}

TEST(ProgramTest, LimitsAreErrorsNotCrashes) {
  CompileOptions options;
  options.max_expression_length = 10;
  EXPECT_THAT(FirstError(Compile("1 + 2 + 3 + 4", Environment(), options)),
              HasSubstr("more than the limit of 10"));
  std::string deep = std::string(10'000, '[') + std::string(10'000, ']');
  EXPECT_THAT(FirstError(Compile(deep, Environment())), HasSubstr("nests deeper than 250"));
}

}  // namespace
}  // namespace okno::cel
