#include "planner/questions.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "cel/parser.h"

namespace okno::planner {
namespace {

using catalog::FactField;
using K = cel::CelType::Kind;

void Collect(const cel::Expr& expr, RuleLiterals& literals) {
  if (expr.kind == cel::ExprKind::kConstant) {
    if (expr.constant.is(cel::Kind::kInt)) {
      literals.numbers.insert(static_cast<double>(expr.constant.int_value()));
    } else if (expr.constant.is(cel::Kind::kDouble)) {
      literals.numbers.insert(expr.constant.double_value());
    } else if (expr.constant.is(cel::Kind::kString)) {
      literals.strings.insert(expr.constant.string_value());
    }
  }
  for (const auto& arg : expr.args) {
    if (arg) Collect(*arg, literals);
  }
}

void CollectFrom(const std::string& expression, RuleLiterals& literals) {
  cel::Source source(expression);
  cel::ParseResult parsed = cel::Parse(source);
  if (parsed.root) Collect(*parsed.root, literals);
}

// The values worth trying for a fact: those that sit on either side of what the rules compare.
std::vector<cel::Value> Candidates(const FactField& field, const RuleLiterals& literals,
                                   const catalog::Date& as_of) {
  std::vector<cel::Value> values;
  const cel::CelType& type = field.type;
  if (type.is(K::kBool)) return {cel::Value::Bool(false), cel::Value::Bool(true)};
  if (type.is(K::kString)) {
    std::set<std::string> options(field.values.begin(), field.values.end());
    if (options.empty()) options = literals.strings;
    options.insert("");
    for (const std::string& option : options) values.push_back(cel::Value::String(option));
    return values;
  }
  if (type.is(K::kList)) {
    values.push_back(cel::Value::List({}));
    std::set<std::string> options(field.values.begin(), field.values.end());
    if (options.empty()) options = literals.strings;
    for (const std::string& option : options) {
      values.push_back(cel::Value::List({cel::Value::String(option)}));
    }
    return values;
  }
  std::set<double> numbers = {0};
  for (double number : literals.numbers) {
    for (double near : {number - 1, number, number + 1}) {
      if (near >= 0) numbers.insert(near);
    }
  }
  if (type.is(K::kInt)) {
    for (double number : numbers) values.push_back(cel::Value::Int(static_cast<int64_t>(number)));
    return values;
  }
  if (type.is(K::kDouble)) {
    numbers.insert(1e9);
    for (double number : numbers) values.push_back(cel::Value::Double(number));
    return values;
  }
  if (type.is(K::kTimestamp)) {
    // Birth dates around every age a rule names: a day before, on and after the birthday.
    std::set<int64_t> days;
    int64_t today = as_of.DaysSinceEpoch();
    for (double number : numbers) {
      if (number > 120) continue;
      catalog::Date birthday = as_of;
      birthday.year -= static_cast<int>(number);
      if (birthday.month == 2 && birthday.day == 29) birthday.day = 28;
      for (int64_t shift : {-1, 0, 1}) {
        int64_t day = birthday.DaysSinceEpoch() + shift;
        if (day <= today) days.insert(day);
      }
    }
    for (int64_t day : days) values.push_back(cel::Value::Timestamp(day * 86'400, 0));
  }
  return values;
}

}  // namespace

const FactField* AskableFact(const catalog::Catalog& catalog, const std::string& path) {
  std::optional<catalog::FactPath> parts = catalog::ParseFactPath(path);
  if (!parts || parts->record == "region") return nullptr;
  auto found = catalog.facts.records.find(parts->record);
  if (found == catalog.facts.records.end()) return nullptr;
  auto entry = found->second.fields.find(parts->field);
  if (entry == found->second.fields.end() || entry->second.derived) return nullptr;
  return &entry->second;
}

bool SetFact(catalog::Situation& situation, const std::string& path, const cel::Value& value) {
  std::optional<catalog::FactPath> parts = catalog::ParseFactPath(path);
  auto* facts = parts ? situation.FactsOf(*parts) : nullptr;
  if (facts == nullptr) return false;
  (*facts)[parts->field] = value;
  return true;
}

void ClearFact(catalog::Situation& situation, const std::string& path) {
  std::optional<catalog::FactPath> parts = catalog::ParseFactPath(path);
  if (auto* facts = parts ? situation.FactsOf(*parts) : nullptr) facts->erase(parts->field);
}

QuestionRanker::QuestionRanker(const catalog::Catalog& catalog) : catalog_(&catalog) {
  auto collect = [&](const std::string& expression) {
    auto [it, inserted] = literals_.try_emplace(&expression);
    if (inserted) CollectFrom(expression, it->second);
  };
  for (const catalog::Service& service : catalog.services) {
    collect(service.applies_to);
    for (const catalog::RuleVersion& version : service.rules) collect(version.expression);
  }
  for (const auto& [id, need] : catalog.needs) {
    for (const catalog::NeedDetector& detector : need.detect) collect(detector.expression);
  }
}

const RuleLiterals& QuestionRanker::LiteralsOf(const std::string& expression) const {
  static const RuleLiterals kNone;
  auto it = literals_.find(&expression);
  return it != literals_.end() ? it->second : kNone;
}

std::vector<Question> QuestionRanker::Rank(
    const catalog::FactSet& base, const std::vector<PlannedService>& services,
    const std::map<std::string, std::vector<std::string>>& possible, const std::string& language,
    const std::atomic<bool>* cancelled, bool* stopped) const {
  const catalog::Catalog& catalog = *catalog_;
  const catalog::Situation& situation = base.situation();
  // The facts in question, and the literals of every rule that waits on one.
  std::set<std::string> paths;
  std::map<std::string, RuleLiterals> path_literals;
  auto add = [&](const std::string& path, const RuleLiterals& more) {
    RuleLiterals& into = path_literals[path];
    into.numbers.insert(more.numbers.begin(), more.numbers.end());
    into.strings.insert(more.strings.begin(), more.strings.end());
  };
  for (const PlannedService& planned : services) {
    if (planned.status != "needs_info") continue;
    paths.insert(planned.missing_facts.begin(), planned.missing_facts.end());
    const catalog::RuleVersion* rule = planned.service->RuleAt(situation.as_of);
    for (const std::string& path : planned.missing_facts) {
      if (rule != nullptr) add(path, LiteralsOf(rule->expression));
      add(path, LiteralsOf(planned.service->applies_to));
    }
  }
  for (const auto& [need, facts] : possible) {
    paths.insert(facts.begin(), facts.end());
    for (const std::string& path : facts) {
      for (const catalog::NeedDetector& detector : catalog.needs.at(need).detect) {
        add(path, LiteralsOf(detector.expression));
      }
    }
  }

  std::set<const catalog::Service*> planned_services;
  for (const PlannedService& planned : services) planned_services.insert(planned.service);
  // The services a possible need would bring: those addressing it, offered in the region and
  // not in the plan yet; found once per need.
  std::map<std::string, std::vector<const catalog::Service*>> brought_of;
  auto brought_by = [&](const std::string& need) -> const std::vector<const catalog::Service*>& {
    auto [it, inserted] = brought_of.try_emplace(need);
    auto addressing = catalog.services_by_need.find(need);
    if (!inserted || addressing == catalog.services_by_need.end()) return it->second;
    for (size_t index : addressing->second) {
      const catalog::Service& service = catalog.services[index];
      if (service.computable() && !planned_services.contains(&service) &&
          catalog.Offers(service, situation.region)) {
        it->second.push_back(&service);
      }
    }
    return it->second;
  };

  // The services waiting on each fact, and the possible needs each fact could reveal.
  std::map<std::string, std::vector<size_t>> waiting_services;
  for (size_t i = 0; i < services.size(); ++i) {
    if (services[i].status != "needs_info") continue;
    for (const std::string& path : services[i].missing_facts) waiting_services[path].push_back(i);
  }
  std::map<std::string, std::vector<const std::string*>> revealable_needs;
  for (const auto& [need, facts_waited] : possible) {
    for (const std::string& path : facts_waited) revealable_needs[path].push_back(&need);
  }

  // One copy of the situation, each candidate answer set in it and taken back after.
  catalog::Situation changed = situation;
  // Household comprehensions evaluated once for every member, and their predicates once for
  // each member whose facts the answer did not change: what every waiting rule and detector
  // keeps over the situation as it is stays for every answer; what it keeps over an answer
  // goes with the answer.
  cel::EvalCache shared;
  for (const PlannedService& planned : services) {
    if (planned.status == "needs_info") {
      (void)catalog::ServiceStatus(*planned.service, base, planned.member, &shared);
    }
  }
  for (const auto& [need, facts_waited] : possible) {
    for (const catalog::NeedDetector& detector : catalog.needs.at(need).detect) {
      if (detector.program)
        (void)detector.program->Evaluate(base.Bind(*detector.program, -1, &shared));
    }
  }
  shared.Mark();
  std::vector<Question> questions;
  for (const std::string& path : paths) {
    if (cancelled != nullptr && cancelled->load(std::memory_order_relaxed)) {
      if (stopped != nullptr) *stopped = true;
      break;
    }
    const FactField* field = AskableFact(catalog, path);
    if (field == nullptr || field->question.In(language).empty()) continue;
    const std::vector<size_t>& waiting = waiting_services[path];
    const std::vector<const std::string*>& needs = revealable_needs[path];
    std::set<size_t> settled;  // indices into services
    std::set<std::string> revealed;
    // For a need the fact cannot reveal: the most facts it waits on that some answer settles
    // (through the schema's defaults: a birth date settles a baby's employment), each a
    // question saved. Counted after every answer was tried, and only for a need none reveals:
    // the detectors' unknown answers, by answer tried.
    std::map<std::string, std::vector<std::vector<cel::Value>>> unknown_answers;
    for (const cel::Value& value : Candidates(*field, path_literals[path], situation.as_of)) {
      if (settled.size() == waiting.size() && revealed.size() == needs.size()) break;
      if (!SetFact(changed, path, value)) break;
      catalog::FactSet facts(base, changed, path);
      shared.Rewind();
      for (size_t i : waiting) {
        if (settled.contains(i)) continue;
        const PlannedService& planned = services[i];
        std::string status =
            catalog::ServiceStatus(*planned.service, facts, planned.member, &shared);
        if (status == "eligible" || status == "ineligible" || status == "not_applicable") {
          settled.insert(i);
        }
      }
      for (const std::string* need : needs) {
        if (revealed.contains(*need)) continue;
        std::vector<cel::Value>& unknown = unknown_answers[*need].emplace_back();
        for (const catalog::NeedDetector& detector : catalog.needs.at(*need).detect) {
          if (!detector.program) continue;
          cel::Value answer =
              detector.program->Evaluate(facts.Bind(*detector.program, -1, &shared));
          if (answer.is(cel::Kind::kBool) && answer.bool_value()) revealed.insert(*need);
          if (answer.is(cel::Kind::kUnknown)) unknown.push_back(std::move(answer));
        }
      }
    }
    ClearFact(changed, path);
    // A revealed need brings the services that address it and are not in the plan yet.
    int decides = static_cast<int>(settled.size());
    for (const auto& [need, by_answer] : unknown_answers) {
      if (revealed.contains(need)) continue;
      int most = 0;
      for (const std::vector<cel::Value>& answers : by_answer) {
        std::vector<std::string_view> still_waiting;  // views into `answers`
        for (const cel::Value& answer : answers) answer.AppendUnknownPaths(still_waiting);
        std::sort(still_waiting.begin(), still_waiting.end());
        still_waiting.erase(std::unique(still_waiting.begin(), still_waiting.end()),
                            still_waiting.end());
        most = std::max(most, static_cast<int>(possible.at(need).size()) -
                                  static_cast<int>(still_waiting.size()));
      }
      decides += most;
    }
    std::set<const catalog::Service*> brought;
    for (const std::string& need : revealed) {
      const std::vector<const catalog::Service*>& more = brought_by(need);
      brought.insert(more.begin(), more.end());
    }
    for (const catalog::Service* service : brought) {
      decides += service->subject == "person" ? static_cast<int>(situation.members.size()) : 1;
    }
    if (decides == 0) continue;
    questions.push_back({path, field->question.In(language), decides});
  }
  std::stable_sort(questions.begin(), questions.end(),
                   [](const Question& a, const Question& b) { return a.decides > b.decides; });
  return questions;
}

}  // namespace okno::planner
