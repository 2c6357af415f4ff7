#include "store/sqlite.h"

#include <chrono>
#include <filesystem>

#include "common/private_files.h"

namespace okno::store::sqlite {
namespace {

// "OKNO" in the file header: a file with another application id is not ours to write into.
constexpr int32_t kApplicationId = 0x4F4B4E4F;
constexpr int kSchemaVersion = 1;

Result<int64_t> PragmaNumber(sqlite3* db, const std::string& name) {
  Statement statement;
  OKNO_TRY(statement.Prepare(db, ("PRAGMA " + name).c_str()));
  if (statement.Bind().Step() != SQLITE_ROW) return SqliteError(db, "PRAGMA " + name);
  return statement.Int(0);
}

}  // namespace

Status PrepareOknoFile(sqlite3* db, const std::string& path) {
  int64_t id = OKNO_TRY(PragmaNumber(db, "application_id"));
  int64_t version = OKNO_TRY(PragmaNumber(db, "user_version"));
  int64_t schema = OKNO_TRY(PragmaNumber(db, "schema_version"));  // 0 only for an empty file
  if (id == 0 && schema == 0) {
    return Execute(db, "PRAGMA application_id=" + std::to_string(kApplicationId) +
                           "; PRAGMA user_version=" + std::to_string(kSchemaVersion) + ";");
  }
  if (id != kApplicationId) return DataLossError(path + " is not an Okno data file");
  if (version != kSchemaVersion) {
    return DataLossError(path + " has schema version " + std::to_string(version) +
                         "; this build reads " + std::to_string(kSchemaVersion));
  }
  return Status::Ok();
}

Status SqliteError(sqlite3* db, const std::string& doing) {
  return UnavailableError("store: " + doing + ": " + sqlite3_errmsg(db));
}

Status Execute(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message != nullptr ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    return UnavailableError("store: " + sql + ": " + text);
  }
  return Status::Ok();
}

