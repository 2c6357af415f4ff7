#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/date.h"
#include "catalog/diagnostics.h"
#include "catalog/localized_text.h"
#include "cel/program.h"
#include "cel/types.h"

namespace okno::yaml {
class Node;
}

namespace okno::catalog {

// One fact a rule may read: a field of a record type of the fact schema (DESIGN.md §4.1).
struct FactField {
  std::string name;
  cel::CelType type;
  // For text facts (or lists of text), the closed list of values; empty when open.
  std::vector<std::string> values;
  // How a form or an explanation shows each closed value ("homeless" → "нет жилья"); every
  // value has one when the field gives any, and a value naming a document is said by its title
  // (the catalog's loader fills those in).
  std::map<std::string, LocalizedText> value_labels;
  // How to ask a person for the fact; empty for derived facts, which are computed.
  LocalizedText question;
  // How an explanation names the fact, in the nominative ("доход на члена семьи").
  LocalizedText label;
  // What a number counts, for formatting: rub, years, months, weeks, days, m2, km; or empty.
  std::string unit;
  // Plausibility bounds of a given value (security review, finding 16: an age of 500 or an
  // income of 1e308 was taken): the largest number, and the earliest date.
  std::optional<double> max;
  std::optional<Date> earliest;
  bool derived = false;
  // Values safe to assume by role where the law makes them so ("child": "0"), as CEL literals.
  std::map<std::string, std::string> defaults_by_role;
  // Values safe to assume below an age ("under_14": "false"), by that age, as CEL literals.
  std::map<int, std::string> defaults_under_age;
  // Values assumed from an age on ("from_60": "false"), by that age, as CEL literals.
  std::map<int, std::string> defaults_from_age;
  // Values safe to assume once the member's sex is known ("sex_male": "false" for pregnant).
  std::map<std::string, std::string> defaults_by_sex;
  std::string file;
  int line = 0;
};

struct FactRecord {
  std::string name;
  std::map<std::string, FactField> fields;
};

// The catalog's fact schema: the record types rules read (household, person, region, ...) and
// the variables of a rule's environment (DESIGN.md §4.3).
struct FactSchema {
  std::map<std::string, FactRecord> records;
  std::map<std::string, cel::CelType> variables;

  // The CEL environment every rule of the catalog is compiled against.
  cel::Environment ToEnvironment() const;
};

// The roles a household member can have (DESIGN.md §4.1).
const std::vector<std::string>& MemberRoles();

// Parses a type as the schema writes it: int, double, string, bool, timestamp, duration, dyn,
// list(T), map(K, V), or the name of a record of the schema. nullopt when it is none of these.
std::optional<cel::CelType> ParseFactType(std::string_view text,
                                          const std::map<std::string, FactRecord>& records);

// Reads facts.yaml. Every problem goes to `diagnostics` with its file and line; what could be
// read is returned all the same, so that the rest of the catalog can still be checked.
FactSchema LoadFactSchemaText(const std::string& text, const std::string& file,
                              Diagnostics& diagnostics);
// The same, from facts.yaml already parsed.
FactSchema LoadFactSchema(const yaml::Node& root, const std::string& file,
                          Diagnostics& diagnostics);

}  // namespace okno::catalog
