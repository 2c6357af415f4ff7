// okno audit verify [--data DIR] [--keys DIR]: checks the audit log's chain with the server's
// key and names every record that was edited, forged, deleted or moved.

#include <CLI/CLI.hpp>
#include <ctime>
#include <filesystem>

#include "audit/audit_log.h"
#include "cli/catalog_loading.h"
#include "cli/cli.h"
#include "cli/commands.h"

namespace okno::cli {
namespace {

int RunVerify(const std::string& data, const std::string& keys_folder, std::ostream& out,
              std::ostream& err) {
  std::string file = (std::filesystem::path(data) / "okno.db").string();
  if (!std::filesystem::exists(file)) {
    err << "okno audit verify: нет файла данных (no data file) " << file << "\n";
    return kExitUsage;
  }
  Result<auth::Keys> keys = KeysFor(data, keys_folder, /*create=*/false);
  if (!keys.ok()) {
    err << "okno audit verify: --keys " << keys.status().message() << "\n";
    return kExitUsage;
  }
  Result<std::unique_ptr<audit::AuditLog>> log = audit::AuditLog::Open(file, keys->audit);
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
          << records->back().code << "\n";
    }
    return kExitOk;
  }
  for (const std::string& problem : *problems) out << problem << "\n";
  err << "okno audit verify: цепочка нарушена (the chain is broken): " << problems->size()
      << " нарушений (breaks)\n";
  return kExitFailure;
}

// The records, one a line: sequence, time (UTC), actor, action, target, client, reason.
int RunList(const std::string& data, const std::string& keys_folder, std::ostream& out,
            std::ostream& err) {
  std::string file = (std::filesystem::path(data) / "okno.db").string();
  if (!std::filesystem::exists(file)) {
    err << "okno audit list: нет файла данных (no data file) " << file << "\n";
    return kExitUsage;
  }
  Result<auth::Keys> keys = KeysFor(data, keys_folder, /*create=*/false);
  if (!keys.ok()) {
    err << "okno audit list: --keys " << keys.status().message() << "\n";
    return kExitUsage;
  }
  Result<std::unique_ptr<audit::AuditLog>> log = audit::AuditLog::Open(file, keys->audit);
  Result<std::vector<audit::AuditRecord>> records =
      log.ok() ? (*log)->Records() : Result<std::vector<audit::AuditRecord>>(log.status());
  if (!records.ok()) {
    err << "okno audit list: " << records.status().message() << "\n";
    return kExitFailure;
  }
  for (const audit::AuditRecord& record : *records) {
    std::time_t seconds = static_cast<std::time_t>(record.at_ms / 1000);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&seconds));
    const audit::AuditEntry& entry = record.entry;
    out << record.sequence << "\t" << when << "\t" << (entry.actor.empty() ? "-" : entry.actor)
        << "\t" << entry.action << "\t" << entry.target << "\t"
        << (entry.client.empty() ? "-" : entry.client) << "\t" << entry.reason << "\n";
  }
  return kExitOk;
}

}  // namespace

void AddAuditCommand(CLI::App& app, CommandContext& context, const CommandInfo& info) {
  auto data = std::make_shared<std::string>(DefaultDataDirectory());
  auto keys = std::make_shared<std::string>(auth::DefaultKeysFolder());
  CLI::App* audit = app.add_subcommand(std::string(info.name), std::string(info.summary));
  audit->require_subcommand(1);
  CLI::App* verify =
      audit->add_subcommand("verify", "проверить цепочку хешей журнала (verify the hash chain)");
  verify->add_option("--data", *data, "папка данных (data folder; default $OKNO_DATA or data)");
  verify->add_option("--keys", *keys,
                     "папка ключей сервера (the server's key folder; default $OKNO_KEYS or keys; a "
                     "demo's data is verified with the demo's published key)");
  verify->footer(
      "Коды выхода (exit codes): 0 цепочка цела (intact), 1 нарушена — каждое нарушение названо "
      "(broken: each break is named), 2 нет данных (no data)");
  CLI::App* list = audit->add_subcommand(
      "list",
      "записи журнала по строке (the records, a line each: sequence, time, actor, "
      "action, target, client address, reason)");
  list->add_option("--data", *data, "папка данных (data folder; default $OKNO_DATA or data)");
  list->add_option("--keys", *keys, "папка ключей сервера (the server's key folder)");
  list->callback([&context, data, keys] {
    context.action = [data, keys](std::ostream& out, std::ostream& err) {
      return RunList(*data, *keys, out, err);
    };
  });
  verify->callback([&context, data, keys] {
    context.action = [data, keys](std::ostream& out, std::ostream& err) {
      return RunVerify(*data, *keys, out, err);
    };
  });
}

}  // namespace okno::cli
