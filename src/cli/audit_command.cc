// okno audit verify [--data DIR]: checks the audit log's hash chain and names every record
// that was edited, deleted or moved.

#include <CLI/CLI.hpp>
#include <filesystem>

#include "audit/audit_log.h"
#include "cli/catalog_loading.h"
#include "cli/cli.h"
#include "cli/commands.h"

namespace okno::cli {
namespace {

int RunVerify(const std::string& data, std::ostream& out, std::ostream& err) {
  std::string file = (std::filesystem::path(data) / "okno.db").string();
  if (!std::filesystem::exists(file)) {
    err << "okno audit verify: нет файла данных (no data file) " << file << "\n";
    return kExitUsage;
  }
  Result<std::unique_ptr<audit::AuditLog>> log = audit::AuditLog::Open(file);
  if (!log.ok()) {
    err << "okno audit verify: " << log.status().message() << "\n";
    return kExitFailure;
  }
  Result<std::vector<audit::AuditRecord>> records = (*log)->Records();
  Result<std::vector<std::string>> problems = (*log)->Verify();
  if (!records.ok() || !problems.ok()) {
    err << "okno audit verify: " << (records.ok() ? problems.status() : records.status()).message()
        << "\n";
    return kExitFailure;
  }
  if (problems->empty()) {
    out << "Журнал аудита цел (the audit chain is intact): " << records->size()
        << " записей (records)\n";
    // Deleting the newest records leaves no break behind; a copy of the last hash kept
    // elsewhere shows it.
    if (!records->empty()) {
      out << "Последняя запись (last record): " << records->back().sequence << " "
          << records->back().hash << "\n";
    }
    return kExitOk;
  }
  for (const std::string& problem : *problems) out << problem << "\n";
  err << "okno audit verify: цепочка нарушена (the chain is broken): " << problems->size()
      << " нарушений (breaks)\n";
  return kExitFailure;
}

}  // namespace

void AddAuditCommand(CLI::App& app, CommandContext& context, const CommandInfo& info) {
  auto data = std::make_shared<std::string>(DefaultDataDirectory());
  CLI::App* audit = app.add_subcommand(std::string(info.name), std::string(info.summary));
  audit->require_subcommand(1);
  CLI::App* verify =
      audit->add_subcommand("verify", "проверить цепочку хешей журнала (verify the hash chain)");
  verify->add_option("--data", *data, "папка данных (data folder; default $OKNO_DATA or data)");
  verify->footer(
      "Коды выхода (exit codes): 0 цепочка цела (intact), 1 нарушена — каждое нарушение названо "
      "(broken: each break is named), 2 нет данных (no data)");
  verify->callback([&context, data] {
    context.action = [data](std::ostream& out, std::ostream& err) {
      return RunVerify(*data, out, err);
    };
  });
}

}  // namespace okno::cli
