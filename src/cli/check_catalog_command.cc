// okno check-catalog [DIR] [--mutate]: loads and validates a catalog, runs every rule test and,
// with --mutate, checks that the tests tell each rule from its one-flip mutants.

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>

#include "catalog/catalog.h"
#include "catalog/rule_check.h"
#include "cli/catalog_loading.h"
#include "cli/cli.h"
#include "cli/commands.h"

namespace okno::cli {
namespace {

struct CheckCatalogArguments {
  std::string directory;
  bool mutate = false;
};

int RunCheckCatalog(const CheckCatalogArguments& args, std::ostream& out, std::ostream& err) {
  if (!std::filesystem::is_directory(args.directory)) {
    err << "okno check-catalog: нет каталога " << args.directory << "\n"
        << "okno check-catalog: no catalog directory " << args.directory << "\n";
    return kExitUsage;
  }
  catalog::Diagnostics diagnostics;
  catalog::Catalog loaded = catalog::LoadCatalog(args.directory, diagnostics);
  out << "Каталог (catalog) " << args.directory << ": " << loaded.agencies.size()
      << " ведомств (agencies), " << loaded.services.size() << " услуг (services), "
      << loaded.life_situations.size() << " жизненных ситуаций (life situations), "
      << loaded.regions.size() << " регионов (regions)\n"
      << "Версия каталога (catalog version): sha256:" << loaded.version << "\n";
  for (const catalog::CatalogError& error : diagnostics.errors()) err << error.ToString() << "\n";
  err.flush();
  if (!diagnostics.ok()) {
    out << "Ошибок в каталоге (catalog errors): " << diagnostics.errors().size() << "\n";
  }

  catalog::TestReport tests = catalog::RunRuleTests(loaded);
  for (const catalog::TestFailure& failure : tests.failures) err << failure.ToString() << "\n";
  out << "Тесты правил (rule tests): " << tests.passed << " passed, " << tests.failed << " failed";
  if (tests.not_run > 0) {
    out << ", " << tests.not_run << " not run (правило не компилируется: rule does not compile)";
  }
  out << "\n";
  if (tests.not_computable > 0) {
    out << "Услуги без правила (services without a rule, imported): " << tests.not_computable
        << "\n";
  }
  if (!tests.trivially_true.empty()) {
    out << "Правило всегда истинно (rule always true), " << tests.trivially_true.size() << ":";
    constexpr size_t kShown = 10;
    for (size_t i = 0; i < tests.trivially_true.size() && i < kShown; ++i) {
      out << " " << tests.trivially_true[i];
    }
    if (tests.trivially_true.size() > kShown) {
      out << " … (+" << tests.trivially_true.size() - kShown << ")";
    }
    out << "\n";
  }

  bool mutants_survive = false;
  if (args.mutate) {
    size_t reported = 0;
    catalog::MutationReport mutations =
        catalog::RunMutations(loaded, [&](size_t done, size_t total) {
          // A line per tenth: enough to see it move, little enough for a log.
          if (done * 10 / total > reported || done == total) {
            reported = done * 10 / total;
            err << "мутации (mutations): " << done << "/" << total << " услуг (services)\n";
          }
        });
    for (const catalog::Mutant& mutant : mutations.survivors) {
      err << mutant.origin.file << ":" << mutant.origin.line << ": " << mutant.service
          << ": мутант выжил (mutant survives): `" << mutant.original << "` → `" << mutant.mutated
          << "`\n";
    }
    out << "Мутанты (mutants): " << mutations.mutants << ", убиты (killed) " << mutations.killed
        << ", выжили (survived) " << mutations.survivors.size() << "\n";
    mutants_survive = !mutations.survivors.empty();
  }
  return diagnostics.ok() && tests.failed == 0 && !mutants_survive ? kExitOk : kExitFailure;
}

}  // namespace

void AddCheckCatalogCommand(CLI::App& app, CommandContext& context, const CommandInfo& info) {
  auto args = std::make_shared<CheckCatalogArguments>();
  args->directory = DefaultCatalogDirectory();
  CLI::App* command = app.add_subcommand(std::string(info.name), std::string(info.summary));
  command->add_option("directory", args->directory,
                      "папка каталога (the catalog folder; default $OKNO_CATALOG or catalog/ru)");
  command->add_flag("--mutate", args->mutate,
                    "мутационная проверка тестов правил (mutation-test the rule tests)");
  command->footer(
      "Коды выхода (exit codes): 0 всё верно (all good), 1 ошибки каталога, упавшие тесты или "
      "выжившие мутанты (catalog errors, failed tests or surviving mutants), 2 нет каталога (no "
      "such folder)");
  command->callback([&context, args] {
    context.action = [args](std::ostream& out, std::ostream& err) {
      return RunCheckCatalog(*args, out, err);
    };
  });
}

}  // namespace okno::cli
