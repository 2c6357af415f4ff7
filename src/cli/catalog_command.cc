// okno catalog export|import --format hsds: the catalog as Open Referral HSDS 3, and an HSDS
// directory read into a catalog skeleton.

#include <CLI/CLI.hpp>
#include <cstdlib>

#include "catalog/catalog.h"
#include "catalog/hsds.h"
#include "cli/catalog_loading.h"
#include "cli/cli.h"
#include "cli/commands.h"

namespace okno::cli {
namespace {

struct CatalogArguments {
  std::string format = "hsds";
  std::string catalog;  // export: the catalog to export
  std::string input;    // import: the HSDS folder
  std::string output;   // export: the HSDS folder; import: the skeleton's folder
  std::string country = "RU";
};

int RunExport(const CatalogArguments& args, std::ostream& out, std::ostream& err) {
  std::optional<catalog::Catalog> loaded = LoadCatalogOrReport(args.catalog, "catalog export", err);
  if (!loaded) return kExitFailure;
  catalog::HsdsExport hsds = catalog::ExportHsds(*loaded);
  if (Status written = catalog::WriteHsds(hsds, args.output); !written.ok()) {
    err << "okno catalog export: " << written.message() << "\n";
    return kExitFailure;
  }
  out << "HSDS: " << hsds.organizations.size() << " организаций (organizations), "
      << hsds.services.size() << " услуг (services) → " << args.output << "\n";
  return kExitOk;
}

int RunImport(const CatalogArguments& args, std::ostream& out, std::ostream& err) {
  Result<catalog::HsdsImportReport> report =
      catalog::ImportHsds(args.input, args.output, args.country);
  if (!report.ok()) {
    err << "okno catalog import: " << report.status().message() << "\n";
    return report.status().code() == StatusCode::kNotFound ? kExitUsage : kExitFailure;
  }
  for (const std::string& warning : report->warnings) {
    err << "предупреждение (warning): " << warning << "\n";
  }
  out << "Каркас каталога (catalog skeleton): " << report->organizations << " ведомств (agencies), "
      << report->services << " услуг без правил (services without "
      << "rules) → " << args.output << "\n";
  return kExitOk;
}

}  // namespace

void AddCatalogCommand(CLI::App& app, CommandContext& context, const CommandInfo& info) {
  auto args = std::make_shared<CatalogArguments>();
  args->catalog = DefaultCatalogDirectory();
  CLI::App* catalog = app.add_subcommand(std::string(info.name), std::string(info.summary));
  catalog->require_subcommand(1);

  CLI::App* export_command = catalog->add_subcommand(
      "export", "выгрузить каталог в формате HSDS (export the catalog as Open Referral HSDS)");
  export_command->add_option("--format", args->format, "формат (format)")
      ->check(CLI::IsMember({"hsds"}));
  export_command->add_option("--catalog", args->catalog,
                             "папка каталога (catalog folder; default $OKNO_CATALOG or "
                             "catalog/ru)");
  export_command->add_option("directory", args->output, "куда выгрузить (output folder)")
      ->required();
  export_command->callback([&context, args] {
    context.action = [args](std::ostream& out, std::ostream& err) {
      return RunExport(*args, out, err);
    };
  });

  CLI::App* import_command = catalog->add_subcommand(
      "import", "загрузить HSDS в каркас каталога (read HSDS into a catalog skeleton)");
  import_command->add_option("--format", args->format, "формат (format)")
      ->check(CLI::IsMember({"hsds"}));
  import_command->add_option("--country", args->country, "страна каталога (country code)");
  import_command
      ->add_option("input", args->input,
                   "папка HSDS: JSON или CSV (HSDS folder, JSON or tabular CSV)")
      ->required();
  import_command->add_option("output", args->output, "папка каркаса (skeleton folder)")->required();
  import_command->callback([&context, args] {
    context.action = [args](std::ostream& out, std::ostream& err) {
      return RunImport(*args, out, err);
    };
  });
}

}  // namespace okno::cli
