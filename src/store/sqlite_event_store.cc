#include "store/sqlite_event_store.h"

#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <utility>

#include "store/sqlite.h"

namespace okno::store {
namespace {

using sqlite::Execute;
using sqlite::NowMs;
using sqlite::OpenConnection;
using sqlite::SqliteError;
using sqlite::Statement;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS streams (
  stream TEXT PRIMARY KEY,
  version INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  stream TEXT NOT NULL,
  number INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  actor TEXT NOT NULL,
  catalog_version TEXT NOT NULL,
  recorded_at_ms INTEGER NOT NULL,
  PRIMARY KEY (stream, number)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idempotency (
  key TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  stream TEXT NOT NULL,
  version INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

}  // namespace

class SqliteEventStore::Impl {
 public:
  Impl(std::string path, SqliteOptions options)
      : path_(std::move(path)), options_(std::move(options)) {}

  ~Impl() {
    {
      std::lock_guard lock(queue_mutex_);
      stopping_ = true;
    }
    queue_ready_.notify_all();
    if (writer_thread_.joinable()) writer_thread_.join();
    // Statements before their connections.
    select_key_.reset();
    select_version_writer_.reset();
    insert_event_.reset();
    upsert_stream_.reset();
    insert_key_.reset();
    select_events_.reset();
    select_version_reader_.reset();
    sqlite3_close(writer_);
    sqlite3_close(reader_);
  }

  Status Open() {
    writer_ = OKNO_TRY(sqlite::OpenOknoStore(path_, kSchema));
    reader_ = OKNO_TRY(OpenConnection(path_));
    auto prepare = [](std::unique_ptr<Statement>& statement, sqlite3* db, const char* sql) {
      statement = std::make_unique<Statement>();
      return statement->Prepare(db, sql);
    };
    OKNO_TRY(prepare(select_key_, writer_,
                     "SELECT fingerprint, version, stream FROM idempotency WHERE key = ?"));
    OKNO_TRY(
        prepare(select_version_writer_, writer_, "SELECT version FROM streams WHERE stream = ?"));
    OKNO_TRY(prepare(insert_event_, writer_,
                     "INSERT INTO events (stream, number, type, data, actor, "
                     "catalog_version, recorded_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    OKNO_TRY(prepare(upsert_stream_, writer_,
                     "INSERT INTO streams (stream, version) VALUES (?, ?) "
                     "ON CONFLICT (stream) DO UPDATE SET version = excluded.version"));
    OKNO_TRY(
        prepare(insert_key_, writer_,
                "INSERT INTO idempotency (key, fingerprint, stream, version) VALUES (?, ?, ?, ?)"));
    OKNO_TRY(prepare(select_events_, reader_,
                     "SELECT number, type, data, actor, catalog_version, "
                     "recorded_at_ms FROM events WHERE stream = ? AND number > ? "
                     "ORDER BY number"));
    OKNO_TRY(
        prepare(select_version_reader_, reader_, "SELECT version FROM streams WHERE stream = ?"));
    writer_thread_ = std::thread([this] { WriteLoop(); });
    return Status::Ok();
  }

  Result<AppendOutcome> Append(AppendRequest request) {
    if (request.stream.empty()) return InvalidArgumentError("an append needs a stream (case id)");
    if (request.events.empty()) return InvalidArgumentError("an append needs at least one event");
    if (request.expected_version < 0) {
      return InvalidArgumentError("expected version " + std::to_string(request.expected_version) +
                                  " is negative");
    }
    Pending pending{std::move(request), {}};
    std::future<Result<AppendOutcome>> done = pending.promise.get_future();
    {
      std::lock_guard lock(queue_mutex_);
      if (stopping_) return UnavailableError("case store: closing");
      queue_.push_back(&pending);
    }
    queue_ready_.notify_one();
    return done.get();
  }

  Result<std::vector<StoredEvent>> Read(const std::string& stream, int64_t after) {
    std::lock_guard lock(reader_mutex_);
    std::vector<StoredEvent> events;
    Statement& select = select_events_->Bind(stream, after);
    int step;
    while ((step = select.Step()) == SQLITE_ROW) {
      events.push_back({stream, select.Int(0), select.Text(1), select.Text(2), select.Text(3),
                        select.Text(4), select.Int(5)});
    }
    select.Reset();
    if (step != SQLITE_DONE) return SqliteError(reader_, "reading " + stream);
    return events;
  }

  Result<int64_t> Version(const std::string& stream) {
    std::lock_guard lock(reader_mutex_);
    Statement& select = select_version_reader_->Bind(stream);
    int step = select.Step();
    int64_t version = step == SQLITE_ROW ? select.Int(0) : 0;
    select.Reset();
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
      return SqliteError(reader_, "reading the version of " + stream);
    }
    return version;
  }

  Result<std::string> Pragma(const std::string& name) {
    Statement statement;
    OKNO_TRY(statement.Prepare(writer_, ("PRAGMA " + name).c_str()));
    if (statement.Bind().Step() != SQLITE_ROW) return NotFoundError("no pragma " + name);
    return statement.Text(0);
  }

 private:
  struct Pending {
    AppendRequest request;
    std::promise<Result<AppendOutcome>> promise;
  };

  void WriteLoop() {
    for (;;) {
      std::vector<Pending*> batch;
      {
        std::unique_lock lock(queue_mutex_);
        queue_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left
        while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      Commit(batch);
    }
  }

  // One transaction for the whole batch; each append inside its own savepoint, so that a
  // conflicting one leaves the others whole.
  void Commit(const std::vector<Pending*>& batch) {
    std::vector<Result<AppendOutcome>> outcomes;
    outcomes.reserve(batch.size());
    Status begun = Execute(writer_, "BEGIN IMMEDIATE");
    if (!begun.ok()) {
      for (Pending* pending : batch) pending->promise.set_value(begun);
      return;
    }
    for (Pending* pending : batch) {
      if (Status saved = Execute(writer_, "SAVEPOINT append"); !saved.ok()) {
        outcomes.push_back(saved);
        continue;
      }
      Result<AppendOutcome> outcome = ApplyOne(pending->request);
      if (!outcome.ok()) (void)Execute(writer_, "ROLLBACK TO append");
      (void)Execute(writer_, "RELEASE append");
      outcomes.push_back(std::move(outcome));
    }
    Status committed = Execute(writer_, "COMMIT");
    if (!committed.ok()) {
      (void)Execute(writer_, "ROLLBACK");
      for (Pending* pending : batch) pending->promise.set_value(committed);
      return;
    }
    if (options_.on_commit) options_.on_commit(static_cast<int>(batch.size()));
    for (size_t i = 0; i < batch.size(); ++i) batch[i]->promise.set_value(std::move(outcomes[i]));
  }

  Result<AppendOutcome> ApplyOne(const AppendRequest& request) {
    if (!request.idempotency_key.empty()) {
      Statement& select = select_key_->Bind(request.idempotency_key);
      int step = select.Step();
      std::string fingerprint = step == SQLITE_ROW ? select.Text(0) : "";
      int64_t version = step == SQLITE_ROW ? select.Int(1) : 0;
      std::string stream = step == SQLITE_ROW ? select.Text(2) : "";
      select.Reset();
      if (step == SQLITE_ROW) {
        if (fingerprint != request.fingerprint) {
          return FailedPreconditionError("idempotency key '" + request.idempotency_key +
                                         "' was used with a different request");
        }
        return AppendOutcome{version, /*replayed=*/true, stream};
      }
      if (step != SQLITE_DONE) return SqliteError(writer_, "reading an idempotency key");
    }
    Statement& select = select_version_writer_->Bind(request.stream);
    int step = select.Step();
    int64_t version = step == SQLITE_ROW ? select.Int(0) : 0;
    select.Reset();
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
      return SqliteError(writer_, "reading the version of " + request.stream);
    }
    if (version != request.expected_version) {
      return ConflictError("case " + request.stream + " is at version " + std::to_string(version) +
                           ", not " + std::to_string(request.expected_version));
    }
    int64_t now = NowMs();
    for (const NewEvent& event : request.events) {
      ++version;
      if (insert_event_
              ->Bind(request.stream, version, event.type, event.data, event.actor,
                     event.catalog_version, now)
              .Step() != SQLITE_DONE) {
        return SqliteError(writer_, "appending to " + request.stream);
      }
    }
    if (upsert_stream_->Bind(request.stream, version).Step() != SQLITE_DONE) {
      return SqliteError(writer_, "updating the version of " + request.stream);
    }
    if (!request.idempotency_key.empty() &&
        insert_key_->Bind(request.idempotency_key, request.fingerprint, request.stream, version)
                .Step() != SQLITE_DONE) {
      return SqliteError(writer_, "recording an idempotency key");
    }
    return AppendOutcome{version, /*replayed=*/false, request.stream};
  }

  const std::string path_;
  const SqliteOptions options_;
  sqlite3* writer_ = nullptr;  // used by the writer thread only, after Open
  sqlite3* reader_ = nullptr;  // under reader_mutex_
  std::unique_ptr<Statement> select_key_, select_version_writer_, insert_event_, upsert_stream_,
      insert_key_;
  std::unique_ptr<Statement> select_events_, select_version_reader_;
  std::mutex reader_mutex_;

  std::mutex queue_mutex_;
  std::condition_variable queue_ready_;
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  std::thread writer_thread_;
};

Result<std::unique_ptr<SqliteEventStore>> SqliteEventStore::Open(const std::string& path,
                                                                 SqliteOptions options) {
  auto impl = std::make_unique<Impl>(path, std::move(options));
  OKNO_TRY(impl->Open());
  return std::unique_ptr<SqliteEventStore>(new SqliteEventStore(std::move(impl)));
}

SqliteEventStore::SqliteEventStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteEventStore::~SqliteEventStore() = default;

Result<AppendOutcome> SqliteEventStore::Append(AppendRequest request) {
  return impl_->Append(std::move(request));
}

Result<std::vector<StoredEvent>> SqliteEventStore::Read(const std::string& stream, int64_t after) {
  return impl_->Read(stream, after);
}

Result<int64_t> SqliteEventStore::Version(const std::string& stream) {
  return impl_->Version(stream);
}

Result<std::string> SqliteEventStore::Pragma(const std::string& name) {
  return impl_->Pragma(name);
}

}  // namespace okno::store
