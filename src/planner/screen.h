#pragma once

// The adaptive questionnaire (okno screen): start from what the citizen says and who lives
// with them, then ask only what matters: the next most deciding fact, one fact of one member
// per question, until no unknown fact could change a status.

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/facts.h"
#include "planner/plan.h"

namespace okno::planner {

// The fact to ask next, or nullopt when none could change a status. First the facts that
// settle a service alone (the plan's questions, by `decides`); then those that settle one only
// together with another (in the missing facts of services still waiting, or of needs not yet
// settled, most often first).
// `skipped` are facts the citizen could not answer.
std::optional<Question> NextQuestion(const catalog::Catalog& catalog, const Plan& plan,
                                     const std::set<std::string>& skipped);

// Where screening starts: the situation's date, region, narrative, stated needs and the
// household's composition (member ids and roles), and no other fact.
catalog::Situation ScreeningStart(const catalog::Situation& full);

// The value of the fact at `path` in `situation`, or nullopt when it is not given.
std::optional<cel::Value> FactValue(const catalog::Situation& situation, const std::string& path);

struct Replay {
  std::vector<Question> asked;   // in order; an answer absent from the full situation is skipped
  catalog::Situation situation;  // what the answers built
  Plan plan;                     // its plan
};

// Screens from ScreeningStart(full), answering each question from `full`.
Replay ReplayScreening(const Planner& planner, const catalog::Catalog& catalog,
                       const catalog::Situation& full, const PlanOptions& options = {});

// The facts given in `full` that its plan depends on: each one whose absence alone changes the
// plan's needs or (service, member, status) set. A screener that ends with that plan must have
// asked every one of them: their number bounds any screener's questions from below.
std::vector<std::string> DecidingFacts(const Planner& planner, const catalog::Situation& full,
                                       const PlanOptions& options = {});

// Whether two plans have the same needs and the same (service, member, status) set.
bool SameOutcome(const Plan& a, const Plan& b);
// What differs: "- x" in `a` only, "+ x" in `b` only, for needs and (service, member, status).
std::vector<std::string> OutcomeDifferences(const Plan& a, const Plan& b);

// A situation as the situation file's JSON (DESIGN.md §4.1): dates as YYYY-MM-DD.
nlohmann::json SituationToJson(const catalog::Situation& situation);

}  // namespace okno::planner
