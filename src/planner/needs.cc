#include "planner/needs.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

namespace okno::planner {

int UrgencyRank(const std::string& urgency) {
  if (urgency == "immediate") return 0;
  if (urgency == "soon") return 1;
  return 2;
}

namespace {

// Most urgent first; the catalog's order within an urgency.
void ByUrgency(const catalog::Catalog& catalog, std::vector<PlannedNeed>& needs) {
  std::map<std::string_view, size_t> order;
  for (const auto& [id, need] : catalog.needs) order.emplace(id, order.size());
  std::stable_sort(needs.begin(), needs.end(), [&](const PlannedNeed& a, const PlannedNeed& b) {
    int rank_a = UrgencyRank(a.urgency), rank_b = UrgencyRank(b.urgency);
    return rank_a != rank_b ? rank_a < rank_b : order[a.id] < order[b.id];
  });
}

}  // namespace

DetectedNeeds DetectNeeds(const catalog::Catalog& catalog, const catalog::FactSet& facts,
                          const std::vector<words::NeedReading>& from_narrative) {
  const catalog::Situation& situation = facts.situation();
  DetectedNeeds detected;
  for (const auto& [id, need] : catalog.needs) {
    PlannedNeed planned{id, {}, "", ""};
    int urgency = 3;
    std::set<std::string> waiting;
    for (const catalog::NeedDetector& detector : need.detect) {
      if (!detector.program) continue;
      cel::Value value = detector.program->Evaluate(facts.Bind(*detector.program, -1));
      if (value.is(cel::Kind::kBool) && value.bool_value()) {
        urgency = std::min(urgency, UrgencyRank(detector.urgency));
        if (planned.sources.empty()) planned.sources.push_back("facts");
      } else if (value.is(cel::Kind::kUnknown)) {
        waiting.insert(value.unknown_paths().begin(), value.unknown_paths().end());
      }
    }
    if (std::find(situation.needs.begin(), situation.needs.end(), id) != situation.needs.end()) {
      planned.sources.push_back("stated");
      urgency = std::min(urgency, UrgencyRank(need.urgency));
    }
    auto said = std::find_if(from_narrative.begin(), from_narrative.end(),
                             [&](const words::NeedReading& read) { return read.id == id; });
    if (said != from_narrative.end()) {
      planned.sources.push_back("narrative");
      planned.words = said->words;
      urgency = std::min(urgency, UrgencyRank(need.urgency));
    }
    if (planned.sources.empty()) {
      if (!waiting.empty()) detected.possible[id].assign(waiting.begin(), waiting.end());
      continue;
    }
    static const char* kUrgencies[] = {"immediate", "soon", "routine"};
    planned.urgency = kUrgencies[std::min(urgency, 2)];
    detected.needs.push_back(std::move(planned));
  }
  ByUrgency(catalog, detected.needs);
  return detected;
}

namespace {

// The situation with the suggested facts given.
catalog::Situation WithFacts(const catalog::Situation& situation,
                             const std::vector<const SuggestedFact*>& facts) {
  catalog::Situation tentative = situation;
  for (const SuggestedFact* fact : facts) {
    auto& record = fact->member < 0 ? tentative.household : tentative.members[fact->member].facts;
    record[fact->suggestion->field] = fact->suggestion->fact_value;
  }
  return tentative;
}

bool FromFacts(const PlannedNeed& need) {
  return std::find(need.sources.begin(), need.sources.end(), "facts") != need.sources.end();
}

}  // namespace

std::vector<SuggestedFact> SuggestFacts(const catalog::Situation& situation,
                                        const std::vector<words::FactMention>& said) {
  std::vector<SuggestedFact> suggested;
  for (const words::FactMention& mention : said) {
    const catalog::FactSuggestion& suggestion = *mention.suggestion;
    int member = -1;
    if (suggestion.subject != "household") {
      // The applicant is the one who speaks; a relative is named alone only when the household
      // has one member of that role.
      std::vector<std::string> roles = {suggestion.subject};
      if (suggestion.subject == "spouse") roles.push_back("partner");
      int found = 0;
      for (size_t i = 0; i < situation.members.size(); ++i) {
        if (std::find(roles.begin(), roles.end(), situation.members[i].role) == roles.end()) {
          continue;
        }
        if (found++ == 0) member = static_cast<int>(i);
      }
      if (found != 1 && !(suggestion.subject == "applicant" && found > 1)) continue;
    }
    const auto& given = member < 0 ? situation.household : situation.members[member].facts;
    if (given.contains(suggestion.field)) continue;  // a fact given explicitly always wins
    std::string path = member < 0
                           ? "household." + suggestion.field
                           : "members." + situation.members[member].id + "." + suggestion.field;
    // Two suggestions for one list fact («астма», «диабет»): the first stands for the fact.
    bool again = std::any_of(suggested.begin(), suggested.end(),
                             [&](const SuggestedFact& fact) { return fact.fact == path; });
    if (!again) suggested.push_back({path, member, &suggestion, mention.words});
  }
  return suggested;
}

void AddSuggestedNeeds(const catalog::Catalog& catalog, const catalog::Situation& situation,
                       const std::vector<SuggestedFact>& suggested,
                       const std::vector<words::NeedReading>& from_narrative,
                       DetectedNeeds& detected) {
  if (suggested.empty()) return;
  std::vector<const SuggestedFact*> all;
  for (const SuggestedFact& fact : suggested) all.push_back(&fact);
  auto needs_with = [&](const std::vector<const SuggestedFact*>& facts) {
    catalog::Situation tentative = WithFacts(situation, facts);
    return DetectNeeds(catalog, catalog::FactSet(catalog, tentative), from_narrative).needs;
  };
  std::vector<PlannedNeed> tentative = needs_with(all);
  // What each suggested fact reveals alone, computed once and only if some need is revealed.
  std::vector<std::vector<PlannedNeed>> alone;
  auto reveals_alone = [&](size_t fact, const std::string& need) {
    if (alone.empty()) {
      for (const SuggestedFact& one : suggested) {
        alone.push_back(suggested.size() == 1 ? tentative : needs_with({&one}));
      }
    }
    return std::any_of(alone[fact].begin(), alone[fact].end(), [&](const PlannedNeed& found) {
      return found.id == need && FromFacts(found);
    });
  };
  for (const PlannedNeed& revealed : tentative) {
    if (!FromFacts(revealed)) continue;
    auto known = std::find_if(detected.needs.begin(), detected.needs.end(),
                              [&](const PlannedNeed& need) { return need.id == revealed.id; });
    if (known != detected.needs.end() && FromFacts(*known) &&
        UrgencyRank(known->urgency) <= UrgencyRank(revealed.urgency)) {
      continue;  // the facts given reveal it already, as urgent
    }
    // The words of each suggested fact that reveals the need alone, or of all.
    std::string words;
    for (size_t fact = 0; fact < suggested.size(); ++fact) {
      if (reveals_alone(fact, revealed.id)) {
        words += (words.empty() ? "" : ", ") + suggested[fact].words;
      }
    }
    if (words.empty()) {
      for (const SuggestedFact& fact : suggested) words += (words.empty() ? "" : ", ") + fact.words;
    }
    if (known == detected.needs.end()) {
      detected.needs.push_back({revealed.id, {"narrative"}, revealed.urgency, words});
      detected.possible.erase(revealed.id);
      continue;
    }
    known->urgency = revealed.urgency;
    if (std::find(known->sources.begin(), known->sources.end(), "narrative") ==
        known->sources.end()) {
      known->sources.push_back("narrative");
    }
    if (known->words.find(words) == std::string::npos) {
      known->words += (known->words.empty() ? "" : ", ") + words;
    }
  }
  ByUrgency(catalog, detected.needs);
}

}  // namespace okno::planner
