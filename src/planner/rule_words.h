#pragma once

// A rule in words for a reader (DESIGN.md §3.10: the catalog browser shows each rule readably):
// its conditions as a tree — all of, any of, not, for some or every member of the household —
// whose leaves are sentences with the fact schema's labels and closed values in words:
// «жильё: нет жилья», «возраст не ниже, чем 18 лет». A part with no words (a function call, a
// conditional) stays as its CEL text, marked as code.

#include <nlohmann/json.hpp>
#include <string>

#include "catalog/fact_schema.h"

namespace okno::planner {

// One node of the tree, as JSON: {"all": [nodes]}, {"any": [nodes]}, {"not": node},
// {"some_member": node}, {"every_member": node}, {"one_member": node}, {"text": sentence} or
// {"code": CEL text}. An expression that does not parse is {"code": expression}.
nlohmann::json RuleInWords(const std::string& expression, const catalog::FactSchema& schema,
                           const std::string& language);

}  // namespace okno::planner
