#include "planner/plan_html.h"

#include <map>
#include <sstream>

namespace okno::planner {
namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string PlanToHtml(const Plan& plan, const catalog::Catalog& catalog,
                       const MemoPeople& people) {
  auto name_of = [&](const std::string& member) {
    auto it = people.names.find(member);
    return it == people.names.end() || it->second.empty() ? member : it->second;
  };
  bool ru = plan.language != "en";
  const std::string& language = plan.language;
  auto text = [&](const char* russian, const char* english) { return ru ? russian : english; };
  auto agency = [&](const std::string& id) -> const catalog::Agency* {
    auto it = catalog.agencies.find(id);
    return it == catalog.agencies.end() ? nullptr : &it->second;
  };
  static const std::map<std::string, std::pair<std::string, std::string>> channels = {
      {"mfc", {"МФЦ «Мои документы»", "an MFC (My Documents centre)"}},
      {"online", {"Госуслуги (gosuslugi.ru)", "Gosuslugi online (gosuslugi.ru)"}},
      {"office", {"приём в ведомстве", "the agency's office"}},
      {"home_visit", {"на дому", "a home visit"}},
      {"phone", {"по телефону", "by phone"}}};
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"" << (ru ? "ru" : "en") << "\">\n<head>\n"
      << "<meta charset=\"utf-8\">\n<title>" << text("Памятка", "Your plan") << "</title>\n"
      << "<style>body{font-family:sans-serif;max-width:46em;margin:1.5em auto;line-height:1.4}"
         "h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.2em;border-bottom:1px solid #999}"
         "li{margin:.3em 0}.small{color:#444;font-size:.9em}"
         "@media print{body{margin:0}}</style>\n</head>\n<body>\n";
  out << "<h1>" << text("Окно — ваш план", "Okno — your plan") << "</h1>\n"
      << "<p class=\"small\">" << plan.as_of.ToString() << ", " << Escape(plan.region);
  if (!people.case_id.empty()) out << text(", случай ", ", case ") << Escape(people.case_id);
  out << "</p>\n";
  if (!people.addressee.empty()) {
    out << "<p>" << text("Для: ", "For: ") << "<b>" << Escape(people.addressee) << "</b></p>\n";
  }

  out << "<h2>" << text("Что сделать", "What to do") << "</h2>\n<ol>\n";
  int step = 0;
  for (const PlannedService& service : plan.services) {
    if (service.status != "eligible") continue;
    if (service.step != step) {
      if (step != 0) out << "</ul></li>\n";
      step = service.step;
      out << "<li>" << text("Шаг ", "Step ") << step << "<ul>\n";
    }
    const catalog::Agency* who = agency(service.service->agency);
    out << "<li><b>" << Escape(service.service->title.In(language)) << "</b>";
    if (!service.member_id.empty()) out << " (" << Escape(name_of(service.member_id)) << ")";
    out << "<br><span class=\"small\">";
    if (who != nullptr) out << Escape(who->title.In(language));
    std::string ways;
    for (const std::string& channel : service.service->channels) {
      auto it = channels.find(channel);
      if (it != channels.end())
        ways += (ways.empty() ? "" : ", ") + (ru ? it->second.first : it->second.second);
    }
    if (!ways.empty()) out << " — " << Escape(ways);
    if (who != nullptr && !who->website.empty()) out << " — " << Escape(who->website);
    if (service.due) out << "<br>" << text("срок: до ", "by ") << service.due->ToString();
    out << "</span></li>\n";
  }
  if (step != 0) out << "</ul></li>\n";
  out << "</ol>\n";

  auto document_title = [&](const std::string& id) {
    auto it = catalog.documents.find(id);
    return it == catalog.documents.end() ? id : it->second.title.In(language);
  };
  out << "<h2>" << text("Что взять с собой", "What to bring") << "</h2>\n<ul>\n";
  for (const PlannedDocument& document : plan.documents) {
    if (document.source != "citizen") continue;
    out << "<li>" << Escape(document_title(document.id)) << " (" << Escape(name_of(document.member))
        << ")</li>\n";
  }
  out << "</ul>\n<h2>" << text("Что Окно запросит само", "What Okno fetches for you")
      << "</h2>\n<ul>\n";
  for (const PlannedDocument& document : plan.documents) {
    if (document.source != "interagency") continue;
    const catalog::Agency* from = agency(document.from_agency);
    out << "<li>" << Escape(document_title(document.id)) << " (" << Escape(name_of(document.member))
        << ")" << (from ? " — " + Escape(from->title.In(language)) : "") << "</li>\n";
  }
  out << "</ul>\n";
  if (!plan.questions.empty()) {
    out << "<h2>" << text("Что ещё нужно уточнить", "Still to find out") << "</h2>\n<ul>\n";
    size_t shown = 0;
    for (const Question& question : plan.questions) {
      if (++shown > 5) break;
      out << "<li>" << Escape(question.prompt) << "</li>\n";
    }
    out << "</ul>\n";
  }
  for (const std::string& note : plan.notes)
    out << "<p class=\"small\">" << Escape(note) << "</p>\n";
  out << "<p class=\"small\">" << text("Каталог", "Catalog")
      << " sha256:" << plan.catalog_version.substr(0, 12) << "</p>\n</body>\n</html>\n";
  return out.str();
}

}  // namespace okno::planner
