#include "cel/batch.h"

#include <gtest/gtest.h>

#include <random>

namespace okno::cel {
namespace {

using K = CelType::Kind;

Environment PopulationEnvironment() {
  Environment env;
  env.AddRecord("person", {{"age", CelType::Of(K::kInt)},
                           {"sex", CelType::Of(K::kString)},
                           {"income", CelType::Of(K::kDouble)},
                           {"pregnant", CelType::Of(K::kBool)},
                           {"documents", CelType::List(CelType::Of(K::kString))},
                           {"children", CelType::List(CelType::Of(K::kInt))}});
  env.AddRecord("household",
                {{"size", CelType::Of(K::kInt)}, {"housing", CelType::Of(K::kString)}});
  env.AddRecord("region", {{"minimum", CelType::Of(K::kDouble)}});
  env.AddVariable("person", CelType::Record("person"));
  env.AddVariable("household", CelType::Record("household"));
  env.AddVariable("region", CelType::Record("region"));
  return env;
}

// Rules that use every kind of node: logic, comparisons, arithmetic that can fail, has(),
// ?:, in, string functions, list literals and comprehensions.
const char* const kRules[] = {
    "person.age >= 18 && person.income < region.minimum * 2.0",
    "person.pregnant || household.housing == 'homeless'",
    "!(person.sex in ['female', 'male']) || person.age / household.size > 10",
    "has(person.income) ? person.income <= region.minimum : person.age < 18",
    "person.children.exists(c, c < 3) && household.size >= 2",
    "person.children.all(c, c < 18) || person.children.exists_one(c, c > 60)",
    "size(person.documents.filter(d, d.startsWith('p'))) > 0",
    "'oms_policy' in person.documents && person.income + 1000.0 > 0.0",
    "person.children.map(c, c * 2).exists(x, x > household.size)",
    "[person.age, household.size].all(n, n > 0) ? household.housing : person.sex",
    "person.income / double(household.size) < region.minimum",
    "person.age % household.size == 0 || int(person.income) > 100000",
    // A long list shared by every row takes batch mode's hash-set path.
    "(household.housing in ['own', 'rent', 'social_rent', 'relatives', 'dormitory', 'hostel', "
    "'shelter', 'other']) != (person.sex in ['female', 'f', 'w', 'woman', 'she', 'her', 'fem', "
    "'lady', 'girl'])",
};

// A random value for a fact, mostly of its declared type, sometimes of another (so that
// operations fail at run time) and sometimes absent (unknown).
class RowGenerator {
 public:
  // With `surprises` false every fact is known and of its declared kind, which sends batch
  // evaluation down its typed loops with no row to handle the general way.
  explicit RowGenerator(uint32_t seed, bool surprises = true)
      : random_(seed), surprises_(surprises) {}

  void Fill(FactTable& table, size_t row) {
    for (int c = 0; c < static_cast<int>(table.paths().size()); ++c) {
      int roll = surprises_ ? Uniform(0, 99) : 99;
      if (roll < 12) continue;  // unknown
      const std::string& path = table.paths()[c];
      if (roll < 15) {
        table.Set(c, row, Value::String("wrong kind"));
        continue;
      }
      table.Set(c, row, ValueFor(path));
    }
  }

 private:
  int Uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }

