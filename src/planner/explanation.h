#pragma once

// Explanations in words: the sub-conditions that decided a rule (cel::Reason), rendered in
// Russian or English with the fact schema's labels and numbers formatted for the language:
// «доход на члена семьи 23 400 ₽ выше, чем прожиточный минимум на душу 18 939 ₽».

#include <string>
#include <vector>

#include "catalog/fact_schema.h"
#include "cel/program.h"

namespace okno::planner {

// `value` as a reader of `language` writes it: 23 400 ₽ / 23,400 RUB for money, 0,22 / 0.22,
// да / yes. `unit` is the fact's unit in the schema (rub, years, ...), or empty.
std::string FormatValue(const cel::Value& value, const std::string& unit,
                        const std::string& language);

// The schema field an operand's text names: "household.income_per_capita", "applicant.age",
// or "m.age" inside a macro over the members (a person); null for anything else.
const catalog::FactField* FieldOf(const std::string& text, const catalog::FactSchema& schema);

// A closed value in words when `field` names it ("нет жилья" for homeless), else as it is.
std::string ValueWords(const std::string& value, const catalog::FactField* field,
                       const std::string& language);

// A fact path as a reader sees it: "members.anna.monthly_income" → «доход в месяц (anna)».
std::string FactPathLabel(const std::string& path, const catalog::FactSchema& schema,
                          const std::string& language);

// How a comparison reads: ">=" is «не ниже, чем» / "at least" when it `holds`, «ниже, чем» /
// "below" when not; dates compare as earlier and later. `function` as a person writes it ("<",
// ">=", "=="); another is returned as it is.
std::string RelationWords(const std::string& function, bool holds, bool dates,
                          const std::string& language);

// One sentence per reason, in `language` (ru | en).
std::vector<std::string> RenderReasons(const std::vector<cel::Reason>& reasons,
                                       const catalog::FactSchema& schema,
                                       const std::string& language);

}  // namespace okno::planner
