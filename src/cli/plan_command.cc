// okno plan FILE [--json] [--all] [--lang ru|en] [--catalog DIR] [--format text|json]: one
// situation in, one integrated plan out.

#include <CLI/CLI.hpp>

#include "catalog/catalog.h"
#include "catalog/facts.h"
#include "cli/catalog_loading.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/data_file.h"
#include "planner/plan.h"
#include "planner/plan_html.h"
#include "planner/plan_text.h"

namespace okno::cli {
namespace {

struct PlanArguments {
  std::string file;
  std::string catalog;
  std::string language = "ru";
  std::string format = "text";
  bool json = false;
  bool all = false;
};

int RunPlan(const PlanArguments& args, std::ostream& out, std::ostream& err) {
  Result<nlohmann::json> input = ReadDataFile(args.file);
  if (!input.ok()) {
    err << "okno plan: " << input.status().message() << "\n";
    return kExitUsage;
  }
  std::optional<catalog::Catalog> loaded = LoadCatalogOrReport(args.catalog, "plan", err);
  if (!loaded) return kExitFailure;
  std::vector<catalog::SituationError> errors;
  catalog::Situation situation = catalog::ParseSituation(*input, *loaded, errors);
  if (!errors.empty()) {
    for (const catalog::SituationError& error : errors) {
      err << args.file << ": " << error.path << ": " << error.message << "\n";
    }
    err << "okno plan: ошибок в ситуации (errors in the situation): " << errors.size()
        << "; план не составлен (no plan made)\n";
    return kExitUsage;
  }
  planner::PlanOptions options;
  options.language = args.language;
  options.all_services = args.all;
  planner::Plan plan = planner::MakePlan(*loaded, situation, options);
  if (args.json || args.format == "json") {
    out << planner::PlanToJson(plan).dump(2) << "\n";
  } else if (args.format == "html") {
    out << planner::PlanToHtml(plan, *loaded);
  } else {
    out << planner::PlanToText(plan, *loaded);
  }
  return kExitOk;
}

}  // namespace

void AddPlanCommand(CLI::App& app, CommandContext& context, const CommandInfo& info) {
  auto args = std::make_shared<PlanArguments>();
  args->catalog = DefaultCatalogDirectory();
  CLI::App* command = app.add_subcommand(std::string(info.name), std::string(info.summary));
  command->add_option("file", args->file, "ситуация, YAML или JSON (the situation file)")
      ->required();
  command->add_flag("--json", args->json, "план в JSON (print the plan as JSON)");
  command->add_flag("--all", args->all,
                    "все услуги каталога, не только по выявленным потребностям (every service)");
  command->add_option("--lang", args->language, "язык: ru или en (language)")
      ->check(CLI::IsMember({"ru", "en"}));
  command
      ->add_option("--format", args->format,
                   "text, json или html — памятка для печати (output format; html: a printable "
                   "page for the citizen)")
      ->check(CLI::IsMember({"text", "json", "html"}));
  command->add_option("--catalog", args->catalog,
                      "папка каталога (catalog folder; default $OKNO_CATALOG or catalog/ru)");
  command->footer(
      "Коды выхода (exit codes): 0 план составлен (plan made), 1 ошибка каталога (catalog "
      "error), 2 ошибки во входных данных (bad input: every error is listed)");
  command->callback([&context, args] {
    context.action = [args](std::ostream& out, std::ostream& err) {
      return RunPlan(*args, out, err);
    };
  });
}

}  // namespace okno::cli
