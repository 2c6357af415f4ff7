#include "store/sqlite.h"

#include <chrono>

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