Result<sqlite3*> OpenConnection(const std::string& path) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Status error = UnavailableError("store: cannot open " + path + ": " +
                                    (db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close(db);
    return error;
  }
  sqlite3_busy_timeout(db, 5000);
  // Durable before acknowledged: WAL, and every commit synced to disk.
  Status set = Execute(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  // Private, with its write-ahead log and shared memory: a file an older Okno made under a
  // wider umask is closed to others now.
  for (const char* suffix : {"", "-wal", "-shm"}) {
    if (set.ok()) set = MakePrivateFile(path + suffix);
  }
  if (!set.ok()) {
    sqlite3_close(db);
    return set;
  }
  return db;
}

Result<sqlite3*> OpenOknoStore(const std::string& path, const std::string& schema) {
  sqlite3* db = OKNO_TRY(OpenConnection(path));
  Status ready = PrepareOknoFile(db, path);
  if (ready.ok()) ready = Execute(db, schema);
  if (!ready.ok()) {
    sqlite3_close(db);
    return ready;
  }
  return db;
}

namespace {

constexpr const char* kFileSettings =
    "CREATE TABLE IF NOT EXISTS okno_file (key TEXT PRIMARY KEY, value TEXT NOT NULL) "
    "WITHOUT ROWID;";

}  // namespace

Status AddColumnIfMissing(sqlite3* db, const std::string& table, const std::string& column,
                          const std::string& definition) {
  {
    Statement columns;  // finalized before the ALTER, which it would otherwise hold up
    OKNO_TRY(columns.Prepare(db, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?"));
    if (columns.Bind(table, column).Step() == SQLITE_ROW) return Status::Ok();
  }
  Status added = Execute(db, "ALTER TABLE " + table + " ADD COLUMN " + column + " " + definition);
  if (!added.ok() && added.message().find("duplicate column") == std::string::npos) return added;
  return Status::Ok();
}

Result<std::string> ReadFileSetting(const std::string& path, const std::string& key) {
  sqlite3* db = OKNO_TRY(OpenOknoStore(path, kFileSettings));
  std::string value;
  Status read;
  {
    Statement select;  // finalized before its connection closes
    read = select.Prepare(db, "SELECT value FROM okno_file WHERE key = ?");
    if (read.ok()) {
      int step = select.Bind(key).Step();
      if (step == SQLITE_ROW) value = select.Text(0);
      if (step != SQLITE_ROW && step != SQLITE_DONE) read = SqliteError(db, "reading " + key);
    }
  }
  sqlite3_close(db);
  if (!read.ok()) return read;
  return value;
}

Status WriteFileSetting(const std::string& path, const std::string& key, const std::string& value) {
  sqlite3* db = OKNO_TRY(OpenOknoStore(path, kFileSettings));
  Status written;
  {
    Statement upsert;
    written = upsert.Prepare(db, "INSERT OR REPLACE INTO okno_file (key, value) VALUES (?, ?)");
    if (written.ok() && upsert.Bind(key, value).Step() != SQLITE_DONE) {
      written = SqliteError(db, "writing " + key);
    }
  }
  sqlite3_close(db);
  return written;
}

Status BackupOknoFile(const std::string& from, const std::string& to) {
  std::error_code error;
  if (!std::filesystem::exists(from, error)) return NotFoundError("no data file " + from);
  if (std::filesystem::exists(to, error)) {
    return AlreadyExistsError(to + " exists: a backup does not overwrite a file");
  }
  sqlite3* source = nullptr;
  if (sqlite3_open_v2(from.c_str(), &source, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    Status failed = UnavailableError("backup: cannot open " + from + ": " + sqlite3_errmsg(source));
    sqlite3_close(source);
    return failed;
  }
  sqlite3_busy_timeout(source, 5000);
  std::string partial = to + ".partial";
  std::filesystem::remove(partial, error);
  sqlite3* target = nullptr;
  Status status = Status::Ok();
  Result<int64_t> id = PragmaNumber(source, "application_id");
  if (!id.ok()) {
    status = id.status();
  } else if (*id != kApplicationId) {
    status = DataLossError(from + " is not an Okno data file");
  } else if (sqlite3_open_v2(partial.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                             nullptr) != SQLITE_OK) {
    status = UnavailableError("backup: cannot create " + partial + ": " + sqlite3_errmsg(target));
  } else {
    sqlite3_backup* backup = sqlite3_backup_init(target, "main", source, "main");
    if (backup == nullptr) {
      status = SqliteError(target, "starting the backup");
    } else {
      // All pages in one step: the copy is of one moment. Busy or locked: a writer is
      // committing; try again shortly.
      int step;
      while ((step = sqlite3_backup_step(backup, -1)) == SQLITE_BUSY || step == SQLITE_LOCKED) {
        sqlite3_sleep(20);
      }
      sqlite3_backup_finish(backup);
      if (step != SQLITE_DONE) status = SqliteError(target, "copying " + from);
    }
    if (status.ok()) {
      // The copy is a file of its own: no write-ahead log beside it.
      status = Execute(target, "PRAGMA journal_mode=DELETE");
    }
    if (status.ok()) {
      Statement check;
      status = check.Prepare(target, "PRAGMA integrity_check");
      if (status.ok() && (check.Bind().Step() != SQLITE_ROW || check.Text(0) != "ok")) {
        status = DataLossError("backup: the copy fails integrity_check: " + check.Text(0));
      }
    }
  }
  sqlite3_close(target);
  sqlite3_close(source);
  if (status.ok()) status = MakePrivateFile(partial);
  if (status.ok()) {
    std::filesystem::rename(partial, to, error);
    if (error)
      status = UnavailableError("backup: " + partial + " → " + to + ": " + error.message());
  }
  if (!status.ok()) std::filesystem::remove(partial, error);
  return status;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status Statement::Prepare(sqlite3* db, const char* sql) {
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement_, nullptr) !=
      SQLITE_OK) {
    return SqliteError(db, std::string("preparing ") + sql);
  }
  return Status::Ok();
}

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(statement_, column);
  return text != nullptr
             ? std::string(reinterpret_cast<const char*>(text),
                           static_cast<size_t>(sqlite3_column_bytes(statement_, column)))
             : std::string();
}

}  // namespace okno::store::sqlite
