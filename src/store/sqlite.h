#pragma once

// What every SQLite-backed store of Okno shares: opening a connection the durable way (WAL,
// synchronous=FULL, a busy timeout), running SQL, and prepared statements.

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "common/status.h"

namespace okno::store::sqlite {

// Unavailable, naming what was being done and SQLite's message.
Status SqliteError(sqlite3* db, const std::string& doing);

// Runs `sql` (one or more statements, no results).
Status Execute(sqlite3* db, const std::string& sql);

// Opens (or creates) the file at `path` read-write, serialized, in WAL mode with
// synchronous=FULL: a commit is on disk before it returns.
Result<sqlite3*> OpenConnection(const std::string& path);

// Makes the file behind `db` an Okno data file, or checks that it is one: a new file gets
// Okno's application id and schema version; DataLoss for a file of another program or of
// another schema version. Each store then creates its own tables if they are missing.
Status PrepareOknoFile(sqlite3* db, const std::string& path);

// A connection to the Okno data file at `path` (OpenConnection, PrepareOknoFile) with the
// store's `schema` (CREATE ... IF NOT EXISTS) in place; closed again on failure.
Result<sqlite3*> OpenOknoStore(const std::string& path, const std::string& schema);

// A consistent copy of the Okno data file at `from` in `to`, taken while it is in use (SQLite's
// online backup: writers go on; the copy is the file as of one moment). Written beside `to`
// and renamed into place, so `to` is never half a copy; checked with integrity_check.
// DataLoss when `from` is not an Okno data file; AlreadyExists when `to` exists.
Status BackupOknoFile(const std::string& from, const std::string& to);

// What the data file says of itself (its purpose: "demo" for one okno serve --demo made), by
// key, in a table of its own; "" for a key never written.
Result<std::string> ReadFileSetting(const std::string& path, const std::string& key);
Status WriteFileSetting(const std::string& path, const std::string& key, const std::string& value);

// Adds `column` with `definition` ("TEXT NOT NULL DEFAULT ''") to `table` when it lacks it: a
// file of an older Okno. Two connections may both find it missing; the second's ALTER fails,
// harmlessly.
Status AddColumnIfMissing(sqlite3* db, const std::string& table, const std::string& column,
                          const std::string& definition);

// Now, in milliseconds since the Unix epoch: when a row was recorded.
int64_t NowMs();

// A prepared statement, reset for each use.
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(statement_); }

  Status Prepare(sqlite3* db, const char* sql);
  // Binds the arguments in order (strings and integers) after a reset.
  template <typename... Args>
  Statement& Bind(const Args&... args) {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
    int index = 0;
    (BindOne(++index, args), ...);
    return *this;
  }
  // Binds `values` in order after a reset: for SQL put together at run time.
  Statement& BindList(const std::vector<std::variant<std::string, int64_t>>& values) {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
    int index = 0;
    for (const auto& value : values) {
      std::visit([&](const auto& one) { BindOne(++index, one); }, value);
    }
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(statement_); }
  // Ends this use: a statement left on a row keeps its connection's read snapshot open, and
  // later statements on that connection would see the data as it was then.
  void Reset() { sqlite3_reset(statement_); }
  std::string Text(int column) const;
  int64_t Int(int column) const { return sqlite3_column_int64(statement_, column); }

 private:
  void BindOne(int index, const std::string& value) {
    sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
  }
  void BindOne(int index, int64_t value) { sqlite3_bind_int64(statement_, index, value); }

  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace okno::store::sqlite
