#pragma once

// The next questions (DESIGN.md §4.4): the unknown base facts ranked by `decides`, the number
// of (service, member) statuses that would leave needs_info for at least one value of the fact
// with every other unknown still unknown. A fact that could reveal a need ranks by the
// services that need would bring.

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/facts.h"
#include "planner/plan.h"

namespace okno::planner {

// The constants a rule compares facts with: the values worth trying for a fact are those on
// either side of them.
struct RuleLiterals {
  std::set<double> numbers;
  std::set<std::string> strings;
};

// Ranks the next questions against one catalog, whose rules' literals it reads once.
class QuestionRanker {
 public:
  explicit QuestionRanker(const catalog::Catalog& catalog);

  // `facts` are the situation's, as the plan evaluated them; `possible` the needs not yet
  // detected, with the unknown facts their detectors wait on.
  // Stops early, with `stopped` set, once `cancelled` is.
  std::vector<Question> Rank(const catalog::FactSet& facts,
                             const std::vector<PlannedService>& services,
                             const std::map<std::string, std::vector<std::string>>& possible,
                             const std::string& language,
                             const std::atomic<bool>* cancelled = nullptr,
                             bool* stopped = nullptr) const;

 private:
  // `expression` must be the catalog's own string: its address is the key.
  const RuleLiterals& LiteralsOf(const std::string& expression) const;

  const catalog::Catalog* catalog_;
  std::unordered_map<const std::string*, RuleLiterals> literals_;  // by the expression's address
};

// The schema field of a base fact path ("members.anna.monthly_income" → person.monthly_income),
// or null when the path names no askable fact.
const catalog::FactField* AskableFact(const catalog::Catalog& catalog, const std::string& path);

// `situation` with the fact at `path` set to `value`; false when the path names no member or
// field of the situation.
bool SetFact(catalog::Situation& situation, const std::string& path, const cel::Value& value);
// `situation` with the fact at `path` unknown again.
void ClearFact(catalog::Situation& situation, const std::string& path);

}  // namespace okno::planner
