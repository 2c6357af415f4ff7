#include "planner/plan.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "common/json_writer.h"
#include "planner/complexity.h"
#include "planner/explanation.h"
#include "planner/needs.h"
#include "planner/questions.h"
#include "words/reader.h"

namespace okno::planner {
namespace {

using catalog::Catalog;
using catalog::Service;

bool Addresses(const Service& service, const std::string& need) {
  return std::find(service.needs.begin(), service.needs.end(), need) != service.needs.end();
}

// Evaluates one service for one member (or the household) with its explanation.
PlannedService Evaluate(const Catalog& catalog, const Service& service,
                        const catalog::FactSet& facts, int member, const PlanOptions& options) {
  PlannedService planned;
  planned.service = &service;
  planned.member = member;
  if (member >= 0) planned.member_id = facts.situation().members[member].id;
  std::vector<cel::Reason> reasons;
  catalog::RuleOutcome outcome = catalog::EvaluateService(service, facts, member, &reasons);
  planned.status = outcome.status;
  planned.missing_facts = outcome.missing;
  const catalog::RuleVersion* version = service.RuleAt(facts.situation().as_of);
  planned.approximate = version != nullptr && version->approximate;
  bool ru = options.language != "en";
  if (version == nullptr) {
    planned.explanation.push_back(ru ? "правило не действует на эту дату"
                                     : "no rule in force on this date");
  } else if (outcome.status == "error") {
    planned.status = "needs_info";
    planned.explanation.push_back((ru ? "правило не вычислилось: " : "the rule failed: ") +
                                  outcome.error);
  } else {
    planned.explanation = RenderReasons(reasons, catalog.facts, options.language);
  }
  if (planned.approximate && planned.status == "ineligible") {
    planned.explanation.insert(
        planned.explanation.begin(),
        ru ? "вероятно, нет: уточните в ведомстве" : "probably not: confirm with the agency");
  }
  return planned;
}

// Steps, for the services due: a service comes no earlier than its urgency allows (immediate
// first) and after every due service it needs the result of; services of one step run in
// parallel. A service waiting for information gets its step once the answer makes it due.
void AssignSteps(std::vector<PlannedService>& services) {
  std::map<std::string, std::vector<size_t>> by_id;
  for (size_t i = 0; i < services.size(); ++i) {
    if (services[i].status == "eligible") by_id[services[i].service->id].push_back(i);
  }
  std::vector<int> level(services.size(), 0);
  std::vector<int> state(services.size(), 0);  // 0 new, 1 visiting, 2 done
  std::function<int(size_t)> visit = [&](size_t i) -> int {
    if (state[i] == 2) return level[i];
    if (state[i] == 1) return level[i];  // a cycle the loader reported: leave it
    state[i] = 1;
    PlannedService& service = services[i];
    int lowest = UrgencyRank(service.urgency) + 1;
    for (const std::string& prerequisite : service.service->prerequisites) {
      auto found = by_id.find(prerequisite);
      if (found == by_id.end()) continue;
      for (size_t j : found->second) {
        // A person service waits for the same member's prerequisite, or the household's.
        if (services[j].member >= 0 && service.member >= 0 &&
            services[j].member != service.member) {
          continue;
        }
        lowest = std::max(lowest, visit(j) + 1);
        if (std::find(service.after.begin(), service.after.end(), prerequisite) ==
            service.after.end()) {
          service.after.push_back(prerequisite);
        }
      }
    }
    state[i] = 2;
    level[i] = lowest;
    return lowest;
  };
  std::set<int> used;
  for (size_t i = 0; i < services.size(); ++i) {
    if (services[i].status == "eligible") used.insert(visit(i));
  }
  std::map<int, int> number;  // consecutive step numbers from 1
  for (int value : used) number.emplace(value, static_cast<int>(number.size()) + 1);
  for (size_t i = 0; i < services.size(); ++i) {
    if (services[i].status == "eligible") services[i].step = number[level[i]];
  }
}

// Whether member `index` is 14 or older; without a birth date, whether they are not a child.
bool Adult(const catalog::Situation& situation, int index) {
  const auto& facts = situation.members[index].facts;
  auto birth = facts.find("birth_date");
  if (birth == facts.end()) return situation.members[index].role != "child";
  catalog::Date born = catalog::Date::FromEpochSeconds(birth->second.seconds());
  return catalog::YearsBetween(born, situation.as_of) >= 14;
}

// One list of documents: each (document, member) once, fetched by interagency request when
// any service can get it so (once only, 210-FZ), else brought by the citizen.
std::vector<PlannedDocument> Documents(const Catalog& catalog, const catalog::Situation& situation,
                                       const std::vector<PlannedService>& services) {
  std::string applicant;
  for (const catalog::MemberFacts& member : situation.members) {
    if (member.role == "applicant") applicant = member.id;
  }
  if (applicant.empty() && !situation.members.empty()) applicant = situation.members[0].id;
  std::map<std::pair<std::string, std::string>, PlannedDocument> documents;
  std::vector<std::pair<std::string, std::string>> order;
  for (const PlannedService& planned : services) {
    if (planned.status != "eligible") continue;
    for (const catalog::DocumentRequirement& requirement : planned.service->documents) {
      // A document of the member the service is for when it is one per member or the member
      // applies themselves (14 and over); else the applicant's, who applies for them.
      std::string member = applicant;
      if (!planned.member_id.empty() &&
          (requirement.per_member || Adult(situation, planned.member))) {
        member = planned.member_id;
      }
      auto key = std::pair{requirement.document, member};
      auto [it, inserted] = documents.try_emplace(key);
      PlannedDocument& document = it->second;
      if (inserted) {
        order.push_back(key);
        document.id = requirement.document;
        document.member = member;
        document.source = requirement.source;
        document.from_agency = requirement.from_agency;
      } else if (requirement.source == "interagency" && document.source != "interagency") {
        document.source = "interagency";
        document.from_agency = requirement.from_agency;
      }
      if (std::find(document.for_services.begin(), document.for_services.end(),
                    planned.service->id) == document.for_services.end()) {
        document.for_services.push_back(planned.service->id);
      }
    }
  }
  std::vector<PlannedDocument> list;
  for (const auto& key : order) {
    PlannedDocument document = documents.at(key);
    if (document.source == "interagency" && document.from_agency.empty()) {
      auto known = catalog.documents.find(document.id);
      if (known != catalog.documents.end()) document.from_agency = known->second.issued_by;
    }
    list.push_back(std::move(document));
  }
  return list;
}

}  // namespace

Planner::Planner(const Catalog& catalog)
    : catalog_(&catalog),
      narrative_(std::make_unique<words::NarrativeReader>(catalog)),
      questions_(std::make_unique<QuestionRanker>(catalog)) {}

Planner::~Planner() = default;

Plan MakePlan(const Catalog& catalog, const catalog::Situation& situation,
              const PlanOptions& options) {
  return Planner(catalog).Make(situation, options);
}

Plan Planner::Make(const catalog::Situation& situation, const PlanOptions& options) const {
  const Catalog& catalog = *catalog_;
  Plan plan;
  bool ru = options.language != "en";
  plan.language = options.language;
  plan.catalog_version = catalog.version;
  plan.as_of = situation.as_of;
  plan.region = situation.region;
  catalog::FactSet facts(catalog, situation);
  plan.defaults_applied = facts.defaults_applied();
  words::Reading said = narrative_->Read(situation.narrative);
  DetectedNeeds detected = DetectNeeds(catalog, facts, said.needs);
  plan.suggested_facts = SuggestFacts(situation, said.facts);
  AddSuggestedNeeds(catalog, situation, plan.suggested_facts, said.needs, detected);
  plan.needs = detected.needs;
  plan.possible_needs = detected.possible;
  // The life situations the narrative names, and their services, each with the first situation
  // that lists it: planned even when no need points to them (on-request ones only so).
  std::map<std::string, std::string> brought;
  for (const words::Mention& named : said.situations) {
    auto life = std::find_if(
        catalog.life_situations.begin(), catalog.life_situations.end(),
        [&](const catalog::LifeSituation& situation) { return situation.id == named.id; });
    if (life == catalog.life_situations.end()) continue;  // the lexicon reads the catalog's own
    plan.life_situations.push_back({named.id, life->title.In(plan.language), named.words});
    for (const std::string& service : life->services) brought.emplace(service, life->id);
  }
  // The candidates: every service with --all, else those of the detected needs (in catalog
  // order either way), offered in the situation's region.
  std::vector<size_t> candidates;
  if (options.all_services) {
    for (size_t i = 0; i < catalog.services.size(); ++i) candidates.push_back(i);
  } else {
    for (const PlannedNeed& need : plan.needs) {
      auto found = catalog.services_by_need.find(need.id);
      if (found == catalog.services_by_need.end()) continue;
      candidates.insert(candidates.end(), found->second.begin(), found->second.end());
    }
    for (const auto& [id, life] : brought) {
      if (auto found = catalog.service_index.find(id); found != catalog.service_index.end()) {
        candidates.push_back(found->second);
      }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  }
  for (size_t index : candidates) {
    const Service& service = catalog.services[index];
    if (!service.computable() || !catalog.Offers(service, situation.region)) continue;
    std::vector<std::string> needs;
    int urgency = 3;
    for (const PlannedNeed& need : plan.needs) {
      if (Addresses(service, need.id)) {
        needs.push_back(need.id);
        urgency = std::min(urgency, UrgencyRank(need.urgency));
      }
    }
    auto life = brought.find(service.id);
    bool named = life != brought.end();
    if (needs.empty() && !named && !options.all_services) continue;
    if (service.on_request && !named && !options.all_services) continue;
    static const char* kUrgencies[] = {"immediate", "soon", "routine"};
    std::vector<int> members;
    if (service.subject == "household") {
      members.push_back(-1);
    } else {
      for (size_t i = 0; i < situation.members.size(); ++i) members.push_back(static_cast<int>(i));
    }
    for (int member : members) {
      PlannedService planned = Evaluate(catalog, service, facts, member, options);
      if (planned.status == "not_applicable") continue;
      planned.needs = needs;
      planned.urgency = kUrgencies[std::min(urgency, 2)];
      if (named) planned.life_situation = life->second;
      if (service.processing_days) {
        planned.deadline_days = service.processing_days;
        planned.deadline_unit = service.processing_unit;
        planned.due =
            service.processing_unit == "working"
                ? catalog.calendar.AddWorkingDays(situation.as_of, *service.processing_days)
                : catalog::Date::FromDaysSinceEpoch(situation.as_of.DaysSinceEpoch() +
                                                    *service.processing_days);
      }
      plan.services.push_back(std::move(planned));
    }
  }
  AssignSteps(plan.services);
  // Steps first, in order; then what waits for information; ineligible last.
  std::stable_sort(plan.services.begin(), plan.services.end(),
                   [](const PlannedService& a, const PlannedService& b) {
                     auto rank = [](const PlannedService& s) {
                       if (s.status == "eligible") return s.step;
                       return s.status == "needs_info" ? 1000 : 2000;
                     };
                     return rank(a) < rank(b);
                   });
  plan.documents = Documents(catalog, situation, plan.services);

  // Visits: without a one-stop shop, one per agency and one per document errand (each agency
  // a document must be fetched from); with it, the MFC once, plus every agency that serves
  // only in person.
  std::set<std::string> agencies, errands, in_person;
  for (const PlannedService& planned : plan.services) {
    if (planned.status != "eligible") continue;
    agencies.insert(planned.service->agency);
    const auto& channels = planned.service->channels;
    bool remote = std::find(channels.begin(), channels.end(), "mfc") != channels.end() ||
                  std::find(channels.begin(), channels.end(), "online") != channels.end();
    if (!remote) in_person.insert(planned.service->agency);
  }
  for (const PlannedDocument& document : plan.documents) {
    if (document.source == "interagency") errands.insert(document.from_agency);
  }
  plan.visits_siloed = static_cast<int>(agencies.size() + errands.size());
  plan.visits_one_stop = agencies.empty() ? 0 : 1 + static_cast<int>(in_person.size());

  if (options.questions) {
    plan.questions = questions_->Rank(facts, plan.services, detected.possible, options.language,
                                      options.cancelled, &plan.stopped);
  }
  plan.complexity = AssessComplexity(plan.needs, plan.services, options.language);
  for (const catalog::Route& route : catalog.routing) {
    if (route.complexity == plan.complexity.level) {
      plan.tier = route.tier;
      plan.integration_model = route.integration_model;
    }
  }

  auto labels = [&](const std::vector<std::string>& fields) {
    std::string text;
    for (const std::string& field : fields) {
      const auto& region = catalog.facts.records.at("region").fields;
      auto entry = region.find(field);
      text += (text.empty() ? "" : ", ") +
              (entry != region.end() && !entry->second.label.In(options.language).empty()
                   ? entry->second.label.In(options.language)
                   : field);
    }
    return text;
  };
  // A parameter no region sets (the minimum wage) is federal by nature: not worth a note.
  std::vector<std::string> federal;
  for (const std::string& field : facts.federal_parameters()) {
    bool regional = std::any_of(catalog.regions.begin(), catalog.regions.end(), [&](const auto& r) {
      return std::any_of(
          r.second.parameters.begin(), r.second.parameters.end(),
          [&](const catalog::ParameterSet& set) { return set.values.contains(field); });
    });
    if (regional) federal.push_back(field);
  }
  if (!federal.empty()) {
    plan.notes.push_back((ru ? "для региона " + situation.region + " взяты федеральные значения: "
                             : "federal values are used for " + situation.region + ": ") +
                         labels(federal));
  }
  if (!facts.approximate_parameters().empty()) {
    plan.notes.push_back((ru ? "приблизительные значения параметров региона: "
                             : "approximate values of the region's parameters: ") +
                         labels(facts.approximate_parameters()));
  }
  std::optional<catalog::Date> last_due;
  for (const PlannedService& planned : plan.services) {
    if (planned.due && (!last_due || *last_due < *planned.due)) last_due = planned.due;
  }
  if (last_due && !catalog.calendar.Exact(situation.as_of, *last_due)) {
    plan.notes.push_back(ru ? "сроки приблизительные: производственный календарь на эти даты "
                              "неизвестен или не подтверждён"
                            : "due dates are approximate: the production calendar for these "
                              "dates is unknown or unconfirmed");
  }
  return plan;
}

nlohmann::json PlanToJson(const Plan& plan) {
  using nlohmann::json;
  json out = json::object();
  out["catalog_version"] = plan.catalog_version;
  json needs = json::array();
  for (const PlannedNeed& need : plan.needs) {
    json entry = {{"id", need.id}, {"sources", need.sources}, {"urgency", need.urgency}};
    if (!need.words.empty()) entry["words"] = need.words;
    needs.push_back(std::move(entry));
  }
  out["needs"] = std::move(needs);
  json situations = json::array();
  for (const NamedSituation& named : plan.life_situations) {
    situations.push_back({{"id", named.id}, {"title", named.title}, {"words", named.words}});
  }
  out["life_situations"] = std::move(situations);
  json suggested = json::array();
  for (const SuggestedFact& fact : plan.suggested_facts) {
    suggested.push_back(
        {{"fact", fact.fact}, {"value", fact.suggestion->value}, {"words", fact.words}});
  }
  out["suggested_facts"] = std::move(suggested);
  json services = json::array();
  for (const PlannedService& planned : plan.services) {
    json service = {{"id", planned.service->id},
                    {"title", planned.service->title.In(plan.language)},
                    {"agency", planned.service->agency},
                    {"needs", planned.needs},
                    {"status", planned.status},
                    {"approximate", planned.approximate},
                    {"missing_facts", planned.missing_facts},
                    {"explanation", planned.explanation},
                    {"after", planned.after},
                    {"channels", planned.service->channels}};
    if (!planned.member_id.empty()) service["member"] = planned.member_id;
    if (!planned.life_situation.empty()) service["life_situation"] = planned.life_situation;
    if (planned.step > 0) service["step"] = planned.step;
    if (planned.deadline_days) {
      service["deadline_days"] = *planned.deadline_days;
      service["deadline_unit"] = planned.deadline_unit;
    }
    services.push_back(std::move(service));
  }
  out["services"] = std::move(services);
  json documents = json::array();
  for (const PlannedDocument& document : plan.documents) {
    json entry = {{"id", document.id},
                  {"member", document.member},
                  {"source", document.source},
                  {"for_services", document.for_services}};
    if (document.source == "interagency") entry["from_agency"] = document.from_agency;
    documents.push_back(std::move(entry));
  }
  out["documents"] = std::move(documents);
  json questions = json::array();
  for (const Question& question : plan.questions) {
    questions.push_back(
        {{"fact", question.fact}, {"prompt", question.prompt}, {"decides", question.decides}});
  }
  out["questions"] = std::move(questions);
  out["defaults_applied"] = plan.defaults_applied;
  out["complexity"] = {{"level", plan.complexity.level},
                       {"factors",
                        {{"needs_range", plan.complexity.needs_range},
                         {"frequency", plan.complexity.frequency},
                         {"nature", plan.complexity.nature},
                         {"knowledge", plan.complexity.knowledge}}},
                       {"explanation", plan.complexity.explanation}};
  out["tier"] = plan.tier;
  out["integration_model"] = plan.integration_model;
  out["visits"] = {{"siloed", plan.visits_siloed}, {"one_stop", plan.visits_one_stop}};
  return out;
}

std::string PlanToJsonText(const Plan& plan) {
  // Keys in sorted order, as nlohmann::json keeps them: the same bytes as PlanToJson().dump().
  JsonWriter out(64 * 1024);
  out.BeginObject();
  out.Key("catalog_version").String(plan.catalog_version);
  out.Key("complexity").BeginObject();
  out.Key("explanation").Strings(plan.complexity.explanation);
  out.Key("factors").BeginObject();
  out.Key("frequency").Int(plan.complexity.frequency);
  out.Key("knowledge").Int(plan.complexity.knowledge);
  out.Key("nature").Int(plan.complexity.nature);
  out.Key("needs_range").Int(plan.complexity.needs_range);
  out.EndObject();
  out.Key("level").String(plan.complexity.level);
  out.EndObject();
  out.Key("defaults_applied").Strings(plan.defaults_applied);
  out.Key("documents").BeginArray();
  for (const PlannedDocument& document : plan.documents) {
    out.BeginObject();
    out.Key("for_services").Strings(document.for_services);
    if (document.source == "interagency") out.Key("from_agency").String(document.from_agency);
    out.Key("id").String(document.id);
    out.Key("member").String(document.member);
    out.Key("source").String(document.source);
    out.EndObject();
  }
  out.EndArray();
  out.Key("integration_model").String(plan.integration_model);
  out.Key("life_situations").BeginArray();
  for (const NamedSituation& named : plan.life_situations) {
    out.BeginObject();
    out.Key("id").String(named.id);
    out.Key("title").String(named.title);
    out.Key("words").String(named.words);
    out.EndObject();
  }
  out.EndArray();
  out.Key("needs").BeginArray();
  for (const PlannedNeed& need : plan.needs) {
    out.BeginObject();
    out.Key("id").String(need.id);
    out.Key("sources").Strings(need.sources);
    out.Key("urgency").String(need.urgency);
    if (!need.words.empty()) out.Key("words").String(need.words);
    out.EndObject();
  }
  out.EndArray();
  out.Key("questions").BeginArray();
  for (const Question& question : plan.questions) {
    out.BeginObject();
    out.Key("decides").Int(question.decides);
    out.Key("fact").String(question.fact);
    out.Key("prompt").String(question.prompt);
    out.EndObject();
  }
  out.EndArray();
  out.Key("services").BeginArray();
  for (const PlannedService& planned : plan.services) {
    out.BeginObject();
    out.Key("after").Strings(planned.after);
    out.Key("agency").String(planned.service->agency);
    out.Key("approximate").Bool(planned.approximate);
    out.Key("channels").Strings(planned.service->channels);
    if (planned.deadline_days) {
      out.Key("deadline_days").Int(*planned.deadline_days);
      out.Key("deadline_unit").String(planned.deadline_unit);
    }
    out.Key("explanation").Strings(planned.explanation);
    out.Key("id").String(planned.service->id);
    if (!planned.life_situation.empty()) out.Key("life_situation").String(planned.life_situation);
    if (!planned.member_id.empty()) out.Key("member").String(planned.member_id);
    out.Key("missing_facts").Strings(planned.missing_facts);
    out.Key("needs").Strings(planned.needs);
    out.Key("status").String(planned.status);
    if (planned.step > 0) out.Key("step").Int(planned.step);
    out.Key("title").String(planned.service->title.In(plan.language));
    out.EndObject();
  }
  out.EndArray();
  out.Key("suggested_facts").BeginArray();
  for (const SuggestedFact& fact : plan.suggested_facts) {
    out.BeginObject();
    out.Key("fact").String(fact.fact);
    const nlohmann::json& value = fact.suggestion->value;
    out.Key("value");
    if (value.is_boolean()) {
      out.Bool(value.get<bool>());
    } else if (value.is_number_integer()) {
      out.Int(value.get<int64_t>());
    } else {
      out.String(value.get<std::string>());
    }
    out.Key("words").String(fact.words);
    out.EndObject();
  }
  out.EndArray();
  out.Key("tier").String(plan.tier);
  out.Key("visits").BeginObject();
  out.Key("one_stop").Int(plan.visits_one_stop);
  out.Key("siloed").Int(plan.visits_siloed);
  out.EndObject();
  out.EndObject();
  return out.Take();
}

}  // namespace okno::planner
