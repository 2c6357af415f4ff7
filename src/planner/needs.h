#pragma once

// Needs detection (DESIGN.md §3.3): from the facts (the catalog's detectors), from needs stated
// in the situation, and from the narrative.

#include <map>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/facts.h"
#include "planner/plan.h"
#include "words/reader.h"

namespace okno::planner {

struct DetectedNeeds {
  std::vector<PlannedNeed> needs;  // most urgent first, then in the catalog's order
  // Needs not detected whose detector waits on unknown facts: need → those fact paths. An
  // answer could add the need, so these facts count for the next questions.
  std::map<std::string, std::vector<std::string>> possible;
};

// `from_narrative`: the needs read in the situation's narrative, with their words.
DetectedNeeds DetectNeeds(const catalog::Catalog& catalog, const catalog::FactSet& facts,
                          const std::vector<words::NeedReading>& from_narrative);

// The facts the narrative suggests that the situation does not give, each for the household or
// the one member its subject names (a subject naming no member, or several, suggests nothing).
std::vector<SuggestedFact> SuggestFacts(const catalog::Situation& situation,
                                        const std::vector<words::FactMention>& said);

// The needs the suggested facts reveal, added to `detected` as read in the narrative (with the
// words of the facts that reveal each) or raised to their urgency.
void AddSuggestedNeeds(const catalog::Catalog& catalog, const catalog::Situation& situation,
                       const std::vector<SuggestedFact>& suggested,
                       const std::vector<words::NeedReading>& from_narrative,
                       DetectedNeeds& detected);

// The rank of an urgency: immediate 0, soon 1, routine 2.
int UrgencyRank(const std::string& urgency);

}  // namespace okno::planner
