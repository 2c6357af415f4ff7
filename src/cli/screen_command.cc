// okno screen [--lang ru|en] [--catalog DIR] [--save FILE] [--replay FULL.yaml]: the adaptive
// questionnaire in the terminal, or its replay answered from a complete situation file.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <regex>

#include "catalog/facts.h"
#include "cli/catalog_loading.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/data_file.h"
#include "planner/explanation.h"
#include "planner/plan_text.h"
#include "planner/questions.h"
#include "planner/screen.h"

namespace okno::cli {
namespace {

struct ScreenArguments {
  std::string catalog;
  std::string language = "ru";
  std::string replay;
  std::string save = "okno-screen.json";
};

std::string Summary(const planner::Plan& plan, bool ru) {
  int eligible = 0, waiting = 0, refused = 0;
  for (const planner::PlannedService& service : plan.services) {
    if (service.status == "eligible") ++eligible;
    if (service.status == "needs_info") ++waiting;
    if (service.status == "ineligible") ++refused;
  }
  return std::string(ru ? "положено " : "eligible ") + std::to_string(eligible) +
         (ru ? ", нужны сведения " : ", needs information ") + std::to_string(waiting) +
         (ru ? ", не положено " : ", not eligible ") + std::to_string(refused);
}

int RunReplay(const ScreenArguments& args, const catalog::Catalog& catalog, std::ostream& out,
              std::ostream& err) {
  Result<nlohmann::json> input = ReadDataFile(args.replay);
  if (!input.ok()) {
    err << "okno screen: " << input.status().message() << "\n";
    return kExitUsage;
  }
  std::vector<catalog::SituationError> errors;
  catalog::Situation full = catalog::ParseSituation(*input, catalog, errors);
  if (!errors.empty()) {
    for (const auto& error : errors)
      err << args.replay << ": " << error.path << ": " << error.message << "\n";
    return kExitUsage;
  }
  bool ru = args.language != "en";
  planner::Planner planner(catalog);
  planner::PlanOptions options;
  options.language = args.language;
  planner::Replay replay = planner::ReplayScreening(planner, catalog, full, options);
  int number = 0;
  for (const planner::Question& question : replay.asked) {
    std::optional<cel::Value> answer = planner::FactValue(full, question.fact);
    out << ++number << ". " << question.prompt << " ["
        << planner::FactPathLabel(question.fact, catalog.facts, args.language) << "] → "
        << (answer ? planner::FormatValue(*answer, "", args.language)
                   : (ru ? "не знаю" : "don't know"))
        << "\n";
  }
  planner::Plan expected = planner.Make(full, options);
  std::vector<std::string> differences = planner::OutcomeDifferences(replay.plan, expected);
  bool same = differences.empty();
  out << (ru ? "Вопросов задано (questions asked): " : "Questions asked: ") << replay.asked.size()
      << "\n"
      << (ru ? "Из них о фактах, от которых зависит план (нижняя граница для любого опроса): "
             : "Of them about facts the plan depends on (a lower bound for any screener): ")
      << planner::DecidingFacts(planner, full, options).size() << "\n"
      << Summary(replay.plan, ru) << "\n"
      << (same
              ? (ru ? "План совпадает с планом по полной ситуации (same plan as the full situation)"
                    : "The plan matches the full situation's")
              : (ru ? "План НЕ совпадает с планом по полной ситуации (differs from the full "
                      "situation)"
                    : "The plan DIFFERS from the full situation's"))
      << "\n";
  for (const std::string& difference : differences) out << "  " << difference << "\n";
  return same ? kExitOk : kExitFailure;
}

// Reads one answer for `field`; nullopt for "don't know" (an empty line or ?).
std::optional<cel::Value> ParseAnswer(const std::string& raw, const catalog::FactField& field,
                                      std::string& problem) {
  std::string text = raw;
  text.erase(0, text.find_first_not_of(" \t"));
  text.erase(text.find_last_not_of(" \t\r") + 1);
  if (text.empty() || text == "?") return std::nullopt;
  using K = cel::CelType::Kind;
  const cel::CelType& type = field.type;
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  if (type.is(K::kBool)) {
    if (lower == "да" || lower == "д" || lower == "yes" || lower == "y" || lower == "true") {
      return cel::Value::Bool(true);
    }
    if (lower == "нет" || lower == "н" || lower == "no" || lower == "n" || lower == "false") {
      return cel::Value::Bool(false);
    }
    problem = "да или нет (yes or no)";
    return std::nullopt;
  }
  if (type.is(K::kInt) || type.is(K::kDouble)) {
    std::string number;
    for (char c : text) {
      if (c == ',') c = '.';
      if (c != ' ') number += c;
    }
    static const std::regex kNumber(R"(\d+(\.\d+)?)");
    if (!std::regex_match(number, kNumber) ||
        (type.is(K::kInt) && number.find('.') != std::string::npos)) {
      problem = type.is(K::kInt) ? "целое число (a whole number)" : "число (a number)";
      return std::nullopt;
    }
    if (type.is(K::kInt)) return cel::Value::Int(std::stoll(number));
    return cel::Value::Double(std::stod(number));
  }
  if (type.is(K::kTimestamp)) {
    static const std::regex kRussianDate(R"((\d{2})\.(\d{2})\.(\d{4}))");
    std::smatch match;
    if (std::regex_match(text, match, kRussianDate)) {
      text = match[3].str() + "-" + match[2].str() + "-" + match[1].str();
    }
    std::optional<catalog::Date> date = catalog::ParseDate(text);
    if (!date) {
      problem = "дата ДД.ММ.ГГГГ или ГГГГ-ММ-ДД (a date)";
      return std::nullopt;
    }
    return cel::Value::Timestamp(date->EpochSeconds(), 0);
  }
  auto pick = [&](const std::string& word) -> std::optional<std::string> {
    if (field.values.empty()) return word;
    if (std::all_of(word.begin(), word.end(), ::isdigit) && !word.empty()) {
      size_t index = std::stoul(word);
      if (index >= 1 && index <= field.values.size()) return field.values[index - 1];
    }
    if (std::find(field.values.begin(), field.values.end(), word) != field.values.end())
      return word;
    return std::nullopt;
  };
  if (type.is(K::kString)) {
    if (std::optional<std::string> value = pick(text)) return cel::Value::String(*value);
    problem = "один из вариантов (one of the options)";
    return std::nullopt;
  }
  std::vector<cel::Value> items;
  std::stringstream list(text);
  for (std::string word; std::getline(list, word, ',');) {
    word.erase(0, word.find_first_not_of(" "));
    word.erase(word.find_last_not_of(" ") + 1);
    if (word.empty() || word == "-" || word == "нет" || word == "none") continue;
    std::optional<std::string> value = pick(word);
    if (!value) {
      problem = "варианты через запятую (options separated by commas)";
      return std::nullopt;
    }
    items.push_back(cel::Value::String(*value));
  }
  return cel::Value::List(std::move(items));
}

int RunInteractive(const ScreenArguments& args, const catalog::Catalog& catalog, std::ostream& out,
                   std::ostream& err) {
  bool ru = args.language != "en";
  auto ask = [&](const std::string& prompt) {
    out << prompt << "\n> " << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) return std::optional<std::string>();
    return std::optional<std::string>(line);
  };
  catalog::Situation situation;
  situation.as_of =
      catalog::Date::FromDaysSinceEpoch(std::chrono::duration_cast<std::chrono::days>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
  std::optional<std::string> narrative =
      ask(ru ? "Опишите ситуацию своими словами (Describe the situation):"
             : "Describe the situation in your own words:");
  if (!narrative) return kExitUsage;
  situation.narrative = *narrative;
  while (true) {
    std::optional<std::string> region =
        ask(ru ? "Регион, код ISO (например RU-SPE, RU-MOW):" : "Region code (e.g. RU-SPE):");
    if (!region) return kExitUsage;
    if (catalog.regions.contains(*region)) {
      situation.region = *region;
      break;
    }
    out << (ru ? "Нет такого региона в каталоге.\n" : "No such region in the catalog.\n");
  }
  situation.members.push_back({"applicant", "applicant", {}});
  std::optional<std::string> others =
      ask(ru ? "Кто ещё в семье? Роли через запятую: spouse, partner, child, parent, other "
               "(пусто — никого):"
             : "Who else is in the household? Roles separated by commas (empty: nobody):");
  if (!others) return kExitUsage;
  std::stringstream roles(*others);
  std::map<std::string, int> count;
  for (std::string role; std::getline(roles, role, ',');) {
    role.erase(0, role.find_first_not_of(" "));
    role.erase(role.find_last_not_of(" ") + 1);
    const auto& known = catalog::MemberRoles();
    if (role.empty() || role == "applicant" ||
        std::find(known.begin(), known.end(), role) == known.end()) {
      continue;
    }
    situation.members.push_back({role + std::to_string(++count[role]), role, {}});
  }

  planner::Planner planner(catalog);
  planner::PlanOptions options;
  options.language = args.language;
  std::set<std::string> skipped;
  planner::Plan plan = planner.Make(situation, options);
  out << Summary(plan, ru) << "\n";
  while (std::optional<planner::Question> next = planner::NextQuestion(catalog, plan, skipped)) {
    const catalog::FactField* field = planner::AskableFact(catalog, next->fact);
    std::string prompt = next->prompt + " [" +
                         planner::FactPathLabel(next->fact, catalog.facts, args.language) + "]";
    if (!field->values.empty()) {
      prompt += "\n  ";
      for (size_t i = 0; i < field->values.size(); ++i) {
        prompt += std::to_string(i + 1) + ") " + field->values[i] + "  ";
      }
    }
    std::optional<cel::Value> value;
    bool answered = false;
    for (int attempt = 0; attempt < 3 && !answered; ++attempt) {
      std::optional<std::string> line = ask(prompt);
      if (!line) {
        out << "\n";
        answered = true;
        break;
      }
      std::string problem;
      value = ParseAnswer(*line, *field, problem);
      if (!problem.empty()) {
        out << (ru ? "Не понял ответ, нужно: " : "Could not read the answer; expected: ") << problem
            << "\n";
        continue;
      }
      answered = true;
    }
    if (value) {
      planner::SetFact(situation, next->fact, *value);
    } else {
      skipped.insert(next->fact);
    }
    if (!std::cin) break;
    plan = planner.Make(situation, options);
    out << Summary(plan, ru) << "\n";
  }
  out << "\n" << planner::PlanToText(plan, catalog);
  std::ofstream file(args.save);
  file << planner::SituationToJson(situation).dump(2) << "\n";
  if (!file) {
    err << "okno screen: cannot write " << args.save << "\n";
    return kExitFailure;
  }
  out << (ru ? "Ситуация сохранена (situation saved): " : "Situation saved: ") << args.save << "\n";
  return kExitOk;
}

}  // namespace

void AddScreenCommand(CLI::App& app, CommandContext& context, const CommandInfo& info) {
  auto args = std::make_shared<ScreenArguments>();
  args->catalog = DefaultCatalogDirectory();
  CLI::App* command = app.add_subcommand(std::string(info.name), std::string(info.summary));
  command->add_option("--replay", args->replay,
                      "ответить на вопросы из полной ситуации (answer from a complete situation "
                      "file and print the questions asked)");
  command->add_option("--lang", args->language, "язык: ru или en (language)")
      ->check(CLI::IsMember({"ru", "en"}));
  command->add_option("--catalog", args->catalog,
                      "папка каталога (catalog folder; default $OKNO_CATALOG or catalog/ru)");
  command->add_option("--save", args->save,
                      "куда сохранить ситуацию (where to save the situation; default "
                      "okno-screen.json)");
  command->footer(
      "Ответ «?» или пустая строка — «не знаю» (an empty answer or ? means don't know).\n"
      "Коды выхода (exit codes): 0 готово (done; with --replay: same plan as the full "
      "situation), 1 план при повторе отличается (replay's plan differs), 2 ошибка во входных "
      "данных (bad input)");
  command->callback([&context, args] {
    context.action = [args](std::ostream& out, std::ostream& err) {
      std::optional<catalog::Catalog> loaded = LoadCatalogOrReport(args->catalog, "screen", err);
      if (!loaded) return kExitFailure;
      return args->replay.empty() ? RunInteractive(*args, *loaded, out, err)
                                  : RunReplay(*args, *loaded, out, err);
    };
  });
}

}  // namespace okno::cli