  Value ValueFor(const std::string& path) {
    if (path == "person.age") return Value::Int(Uniform(0, 90));
    if (path == "household.size") {
      return Value::Int(Uniform(surprises_ ? 0 : 1, 6));  // 0: division by zero
    }
    if (path == "person.income") return Value::Double(Uniform(0, 120'000));
    if (path == "region.minimum") return Value::Double(Uniform(15'000, 25'000));
    if (path == "person.pregnant") return Value::Bool(Uniform(0, 3) == 0);
    if (path == "person.sex") return Value::String(Uniform(0, 9) == 0 ? "other" : "female");
    if (path == "household.housing") {
      static const char* const kHousing[] = {"own", "rent", "homeless", "shelter"};
      return Value::String(kHousing[Uniform(0, 3)]);
    }
    if (path == "person.documents") {
      static const char* const kDocuments[] = {"passport", "snils", "oms_policy", "inn"};
      std::vector<Value> documents;
      for (int i = Uniform(0, 3); i > 0; --i) {
        documents.push_back(Value::String(kDocuments[Uniform(0, 3)]));
      }
      return Value::List(std::move(documents));
    }
    if (path == "person.children") {
      std::vector<Value> ages;
      for (int i = Uniform(0, 4); i > 0; --i) ages.push_back(Value::Int(Uniform(0, 70)));
      return Value::List(std::move(ages));
    }
    return Value::Null();
  }

  std::mt19937 random_;
  bool surprises_;
};

// kRules compiled, and every fact path any of them reads.
struct CompiledRules {
  std::vector<std::shared_ptr<const Program>> programs;
  std::vector<const Program*> pointers;
  std::vector<std::string> paths;
};

void CompileRules(CompiledRules& out) {
  Environment env = PopulationEnvironment();
  for (const char* rule : kRules) {
    CompileResult compiled = Compile(rule, env);
    ASSERT_TRUE(compiled.program) << rule << ": " << compiled.errors.front().message;
    for (const std::string& path : compiled.program->attributes()) {
      if (std::find(out.paths.begin(), out.paths.end(), path) == out.paths.end()) {
        out.paths.push_back(path);
      }
    }
    out.pointers.push_back(compiled.program.get());
    out.programs.push_back(std::move(compiled.program));
  }
}

std::string Show(const Value& value) {
  std::string text = value.DebugString();
  if (value.is(Kind::kError)) text += " at " + std::to_string(value.error_offset());
  return text;
}

// Batch results for `rows` random rows, compared with scalar evaluation row by row; returns
// how many results were unknown and how many errors.
void ExpectBatchEqualsScalar(size_t rows, RowGenerator generator, size_t& unknowns,
                             size_t& errors) {
  CompiledRules compiled;
  ASSERT_NO_FATAL_FAILURE(CompileRules(compiled));
  const std::vector<std::shared_ptr<const Program>>& programs = compiled.programs;
  const std::vector<const Program*>& pointers = compiled.pointers;
  const std::vector<std::string>& paths = compiled.paths;
  const size_t kRows = rows;
  FactTable table(paths, kRows);
  for (size_t row = 0; row < kRows; ++row) generator.Fill(table, row);

  BatchOptions options;
  options.block_rows = 1000;  // blocks that do not divide the rows evenly are tested too
  std::vector<std::vector<Value>> batch = EvaluateBatch(pointers, table, options);
  ASSERT_EQ(batch.size(), programs.size());

  size_t compared = 0;
  unknowns = errors = 0;
  for (size_t p = 0; p < programs.size(); ++p) {
    const Program& program = *programs[p];
    ASSERT_EQ(batch[p].size(), kRows);
    for (size_t row = 0; row < kRows; ++row) {
      Activation facts(program);
      for (int slot = 0; slot < static_cast<int>(program.attributes().size()); ++slot) {
        facts.SetSlot(slot, table.column(table.ColumnOf(program.attributes()[slot]))[row]);
      }
      Value scalar = program.Evaluate(facts);
      ASSERT_EQ(Show(batch[p][row]), Show(scalar)) << kRules[p] << " at row " << row;
      // The scalar fast path must agree with the general evaluator too.
      EvalOptions general_only;
      general_only.use_fast_path = false;
      ASSERT_EQ(Show(program.Evaluate(facts, general_only)), Show(scalar))
          << kRules[p] << " at row " << row;
      ++compared;
      unknowns += scalar.is(Kind::kUnknown);
      errors += scalar.is(Kind::kError);
    }
  }
  EXPECT_EQ(compared, kRows * std::size(kRules));
}

TEST(BatchTest, EqualsScalarEvaluationOnRandomRowsWithUnknowns) {
  size_t unknowns, errors;
  ExpectBatchEqualsScalar(100'000, RowGenerator(20261127), unknowns, errors);
  // The data must exercise every outcome, or the comparison proves little.
  EXPECT_GT(unknowns, 100'000 * std::size(kRules) / 20);
  EXPECT_GT(errors, 100'000 * std::size(kRules) / 100);
}

TEST(BatchTest, EqualsScalarEvaluationWhenEveryFactIsKnown) {
  size_t unknowns, errors;
  ExpectBatchEqualsScalar(20'000, RowGenerator(11, /*surprises=*/false), unknowns, errors);
  EXPECT_EQ(unknowns, 0u);
}

TEST(BatchTest, ScreeningOutcomesClassifyTheValues) {
  CompiledRules compiled;
  ASSERT_NO_FATAL_FAILURE(CompileRules(compiled));
  const std::vector<const Program*>& pointers = compiled.pointers;
  const std::vector<std::string>& paths = compiled.paths;
  FactTable table(paths, 20'000);
  RowGenerator generator(7);
  for (size_t row = 0; row < table.rows(); ++row) generator.Fill(table, row);
  std::vector<std::vector<Value>> values = EvaluateBatch(pointers, table);
  std::vector<std::vector<Outcome>> outcomes = ScreenBatch(pointers, table);
  size_t seen[5] = {0, 0, 0, 0, 0};
  for (size_t p = 0; p < pointers.size(); ++p) {
    for (size_t row = 0; row < table.rows(); ++row) {
      const Value& value = values[p][row];
      Outcome expected = value.is(Kind::kBool)
                             ? (value.bool_value() ? Outcome::kTrue : Outcome::kFalse)
                         : value.is(Kind::kUnknown) ? Outcome::kUnknown
                         : value.is(Kind::kError)   ? Outcome::kError
                                                    : Outcome::kNotBool;
      ASSERT_EQ(outcomes[p][row], expected) << kRules[p] << " at row " << row;
      ++seen[static_cast<int>(expected)];
    }
  }
  for (int outcome = 0; outcome < 5; ++outcome) EXPECT_GT(seen[outcome], 0u) << outcome;
}

TEST(BatchTest, ChangedFactsAreSeenByTheNextRun) {
  CompileResult compiled = Compile("person.age >= 18", PopulationEnvironment());
  ASSERT_TRUE(compiled.program);
  const Program* program = compiled.program.get();
  FactTable table({"person.age"}, 2);
  table.Set(0, 0, Value::Int(30));
  table.Set(0, 1, Value::Int(10));
  EXPECT_EQ(ScreenBatch({&program, 1}, table)[0][1], Outcome::kFalse);
  table.Set(0, 1, Value::Int(40));
  EXPECT_EQ(ScreenBatch({&program, 1}, table)[0][1], Outcome::kTrue);
}

TEST(BatchTest, FactsWithoutAColumnAreUnknown) {
  CompileResult compiled = Compile("person.age >= 18", PopulationEnvironment());
  ASSERT_TRUE(compiled.program);
  FactTable table({"person.sex"}, 3);
  const Program* program = compiled.program.get();
  std::vector<std::vector<Value>> results = EvaluateBatch({&program, 1}, table);
  ASSERT_EQ(results[0].size(), 3u);
  EXPECT_EQ(results[0][2].DebugString(), "unknown(person.age)");
}

}  // namespace
}  // namespace okno::cel
