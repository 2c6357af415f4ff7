// okno backup FILE [--data DIR]: a consistent copy of the data file (cases, users, audit log)
// while the server runs. okno restore FILE [--data DIR] [--force]: puts a backup in place of
// the data file, with the server stopped.

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>

#include "cli/catalog_loading.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/private_files.h"
#include "store/sqlite.h"

namespace okno::cli {
namespace {

namespace fs = std::filesystem;

struct BackupArguments {
  std::string file;
  std::string data;
  bool force = false;
};

int RunBackup(const BackupArguments& args, std::ostream& out, std::ostream& err) {
  std::string from = (fs::path(args.data) / "okno.db").string();
  auto started = std::chrono::steady_clock::now();
  if (Status copied = store::sqlite::BackupOknoFile(from, args.file); !copied.ok()) {
    err << "okno backup: " << copied.message() << "\n";
    return copied.code() == StatusCode::kAlreadyExists || copied.code() == StatusCode::kNotFound
               ? kExitUsage
               : kExitFailure;
  }
  std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
  std::error_code error;
  out << "Резервная копия готова (backup written): " << args.file << ", "
      << fs::file_size(args.file, error) / 1024 << " KiB, " << seconds.count() << " s\n"
      << "Восстановление (to restore): остановите сервер (stop the server), затем (then) okno "
         "restore "
      << args.file << " --data " << args.data << " --force\n";
  return kExitOk;
}

int RunRestore(const BackupArguments& args, std::ostream& out, std::ostream& err) {
  fs::path target = fs::path(args.data) / "okno.db";
  std::error_code error;
  if (!fs::exists(args.file, error)) {
    err << "okno restore: нет файла (no file) " << args.file << "\n";
    return kExitUsage;
  }
  if (Status folder = MakePrivateFolder(args.data); !folder.ok()) {
    err << "okno restore: " << folder.message() << "\n";
    return kExitFailure;
  }
  std::string kept;
  if (fs::exists(target, error)) {
    if (!args.force) {
      err << "okno restore: " << target.string()
          << " существует; остановите сервер и добавьте --force, прежний файл будет сохранён "
             "рядом (exists; stop the server and add --force: the current file is kept beside "
             "it)\n";
      return kExitUsage;
    }
    // The current file and its write-ahead log stay beside it, renamed: nothing is lost.
    kept = target.string() + ".before-restore-" +
           std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count());
    fs::rename(target, kept, error);
    for (const char* suffix : {"-wal", "-shm"}) {
      fs::path side = target.string() + suffix;
      if (fs::exists(side)) fs::rename(side, kept + suffix, error);
    }
    // Kept as privately as the file it was (an older Okno's may have been readable).
    for (const char* suffix : {"", "-wal", "-shm"}) (void)MakePrivateFile(kept + suffix);
  }
  // The same copy as a backup: checked to be Okno's and whole before it takes the place.
  if (Status copied = store::sqlite::BackupOknoFile(args.file, target.string()); !copied.ok()) {
    err << "okno restore: " << copied.message() << "\n";
    if (!kept.empty()) fs::rename(kept, target, error);
    return kExitFailure;
  }
  out << "Восстановлено (restored): " << args.file << " → " << target.string() << "\n";
  if (!kept.empty()) out << "Прежний файл сохранён (the previous file is kept): " << kept << "\n";
  return kExitOk;
}

}  // namespace

void AddBackupCommand(CLI::App& app, CommandContext& context, const CommandInfo& info) {
  auto args = std::make_shared<BackupArguments>();
  args->data = DefaultDataDirectory();
  CLI::App* backup = app.add_subcommand(std::string(info.name), std::string(info.summary));
  backup->add_option("file", args->file, "куда записать копию (the backup file to write)")
      ->required();
  backup->add_option("--data", args->data,
                     "папка данных (data folder; default $OKNO_DATA or data)");
  backup->footer(
      "Копия согласована на один момент; запись продолжается (a copy of one moment; writes go "
      "on). Коды выхода (exit codes): 0 готово (done), 1 сбой (failed), 2 нет данных или файл уже "
      "есть (no data, or the file exists)");
  backup->callback([&context, args] {
    context.action = [args](std::ostream& out, std::ostream& err) {
      return RunBackup(*args, out, err);
    };
  });
}

void AddRestoreCommand(CLI::App& app, CommandContext& context, const CommandInfo& info) {
  auto args = std::make_shared<BackupArguments>();
  args->data = DefaultDataDirectory();
  CLI::App* restore = app.add_subcommand(std::string(info.name), std::string(info.summary));
  restore->add_option("file", args->file, "файл резервной копии (the backup file)")->required();
  restore->add_option("--data", args->data,
                      "папка данных (data folder; default $OKNO_DATA or data)");
  restore->add_flag("--force", args->force,
                    "заменить существующие данные, сохранив их рядом (replace the existing data, "
                    "keeping it beside)");
  restore->footer(
      "Сначала остановите сервер (stop the server first). Коды выхода (exit codes): 0 готово "
      "(done), 1 копия повреждена или не Окна (the backup is damaged or not Okno's), 2 нет файла "
      "или данные уже есть без --force (no file, or data exists without --force)");
  restore->callback([&context, args] {
    context.action = [args](std::ostream& out, std::ostream& err) {
      return RunRestore(*args, out, err);
    };
  });
}

}  // namespace okno::cli
