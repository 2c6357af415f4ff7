#include "catalog/fact_schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace okno::catalog {
namespace {

using ::testing::ElementsAre;

constexpr const char* kSchema = R"(records:
  person:
    fields:
      age: {type: int, derived: true}
      sex:
        type: string
        values: [female, male]
        question: {ru: "Пол", en: "Sex"}
      monthly_income:
        type: double
        question: {ru: "Средний доход в месяц, ₽", en: "Average monthly income, RUB"}
        defaults: {child: "0.0"}
      documents: {type: list(string), values: [passport, snils], question: {ru: Документы, en: Documents}}
  household:
    fields:
      members: {type: list(person), derived: true}
      income_per_capita: {type: double, derived: true}
  region:
    fields:
      subsistence_minimum: {type: double, derived: true}
variables:
  person: person
  household: household
  region: region
  as_of: timestamp
)";

std::vector<std::string> Messages(const Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const CatalogError& error : diagnostics.errors()) out.push_back(error.ToString());
  return out;
}

TEST(FactSchemaTest, ReadsRecordsFieldsAndVariables) {
  Diagnostics diagnostics;
  FactSchema schema = LoadFactSchemaText(kSchema, "facts.yaml", diagnostics);
  ASSERT_TRUE(diagnostics.ok()) << Messages(diagnostics).front();
  const FactField& income = schema.records.at("person").fields.at("monthly_income");
  EXPECT_TRUE(income.type.is(cel::CelType::Kind::kDouble));
  EXPECT_EQ(income.question.en, "Average monthly income, RUB");
  EXPECT_EQ(income.defaults_by_role.at("child"), "0.0");
  EXPECT_EQ(income.line, 9);
  EXPECT_EQ(schema.records.at("household").fields.at("members").type.Name(), "list(person)");
  EXPECT_THAT(schema.records.at("person").fields.at("sex").values, ElementsAre("female", "male"));
  EXPECT_TRUE(schema.variables.at("as_of").is(cel::CelType::Kind::kTimestamp));
}

TEST(FactSchemaTest, RulesCompileAgainstItsEnvironment) {
  Diagnostics diagnostics;
  cel::Environment environment =
      LoadFactSchemaText(kSchema, "facts.yaml", diagnostics).ToEnvironment();
  cel::CompileResult ok = cel::Compile(
      "household.income_per_capita <= region.subsistence_minimum && "
      "household.members.exists(m, m.age < 3) && person.sex == 'female'",
      environment);
  EXPECT_TRUE(ok.program) << ok.errors.front().message;
  cel::CompileResult misspelt = cel::Compile("person.monthly_incom > 0.0", environment);
  ASSERT_FALSE(misspelt.program);
  EXPECT_EQ(misspelt.errors.front().message, "record type 'person' has no field 'monthly_incom'");
}

TEST(FactSchemaTest, MistakesAreReportedWithTheirPlace) {
  Diagnostics diagnostics;
  LoadFactSchemaText(R"(records:
  person:
    fields:
      age: {type: integer, derived: true}
      sex: {type: double, values: [f, m], question: {ru: Пол, en: Sex}}
      income: {type: double}
      phone: {type: string, question: {ru: Телефон, en: Phone}, defaults: {kid: "x"}}
    feilds: {}
variables:
  person: persn
)",
                     "facts.yaml", diagnostics);
  EXPECT_THAT(
      Messages(diagnostics),
      ElementsAre(

          "facts.yaml:8:5: records.person.feilds: unknown field; did you mean 'fields'?",
          "facts.yaml:4:19: records.person.fields.age.type: unknown type 'integer' (int, double, "
          "string, bool, timestamp, duration, dyn, list(T), map(K, V) or a record of this schema)",
          "facts.yaml:5:35: records.person.fields.sex.values: a closed list of values is for text "
          "facts, not double",
          "facts.yaml:6:15: records.person.fields.income.question: required field is missing",
          // Columns count letters: "Телефон" is 7 of them, 14 bytes.
          "facts.yaml:7:76: records.person.fields.phone.defaults.kid: unknown field",
          "facts.yaml:10:11: variables.person: unknown type 'persn' for a variable"));
}

TEST(FactSchemaTest, EachClosedValueHasItsLabelAndNoOtherKeyIsOne) {
  Diagnostics diagnostics;
  FactSchema schema = LoadFactSchemaText(R"(records:
  person:
    fields:
      sex:
        type: string
        values: [female, male]
        value_labels: {female: {ru: женский, en: female}, male: {ru: мужской, en: male}}
        question: {ru: Пол, en: Sex}
      housing:
        type: string
        values: [own, homeless]
        value_labels: {own: {ru: своё, en: own}, homless: {ru: нет, en: none}}
        question: {ru: Жильё, en: Housing}
variables:
  person: person
)",
                                         "facts.yaml", diagnostics);
  EXPECT_EQ(schema.records.at("person").fields.at("sex").value_labels.at("male").ru, "мужской");
  EXPECT_THAT(
      Messages(diagnostics),
      ElementsAre("facts.yaml:12:23: records.person.fields.housing.value_labels.homeless: required "
                  "field is missing",
                  "facts.yaml:12:50: records.person.fields.housing.value_labels.homless: unknown "
                  "field; did you mean 'homeless'?"));
}

TEST(FactSchemaTest, ParsesTypeExpressions) {
  std::map<std::string, FactRecord> records = {{"person", {"person", {}}}};
  EXPECT_EQ(ParseFactType("map(string, list(person))", records)->Name(),
            "map(string, list(person))");
  EXPECT_EQ(ParseFactType(" int ", records)->Name(), "int");
  EXPECT_FALSE(ParseFactType("list(persons)", records));
  EXPECT_FALSE(ParseFactType("map(string)", records));
}

}  // namespace
}  // namespace okno::catalog
