#pragma once

// The planner (DESIGN.md §3.3–3.4): one situation in, one integrated plan out: needs with
// their sources and urgency, every service that addresses them with its status and
// explanation per household or member, steps ordered by urgency and prerequisites, one list
// of documents, the next questions, complexity, tier and integration model, visits.

#include <atomic>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/facts.h"

namespace okno::words {
class NarrativeReader;
}

namespace okno::planner {

struct PlanOptions {
  std::string language = "ru";  // ru | en: explanations and prompts
  bool all_services = false;    // also the services that address no detected need
  bool questions = true;        // rank the next questions (the costly part of a plan)
  // When set, the work is no longer wanted (the client left, a deadline passed): the plan stops
  // ranking questions and says so (Plan::stopped).
  const std::atomic<bool>* cancelled = nullptr;
};

struct PlannedNeed {
  std::string id;
  std::vector<std::string> sources;  // facts | stated | narrative
  std::string urgency;               // immediate | soon | routine
  std::string words;                 // the narrative's words that led to it, if any
};

struct PlannedService {
  const catalog::Service* service = nullptr;
  int member = -1;        // index in the situation; -1 for a household service
  std::string member_id;  // empty for a household service
  std::string status;     // eligible | needs_info | ineligible
  bool approximate = false;
  std::vector<std::string> missing_facts;
  std::vector<std::string> explanation;
  std::vector<std::string> needs;  // the detected needs it addresses
  std::string urgency;             // of the most urgent of those
  int step = 0;                    // 0: not a step (ineligible)
  std::vector<std::string> after;  // planned services whose result it waits for
  std::optional<int> deadline_days;
  std::string deadline_unit;  // working | calendar
  std::optional<catalog::Date> due;
  // The life situation named in the narrative that lists it, if any (the first in the
  // catalog's order).
  std::string life_situation;
};

struct PlannedDocument {
  std::string id;
  std::string member;  // whose document
  std::string source;  // citizen | interagency
  std::string from_agency;
  std::vector<std::string> for_services;
};

struct Question {
  std::string fact;  // a base fact path: members.anna.monthly_income, household.housing
  std::string prompt;
  int decides = 0;
};

struct Complexity {
  std::string level;  // low | medium | high | very_high
  int needs_range = 1, frequency = 1, nature = 1, knowledge = 1;
  std::vector<std::string> explanation;
};

// A fact the narrative suggests for a fact not given (DESIGN.md §4.4 `suggested_facts`): a
// household's, or one member's whom the narrative's subject names alone (the applicant, the
// one child…). Tentative until confirmed: it counts for needs, and through them for the
// candidate services and the complexity, never for a service's status.
struct SuggestedFact {
  std::string fact;  // the fact path: household.housing, members.anna.pregnant
  int member = -1;   // the member's index, -1 for the household
  const catalog::FactSuggestion* suggestion = nullptr;
  std::string words;
};

// A life situation the narrative names: its title in the plan's language and the words.
struct NamedSituation {
  std::string id;
  std::string title;
  std::string words;
};

struct Plan {
  std::string language;  // of titles, explanations and prompts
  std::string catalog_version;
  catalog::Date as_of;
  std::string region;
  std::vector<PlannedNeed> needs;
  // Life situations the narrative names, with its words, in the catalog's order.
  std::vector<NamedSituation> life_situations;
  std::vector<SuggestedFact> suggested_facts;
  std::vector<PlannedService> services;
  std::vector<PlannedDocument> documents;
  std::vector<Question> questions;
  std::vector<std::string> defaults_applied;
  Complexity complexity;
  std::string tier;
  std::string integration_model;
  int visits_siloed = 0;
  int visits_one_stop = 0;
  // Needs not detected whose detectors wait on unknown facts: need → those facts (for the
  // screener, which must settle them too).
  std::map<std::string, std::vector<std::string>> possible_needs;
  // What the plan rests on that a reader should know: federal or approximate region values,
  // due dates past the known production calendar.
  std::vector<std::string> notes;
  // Cancelled before its questions were all ranked (PlanOptions::cancelled): not to be shown.
  bool stopped = false;
};

class QuestionRanker;

// Makes plans against one catalog; keeps what is prepared once per catalog (the stemmed
// narrative triggers, the rules' literals for question ranking). Safe to use from many threads at
// once.
class Planner {
 public:
  explicit Planner(const catalog::Catalog& catalog);
  ~Planner();

  // The plan for a situation checked by catalog::ParseSituation (no errors).
  Plan Make(const catalog::Situation& situation, const PlanOptions& options = {}) const;

 private:
  const catalog::Catalog* catalog_;
  std::unique_ptr<words::NarrativeReader> narrative_;
  std::unique_ptr<QuestionRanker> questions_;
};

// One plan with a Planner made for it: for a single plan (the command line, tests).
Plan MakePlan(const catalog::Catalog& catalog, const catalog::Situation& situation,
              const PlanOptions& options = {});

// The plan as DESIGN.md §4.4's JSON.
nlohmann::json PlanToJson(const Plan& plan);
// The same as PlanToJson(plan).dump(), byte for byte, written straight into the text: what the
// server answers with (several times faster than building the tree).
std::string PlanToJsonText(const Plan& plan);

}  // namespace okno::planner
