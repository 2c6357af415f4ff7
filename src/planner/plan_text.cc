#include "planner/plan_text.h"

#include <map>
#include <sstream>

#include "planner/explanation.h"

namespace okno::planner {
namespace {

std::string Join(const std::vector<std::string>& items, const std::string& separator = ", ") {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

}  // namespace

std::string PlanToText(const Plan& plan, const catalog::Catalog& catalog) {
  bool ru = plan.language != "en";
  const std::string& language = plan.language;
  auto text = [&](const char* russian, const char* english) { return ru ? russian : english; };
  auto need_title = [&](const std::string& id) {
    auto need = catalog.needs.find(id);
    return need == catalog.needs.end() ? id : need->second.title.In(language);
  };
  auto agency_title = [&](const std::string& id) {
    auto agency = catalog.agencies.find(id);
    return agency == catalog.agencies.end() ? id : agency->second.title.In(language);
  };
  auto document_title = [&](const std::string& id) {
    auto document = catalog.documents.find(id);
    return document == catalog.documents.end() ? id : document->second.title.In(language);
  };
  std::ostringstream out;
  out << text("План", "Plan") << ": " << plan.as_of.ToString() << ", " << plan.region << " ("
      << text("каталог", "catalog") << " sha256:" << plan.catalog_version.substr(0, 12) << ")\n\n";

  out << text("Потребности", "Needs") << ":\n";
  static const std::map<std::string, std::pair<std::string, std::string>> urgency = {
      {"immediate", {"срочно", "immediate"}},
      {"soon", {"скоро", "soon"}},
      {"routine", {"в плановом порядке", "routine"}}};
  for (const PlannedNeed& need : plan.needs) {
    const auto& level = urgency.at(need.urgency);
    out << "  " << (need.urgency == "immediate" ? "! " : "  ") << need_title(need.id) << " — "
        << (ru ? level.first : level.second) << " [" << Join(need.sources) << "]";
    if (!need.words.empty()) out << " «" << need.words << "»";
    out << "\n";
  }
  if (plan.needs.empty()) out << "  " << text("не выявлены", "none found") << "\n";
  if (!plan.life_situations.empty()) {
    out << "\n" << text("Жизненные ситуации", "Life situations") << ":\n";
    for (const NamedSituation& named : plan.life_situations) {
      out << "  " << named.title << " «" << named.words << "»\n";
    }
  }
  if (!plan.suggested_facts.empty()) {
    out << "\n" << text("Со слов, подтвердите", "From the narrative, to confirm") << ":\n";
    for (const SuggestedFact& fact : plan.suggested_facts) {
      const catalog::FactSuggestion& suggestion = *fact.suggestion;
      const catalog::FactField& field =
          catalog.facts.records.at(suggestion.subject == "household" ? "household" : "person")
              .fields.at(suggestion.field);
      std::string value = suggestion.ValueText();
      if (auto label = field.value_labels.find(value); label != field.value_labels.end()) {
        value = label->second.In(language);
      } else if (value == "true") {
        value = text("да", "yes");
      }
      out << "  " << fact.fact << " (" << field.label.In(language) << "): " << value << " «"
          << fact.words << "»\n";
    }
  }

  auto service_line = [&](const PlannedService& planned, const char* mark) {
    out << "  " << mark << " " << planned.service->title.In(language) << " — "
        << agency_title(planned.service->agency);
    if (!planned.member_id.empty())
      out << " (" << text("для", "for") << " " << planned.member_id << ")";
    out << "\n";
    if (planned.deadline_days) {
      out << "      " << text("срок", "time") << ": " << *planned.deadline_days << " "
          << (planned.deadline_unit == "working" ? text("раб. дн.", "working days")
                                                 : text("календ. дн.", "calendar days"));
      if (planned.due) out << ", " << text("до", "by") << " " << planned.due->ToString();
      out << "\n";
    }
    if (!planned.after.empty()) {
      out << "      " << text("после", "after") << ": " << Join(planned.after) << "\n";
    }
    for (const std::string& line : planned.explanation) out << "      · " << line << "\n";
  };

  out << "\n" << text("Шаги", "Steps") << ":\n";
  int step = 0;
  for (const PlannedService& planned : plan.services) {
    if (planned.status != "eligible") continue;
    if (planned.step != step) {
      step = planned.step;
      out << " " << step << ".\n";
    }
    service_line(planned, "[✓]");
  }
  bool waiting = false;
  for (const PlannedService& planned : plan.services) {
    if (planned.status != "needs_info") continue;
    if (!waiting) out << "\n" << text("Нужны сведения", "Needs information") << ":\n";
    waiting = true;
    service_line(planned, "[?]");
  }
  // Not due: one line each, the first reason; an approximate rule's "no" is a "probably not".
  bool refused = false;
  for (const PlannedService& planned : plan.services) {
    if (planned.status != "ineligible") continue;
    if (!refused) out << "\n" << text("Не положено", "Not eligible") << ":\n";
    refused = true;
    out << "  " << (planned.approximate ? "[~]" : "[✗]") << " "
        << planned.service->title.In(language);
    if (!planned.member_id.empty()) out << " (" << planned.member_id << ")";
    std::vector<std::string> reasons = planned.explanation;
    if (planned.approximate && !reasons.empty()) reasons.erase(reasons.begin());
    if (!reasons.empty()) out << ": " << reasons.front();
    out << "\n";
  }

  out << "\n" << text("Документы", "Documents") << ":\n";
  for (const PlannedDocument& document : plan.documents) {
    out << "  "
        << (document.source == "citizen" ? text("принести", "bring")
                                         : text("Okno запросит само", "Okno fetches"))
        << ": " << document_title(document.id) << " (" << document.member << ")";
    if (document.source == "interagency") {
      out << " " << text("из", "from") << " " << agency_title(document.from_agency);
    }
    out << "\n";
  }
  if (!plan.questions.empty()) {
    out << "\n" << text("Следующие вопросы", "Next questions") << ":\n";
    int number = 0;
    for (const Question& question : plan.questions) {
      out << "  " << ++number << ". " << question.prompt << " ["
          << FactPathLabel(question.fact, catalog.facts, language) << "; "
          << text("решает", "decides") << " " << question.decides << "]\n";
    }
  }
  out << "\n"
      << text("Сложность", "Complexity") << ": " << plan.complexity.level << " → " << plan.tier
      << ", " << plan.integration_model << "\n";
  for (const std::string& line : plan.complexity.explanation) out << "  · " << line << "\n";
  out << text("Визиты", "Visits") << ": " << text("без единого окна", "siloed") << " "
      << plan.visits_siloed << ", " << text("через единое окно", "one-stop") << " "
      << plan.visits_one_stop << "\n";
  if (!plan.defaults_applied.empty()) {
    out << text("Принято по умолчанию", "Defaults applied") << ": "
        << Join(plan.defaults_applied, "; ") << "\n";
  }
  for (const std::string& note : plan.notes)
    out << text("Примечание", "Note") << ": " << note << "\n";
  return out.str();
}

}  // namespace okno::planner
