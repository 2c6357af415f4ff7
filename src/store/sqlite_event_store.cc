#include "store/sqlite_event_store.h"

#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <utility>
#include <variant>

#include "store/sqlite.h"

namespace okno::store {
namespace {

using sqlite::AppendAudit;
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
CREATE TABLE IF NOT EXISTS case_index (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  status TEXT NOT NULL,
  queue TEXT NOT NULL,
  assignee TEXT NOT NULL,
  complexity TEXT NOT NULL,
  opened_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  due TEXT NOT NULL,
  office TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS case_index_opened ON case_index (opened_at_ms, id);
CREATE INDEX IF NOT EXISTS case_index_due ON case_index (due, id);
CREATE INDEX IF NOT EXISTS case_index_assignee ON case_index (assignee, due);
CREATE TABLE IF NOT EXISTS case_tasks (
  case_id TEXT NOT NULL,
  agency TEXT NOT NULL,
  state TEXT NOT NULL,
  due TEXT NOT NULL,
  PRIMARY KEY (case_id, agency)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS case_tasks_agency ON case_tasks (agency, state);
CREATE TABLE IF NOT EXISTS case_people (
  case_id TEXT NOT NULL,
  member TEXT NOT NULL,
  name TEXT NOT NULL,
  snils TEXT NOT NULL,
  citizen TEXT NOT NULL,
  PRIMARY KEY (case_id, member)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS case_people_name ON case_people (name);
CREATE INDEX IF NOT EXISTS case_people_snils ON case_people (snils);
CREATE INDEX IF NOT EXISTS case_people_citizen ON case_people (citizen);
DROP TABLE IF EXISTS idempotency;
CREATE TABLE IF NOT EXISTS idempotency_keys (
  actor TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  stream TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (actor, key)
) WITHOUT ROWID;
)sql";

// A case without a deadline sorts after every date.
constexpr const char* kNoDue = "9999-12-31";

constexpr const char* kSummaryColumns =
    "id, version, status, queue, assignee, complexity, opened_at_ms, updated_at_ms, due, office";

// A page cursor: the sort key and the id of the last case of the page, "key|id".
std::string Cursor(const std::string& key, const std::string& id) { return key + "|" + id; }

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
    select_tasks_.reset();
    select_people_.reset();
    upsert_summary_.reset();
    delete_tasks_.reset();
    insert_task_.reset();
    delete_people_.reset();
    insert_person_.reset();
    sqlite3_close(writer_);
    sqlite3_close(reader_);
  }

  Status Open() {
    writer_ = OKNO_TRY(sqlite::OpenOknoStore(path_, kSchema));
    // An older file's cases belong to no office (a deployment of one).
    OKNO_TRY(
        sqlite::AddColumnIfMissing(writer_, "case_index", "office", "TEXT NOT NULL DEFAULT ''"));
    // After the column: every front-office list reads by office.
    OKNO_TRY(Execute(writer_,
                     "CREATE INDEX IF NOT EXISTS case_index_office ON case_index (office, due)"));
    OKNO_TRY(sqlite::PrepareAuditTable(writer_));
    reader_ = OKNO_TRY(OpenConnection(path_));
    auto prepare = [](std::unique_ptr<Statement>& statement, sqlite3* db, const char* sql) {
      statement = std::make_unique<Statement>();
      return statement->Prepare(db, sql);
    };
    OKNO_TRY(prepare(select_key_, writer_,
                     "SELECT fingerprint, version, stream FROM idempotency_keys "
                     "WHERE actor = ? AND key = ?"));
    OKNO_TRY(
        prepare(select_version_writer_, writer_, "SELECT version FROM streams WHERE stream = ?"));
    OKNO_TRY(prepare(insert_event_, writer_,
                     "INSERT INTO events (stream, number, type, data, actor, "
                     "catalog_version, recorded_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    OKNO_TRY(prepare(upsert_stream_, writer_,
                     "INSERT INTO streams (stream, version) VALUES (?, ?) "
                     "ON CONFLICT (stream) DO UPDATE SET version = excluded.version"));
    OKNO_TRY(prepare(insert_key_, writer_,
                     "INSERT INTO idempotency_keys (actor, key, fingerprint, stream, version) "
                     "VALUES (?, ?, ?, ?, ?)"));
    OKNO_TRY(prepare(select_events_, reader_,
                     "SELECT number, type, data, actor, catalog_version, "
                     "recorded_at_ms FROM events WHERE stream = ? AND number > ? "
                     "ORDER BY number"));
    OKNO_TRY(
        prepare(select_version_reader_, reader_, "SELECT version FROM streams WHERE stream = ?"));
    OKNO_TRY(prepare(upsert_summary_, writer_,
                     "INSERT OR REPLACE INTO case_index (id, version, status, queue, assignee, "
                     "complexity, opened_at_ms, updated_at_ms, due, office) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    OKNO_TRY(prepare(delete_tasks_, writer_, "DELETE FROM case_tasks WHERE case_id = ?"));
    OKNO_TRY(prepare(insert_task_, writer_,
                     "INSERT INTO case_tasks (case_id, agency, state, due) VALUES (?, ?, ?, ?)"));
    OKNO_TRY(prepare(delete_people_, writer_, "DELETE FROM case_people WHERE case_id = ?"));
    OKNO_TRY(prepare(insert_person_, writer_,
                     "INSERT INTO case_people (case_id, member, name, snils, citizen) "
                     "VALUES (?, ?, ?, ?, ?)"));
    OKNO_TRY(
        prepare(select_tasks_, reader_,
                "SELECT agency, state, due FROM case_tasks WHERE case_id = ? ORDER BY agency"));
    OKNO_TRY(prepare(select_people_, reader_,
                     "SELECT member, name, snils, citizen FROM case_people WHERE case_id = ? "
                     "ORDER BY member"));
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
    return Enqueue({std::move(request), false, {}});
  }

  Status WriteSummary(const CaseSummary& summary) {
    if (summary.id.empty()) return InvalidArgumentError("a case summary needs the case's id");
    AppendRequest request;
    request.stream = summary.id;
    request.summary = summary;
    return Enqueue({std::move(request), true, {}}).status();
  }

  Result<CasePage> ListCases(const CaseQuery& query) {
    if (query.limit < 1 || query.limit > 500) {
      return InvalidArgumentError("limit: from 1 to 500, not " + std::to_string(query.limit));
    }
    if (query.order != "opened" && query.order != "due") {
      return InvalidArgumentError("order: opened or due, not '" + query.order + "'");
    }
    std::string sql = std::string("SELECT ") + kSummaryColumns + " FROM case_index WHERE 1";
    std::vector<std::variant<std::string, int64_t>> values;
    auto equal = [&](const char* column, const std::string& value) {
      if (value.empty()) return;
      sql += std::string(" AND ") + column + " = ?";
      values.emplace_back(value);
    };
    equal("status", query.status);
    equal("queue", query.queue);
    equal("assignee", query.assignee);
    if (query.unassigned) sql += " AND assignee = ''";
    if (query.office) {
      sql += " AND office = ?";
      values.emplace_back(*query.office);
    }
    if (!query.due_by.empty()) {
      sql += " AND due <= ?";
      values.emplace_back(query.due_by);
    }
    if (!query.agency.empty() || !query.task_state.empty()) {
      sql += " AND id IN (SELECT case_id FROM case_tasks WHERE 1";
      if (!query.agency.empty()) {
        sql += " AND agency = ?";
        values.emplace_back(query.agency);
      }
      if (!query.task_state.empty()) {
        sql += " AND state = ?";
        values.emplace_back(query.task_state);
      }
      sql += ")";
    }
    if (!query.citizen.empty()) {
      sql += " AND id IN (SELECT case_id FROM case_people WHERE citizen = ?)";
      values.emplace_back(query.citizen);
    }
    if (!query.person.empty()) {
      std::string snils = SnilsDigits(query.person);
      std::string name = SearchForm(query.person);
      if (!snils.empty()) {
        sql += " AND id IN (SELECT case_id FROM case_people WHERE snils = ?)";
        values.emplace_back(snils);
      } else if (name.empty()) {
        return InvalidArgumentError("person: an SNILS or the beginning of a full name");
      } else {
        // A prefix as a range, so the name index serves it.
        sql += " AND id IN (SELECT case_id FROM case_people WHERE name >= ? AND name < ?)";
        values.emplace_back(name);
        values.emplace_back(name + "\xF4\x8F\xBF\xBF");
      }
    }
    bool by_due = query.order == "due";
    if (!query.after.empty()) {
      size_t bar = query.after.rfind('|');
      if (bar == std::string::npos) return InvalidArgumentError("after: not a cursor of a page");
      std::string key = query.after.substr(0, bar);
      std::string id = query.after.substr(bar + 1);
      if (by_due) {
        sql += " AND (due > ? OR (due = ? AND id > ?))";
        values.emplace_back(key);
        values.emplace_back(key);
      } else {
        char* end = nullptr;
        int64_t opened = std::strtoll(key.c_str(), &end, 10);
        if (key.empty() || *end != '\0') {
          return InvalidArgumentError("after: not a cursor of a page");
        }
        sql += " AND (opened_at_ms < ? OR (opened_at_ms = ? AND id < ?))";
        values.emplace_back(opened);
        values.emplace_back(opened);
      }
      values.emplace_back(id);
    }
    sql += by_due ? " ORDER BY due, id" : " ORDER BY opened_at_ms DESC, id DESC";
    sql += " LIMIT " + std::to_string(query.limit + 1);

    std::lock_guard lock(reader_mutex_);
    Statement select;
    OKNO_TRY(select.Prepare(reader_, sql.c_str()));
    select.BindList(values);
    CasePage page;
    int step;
    while ((step = select.Step()) == SQLITE_ROW) {
      CaseSummary summary;
      summary.id = select.Text(0);
      summary.version = select.Int(1);
      summary.status = select.Text(2);
      summary.queue = select.Text(3);
      summary.assignee = select.Text(4);
      summary.complexity = select.Text(5);
      summary.opened_at_ms = select.Int(6);
      summary.updated_at_ms = select.Int(7);
      summary.due = select.Text(8);
      summary.office = select.Text(9);
      page.cases.push_back(std::move(summary));
    }
    select.Reset();
    if (step != SQLITE_DONE) return SqliteError(reader_, "listing cases");
    if (static_cast<int>(page.cases.size()) > query.limit) {
      page.cases.pop_back();
      const CaseSummary& last = page.cases.back();
      page.next = Cursor(by_due ? last.due : std::to_string(last.opened_at_ms), last.id);
    }
    for (CaseSummary& summary : page.cases) {
      if (summary.due == kNoDue) summary.due.clear();
      OKNO_TRY(ReadKeys(summary));
    }
    return page;
  }

  Result<int64_t> CountCases(const std::string& status) {
    std::lock_guard lock(reader_mutex_);
    Statement count;
    OKNO_TRY(count.Prepare(reader_, status.empty()
                                        ? "SELECT COUNT(*) FROM case_index"
                                        : "SELECT COUNT(*) FROM case_index WHERE status = ?"));
    if (status.empty()) {
      count.Bind();
    } else {
      count.Bind(status);
    }
    if (count.Step() != SQLITE_ROW) return SqliteError(reader_, "counting cases");
    int64_t value = count.Int(0);
    count.Reset();
    return value;
  }

  Result<std::vector<std::string>> StreamsWithoutSummary() {
    std::lock_guard lock(reader_mutex_);
    Statement select;
    OKNO_TRY(select.Prepare(reader_,
                            "SELECT s.stream FROM streams s LEFT JOIN case_index c ON c.id = "
                            "s.stream WHERE c.id IS NULL OR c.version < s.version"));
    std::vector<std::string> streams;
    int step;
    select.Bind();
    while ((step = select.Step()) == SQLITE_ROW) streams.push_back(select.Text(0));
    select.Reset();
    if (step != SQLITE_DONE) return SqliteError(reader_, "finding cases without a summary");
    return streams;
  }

  Status ForEachStream(const std::function<Status(const std::vector<StoredEvent>&)>& visit) {
    // A connection of its own: a long read must not hold up the others.
    sqlite3* db = OKNO_TRY(OpenConnection(path_));
    Status status = Status::Ok();
    {
      Statement select;
      status = select.Prepare(db,
                              "SELECT stream, number, type, data, actor, catalog_version, "
                              "recorded_at_ms FROM events ORDER BY stream, number");
      std::vector<StoredEvent> events;
      int step = SQLITE_DONE;
      if (status.ok()) select.Bind();
      while (status.ok() && (step = select.Step()) == SQLITE_ROW) {
        StoredEvent event{select.Text(0), select.Int(1),  select.Text(2), select.Text(3),
                          select.Text(4), select.Text(5), select.Int(6)};
        if (!events.empty() && events.front().stream != event.stream) {
          status = visit(events);
          events.clear();
        }
        events.push_back(std::move(event));
      }
      if (status.ok() && step != SQLITE_DONE) status = SqliteError(db, "reading every case");
      if (status.ok() && !events.empty()) status = visit(events);
    }
    sqlite3_close(db);
    return status;
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
    bool summary_only = false;  // WriteSummary: no events, the summary as given
    std::promise<Result<AppendOutcome>> promise;
  };

  Result<AppendOutcome> Enqueue(Pending pending) {
    std::future<Result<AppendOutcome>> done = pending.promise.get_future();
    {
      std::lock_guard lock(queue_mutex_);
      if (stopping_) return UnavailableError("case store: closing");
      queue_.push_back(&pending);
    }
    queue_ready_.notify_one();
    return done.get();
  }

  // The summary's tasks and people, from their tables.
  Status ReadKeys(CaseSummary& summary) {
    Statement& tasks = select_tasks_->Bind(summary.id);
    int step;
    while ((step = tasks.Step()) == SQLITE_ROW) {
      summary.tasks.push_back({tasks.Text(0), tasks.Text(1), tasks.Text(2)});
    }
    tasks.Reset();
    if (step != SQLITE_DONE) return SqliteError(reader_, "reading the tasks of " + summary.id);
    Statement& people = select_people_->Bind(summary.id);
    while ((step = people.Step()) == SQLITE_ROW) {
      summary.people.push_back({people.Text(0), people.Text(1), people.Text(2), people.Text(3)});
    }
    people.Reset();
    if (step != SQLITE_DONE) return SqliteError(reader_, "reading the people of " + summary.id);
    return Status::Ok();
  }

  Status WriteSummaryRows(const CaseSummary& summary) {
    const std::string& id = summary.id;
    if (upsert_summary_
                ->Bind(id, summary.version, summary.status, summary.queue, summary.assignee,
                       summary.complexity, summary.opened_at_ms, summary.updated_at_ms,
                       summary.due.empty() ? std::string(kNoDue) : summary.due, summary.office)
                .Step() != SQLITE_DONE ||
        delete_tasks_->Bind(id).Step() != SQLITE_DONE ||
        delete_people_->Bind(id).Step() != SQLITE_DONE) {
      return SqliteError(writer_, "indexing case " + id);
    }
    for (const CaseTaskKey& task : summary.tasks) {
      if (insert_task_->Bind(id, task.agency, task.state, task.due).Step() != SQLITE_DONE) {
        return SqliteError(writer_, "indexing the tasks of case " + id);
      }
    }
    for (const CasePersonKey& person : summary.people) {
      if (insert_person_->Bind(id, person.member, person.name, person.snils, person.citizen)
              .Step() != SQLITE_DONE) {
        return SqliteError(writer_, "indexing the people of case " + id);
      }
    }
    return Status::Ok();
  }

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
    // A failed statement may have made SQLite roll the whole transaction back (SQLITE_FULL,
    // IOERR, NOMEM, a RAISE(ROLLBACK)): then the appends before it are undone too, and a next
    // SAVEPOINT would open a transaction of its own, each RELEASE committing one append alone.
    // Once the transaction is gone, no append of the batch is done.
    auto transaction_lost = [&] { return sqlite3_get_autocommit(writer_) != 0; };
    Status lost;
    for (Pending* pending : batch) {
      if (Status saved = Execute(writer_, "SAVEPOINT append"); !saved.ok()) {
        outcomes.push_back(saved);
        if (transaction_lost()) lost = saved;
        if (!lost.ok()) break;
        continue;
      }
      Result<AppendOutcome> outcome =
          pending->summary_only ? SummaryOnly(pending->request) : ApplyOne(pending->request);
      if (!outcome.ok() && transaction_lost()) {
        lost = outcome.status();
        break;
      }
      Status undone = outcome.ok() ? Status::Ok() : Execute(writer_, "ROLLBACK TO append");
      Status released = Execute(writer_, "RELEASE append");
      if (!undone.ok() || !released.ok() || transaction_lost()) {
        lost = !undone.ok() ? undone : !released.ok() ? released : outcome.status();
        if (lost.ok()) lost = UnavailableError("store: the batch's transaction ended early");
        break;
      }
      outcomes.push_back(std::move(outcome));
    }
    if (!lost.ok()) {
      if (!transaction_lost()) (void)Execute(writer_, "ROLLBACK");
      Status failed = UnavailableError(
          "store: the transaction was rolled back, nothing of this append was written: " +
          lost.message());
      for (Pending* pending : batch) pending->promise.set_value(failed);
      return;
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

  Result<AppendOutcome> SummaryOnly(const AppendRequest& request) {
    OKNO_TRY(WriteSummaryRows(*request.summary));
    return AppendOutcome{request.summary->version, /*replayed=*/false, request.stream};
  }

  // Whose key it is: the actor of the request's events.
  static const std::string& KeyOwner(const AppendRequest& request) {
    static const std::string kNobody;
    return request.events.empty() ? kNobody : request.events.front().actor;
  }

  Result<AppendOutcome> ApplyOne(const AppendRequest& request) {
    if (!request.idempotency_key.empty()) {
      Statement& select = select_key_->Bind(KeyOwner(request), request.idempotency_key);
      int step = select.Step();
      std::string fingerprint = step == SQLITE_ROW ? select.Text(0) : "";
      int64_t version = step == SQLITE_ROW ? select.Int(1) : 0;
      std::string stream = step == SQLITE_ROW ? select.Text(2) : "";
      select.Reset();
      if (step == SQLITE_ROW) {
        if (fingerprint != request.fingerprint) {
          return FailedPreconditionError(
              "this Idempotency-Key was used before with another request; use a new key for a "
              "new request");
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
        insert_key_
                ->Bind(KeyOwner(request), request.idempotency_key, request.fingerprint,
                       request.stream, version)
                .Step() != SQLITE_DONE) {
      return SqliteError(writer_, "recording an idempotency key");
    }
    if (!request.audit.empty()) {
      if (!options_.audit_key) return InternalError("the store has no audit key for the record");
      OKNO_TRY(AppendAudit(writer_, *options_.audit_key, request.audit));
    }
    if (request.summary) {
      CaseSummary summary = *request.summary;
      summary.id = request.stream;
      summary.version = version;
      summary.updated_at_ms = now;
      if (summary.opened_at_ms == 0) summary.opened_at_ms = now;
      OKNO_TRY(WriteSummaryRows(summary));
    }
    return AppendOutcome{version, /*replayed=*/false, request.stream};
  }

  const std::string path_;
  const SqliteOptions options_;
  sqlite3* writer_ = nullptr;  // used by the writer thread only, after Open
  sqlite3* reader_ = nullptr;  // under reader_mutex_
  std::unique_ptr<Statement> select_key_, select_version_writer_, insert_event_, upsert_stream_,
      insert_key_;
  std::unique_ptr<Statement> upsert_summary_, delete_tasks_, insert_task_, delete_people_,
      insert_person_;
  std::unique_ptr<Statement> select_events_, select_version_reader_, select_tasks_, select_people_;
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

Result<CasePage> SqliteEventStore::ListCases(const CaseQuery& query) {
  return impl_->ListCases(query);
}

Result<int64_t> SqliteEventStore::CountCases(const std::string& status) {
  return impl_->CountCases(status);
}

Status SqliteEventStore::WriteSummary(const CaseSummary& summary) {
  return impl_->WriteSummary(summary);
}

Result<std::vector<std::string>> SqliteEventStore::StreamsWithoutSummary() {
  return impl_->StreamsWithoutSummary();
}

Status SqliteEventStore::ForEachStream(
    const std::function<Status(const std::vector<StoredEvent>&)>& visit) {
  return impl_->ForEachStream(visit);
}

Result<std::string> SqliteEventStore::Pragma(const std::string& name) {
  return impl_->Pragma(name);
}

}  // namespace okno::store
