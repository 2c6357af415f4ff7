#include "server/json_schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace okno::server {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

const json kConsent = {{"type", "object"},
                       {"properties",
                        {{"purpose", {{"type", "string"}, {"minLength", 1}}},
                         {"given_on", {{"type", "string"}, {"format", "date"}}}}},
                       {"required", {"purpose", "given_on"}},
                       {"additionalProperties", false}};

const json kOpening = {{"type", "object"},
                       {"properties",
                        {{"situation", {{"$ref", "#/components/schemas/Situation"}}},
                         {"consent", kConsent},
                         {"confidential", {{"type", "array"}, {"items", {{"type", "string"}}}}}}},
                       {"required", {"situation", "consent"}},
                       {"additionalProperties", false}};

const json kDefinitions = {{"Situation", {{"type", "object"}}}};

std::vector<std::string> Paths(const std::vector<FieldError>& errors) {
  std::vector<std::string> paths;
  for (const FieldError& error : errors) paths.push_back(error.path);
  return paths;
}

TEST(JsonSchemaTest, AValidBodyHasNoErrors) {
  json body = {{"situation", json::object()},
               {"consent", {{"purpose", "услуги"}, {"given_on", "2026-11-26"}}}};
  EXPECT_TRUE(SchemaErrors(kOpening, body, kDefinitions).empty());
}

// Every field at fault is named, not only the first.
TEST(JsonSchemaTest, EveryFaultIsKept) {
  json body = {{"situation", "a story"},
               {"consent", {{"purpose", ""}, {"given_on", "2026-02-30"}, {"by", "me"}}},
               {"confidential", {"members.a.health", 7}},
               {"extra", true}};
  std::vector<FieldError> errors = SchemaErrors(kOpening, body, kDefinitions);
  EXPECT_THAT(Paths(errors), ElementsAre("confidential[1]", "consent.by", "consent.given_on",
                                         "consent.purpose", "extra", "situation"));
  EXPECT_THAT(errors[0].message, HasSubstr("text expected"));
  EXPECT_THAT(errors[1].message, HasSubstr("unknown field"));
  EXPECT_THAT(errors[2].message, HasSubstr("YYYY-MM-DD"));
  EXPECT_THAT(errors[3].message, HasSubstr("must not be empty"));
  EXPECT_THAT(errors[5].message, HasSubstr("an object expected"));
}

TEST(JsonSchemaTest, MissingFieldsAreRequiredAndTheBodyItselfIsNamed) {
  EXPECT_THAT(Paths(SchemaErrors(kOpening, json::object(), kDefinitions)),
              ElementsAre("situation", "consent"));
  EXPECT_THAT(SchemaErrors(kOpening, json::array(), kDefinitions),
              ElementsAre(Field(&FieldError::path, "body")));
}

TEST(JsonSchemaTest, NumbersEnumsAndLengths) {
  json schema = {{"type", "object"},
                 {"properties",
                  {{"version", {{"type", "integer"}, {"minimum", 0}}},
                   {"kind", {{"type", "string"}, {"enum", {"correction", "succession"}}}},
                   {"note", {{"type", "string"}, {"maxLength", 3}}},
                   {"list", {{"type", "array"}, {"maxItems", 2}}}}}};
  EXPECT_TRUE(
      SchemaErrors(schema, {{"version", 0}, {"kind", "correction"}, {"note", "абв"}}).empty())
      << "three Cyrillic letters are three characters, not six bytes";
  std::vector<FieldError> errors = SchemaErrors(
      schema, {{"version", -1}, {"kind", "guess"}, {"note", "abcd"}, {"list", {1, 2, 3}}});
  EXPECT_THAT(Paths(errors), ElementsAre("kind", "list", "note", "version"));
  EXPECT_THAT(errors[0].message, HasSubstr("one of: correction, succession"));
  EXPECT_THAT(errors[3].message, HasSubstr("at least 0"));
  EXPECT_THAT(SchemaErrors(schema, {{"version", 1.5}}),
              ElementsAre(Field(&FieldError::message, HasSubstr("an integer"))));
}

TEST(JsonSchemaTest, DatesAreRealDays) {
  json date = {{"type", "string"}, {"format", "date"}};
  EXPECT_TRUE(SchemaErrors(date, "2024-02-29").empty());
  EXPECT_FALSE(SchemaErrors(date, "2025-02-29").empty());
  EXPECT_FALSE(SchemaErrors(date, "2025-13-01").empty());
  EXPECT_FALSE(SchemaErrors(date, "2025-1-01").empty());
}

// A schema must be checkable whole: a keyword the checker ignores would be a promise the server
// does not keep.
TEST(JsonSchemaTest, ASchemaWithAnUncheckedKeywordIsRefused) {
  EXPECT_TRUE(CheckSchema(kOpening, kDefinitions).ok());
  json pattern = {{"type", "object"}, {"properties", {{"snils", {{"pattern", "^[0-9]+$"}}}}}};
  Status refused = CheckSchema(pattern);
  EXPECT_FALSE(refused.ok());
  EXPECT_THAT(refused.message(), HasSubstr("snils"));
  EXPECT_THAT(refused.message(), HasSubstr("pattern"));
  EXPECT_FALSE(CheckSchema({{"$ref", "#/components/schemas/Nothing"}}, kDefinitions).ok());
  // Known keywords in forms the checker would not enforce are refused too.
  EXPECT_FALSE(
      CheckSchema({{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}).ok());
  EXPECT_FALSE(CheckSchema({{"type", "string"}, {"format", "email"}}).ok());
  EXPECT_FALSE(CheckSchema({{"type", "text"}}).ok());
  EXPECT_TRUE(CheckSchema({{"type", {"string", "null"}}, {"format", "date"}}).ok());
}

}  // namespace
}  // namespace okno::server
