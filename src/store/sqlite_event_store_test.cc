#include "store/sqlite_event_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

namespace okno::store {
namespace {

namespace fs = std::filesystem;

class SqliteEventStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("okno_store_" + std::to_string(::getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    path_ = (directory_ / "cases.db").string();
  }
  void TearDown() override { fs::remove_all(directory_); }

  std::unique_ptr<SqliteEventStore> OpenStore(SqliteOptions options = {}) {
    Result<std::unique_ptr<SqliteEventStore>> store = SqliteEventStore::Open(path_, options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  static AppendRequest Request(const std::string& stream, int64_t expected,
                               std::vector<std::string> types) {
    AppendRequest request{stream, expected, {}, "", "", std::nullopt, {}};
    for (const std::string& type : types) {
      request.events.push_back({type, R"({"n":1})", "user-1", "sha256:abc"});
    }
    return request;
  }

  fs::path directory_;
  std::string path_;
};

TEST_F(SqliteEventStoreTest, AppendsAndReadsInOrder) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  Result<AppendOutcome> first = store->Append(Request("case-1", 0, {"opened", "facts_recorded"}));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->version, 2);
  EXPECT_FALSE(first->replayed);
  ASSERT_TRUE(store->Append(Request("case-1", 2, {"plan_made"})).ok());

  Result<std::vector<StoredEvent>> events = store->Read("case-1");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].number, 1);
  EXPECT_EQ((*events)[0].type, "opened");
  EXPECT_EQ((*events)[1].type, "facts_recorded");
  EXPECT_EQ((*events)[2].number, 3);
  EXPECT_EQ((*events)[2].data, R"({"n":1})");
  EXPECT_EQ((*events)[2].actor, "user-1");
  EXPECT_EQ((*events)[2].catalog_version, "sha256:abc");
  EXPECT_GT((*events)[2].recorded_at_ms, 1'700'000'000'000);
  EXPECT_EQ(store->Read("case-1", 2)->size(), 1u);
  EXPECT_EQ(*store->Version("case-1"), 3);
  EXPECT_EQ(*store->Version("case-2"), 0);
  EXPECT_TRUE(store->Read("case-2")->empty());
}

TEST_F(SqliteEventStoreTest, AStaleExpectedVersionIsAConflictAndWritesNothing) {
  auto store = OpenStore();
  ASSERT_TRUE(store->Append(Request("case-1", 0, {"opened"})).ok());
  Result<AppendOutcome> stale = store->Append(Request("case-1", 0, {"note"}));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict);
  EXPECT_THAT(stale.status().message(), ::testing::HasSubstr("case-1 is at version 1, not 0"));
  EXPECT_EQ(*store->Version("case-1"), 1);
  EXPECT_EQ(store->Read("case-1")->size(), 1u);
}

TEST_F(SqliteEventStoreTest, BadAppendsAreRefused) {
  auto store = OpenStore();
  EXPECT_EQ(store->Append(Request("", 0, {"opened"})).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store->Append(Request("case-1", 0, {})).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store->Append(Request("case-1", -1, {"opened"})).status().code(),
            StatusCode::kInvalidArgument);
}

// Two writers that read the same version and write at once: one wins, the other gets a
// conflict; never a lost update.
TEST_F(SqliteEventStoreTest, TwoWritersAtOnceOneWinsTheOtherConflicts) {
  auto store = OpenStore();
  ASSERT_TRUE(store->Append(Request("case-1", 0, {"opened"})).ok());
  for (int round = 0; round < 20; ++round) {
    int64_t expected = *store->Version("case-1");
    std::atomic<int> ready = 0;
    Result<AppendOutcome> outcomes[2] = {InternalError("not run"), InternalError("not run")};
    std::vector<std::thread> writers;
    for (int i = 0; i < 2; ++i) {
      writers.emplace_back([&, i] {
        ++ready;
        while (ready < 2) std::this_thread::yield();
        outcomes[i] = store->Append(Request("case-1", expected, {"note"}));
      });
    }
    for (std::thread& writer : writers) writer.join();
    int won = 0;
    int conflicted = 0;
    for (const Result<AppendOutcome>& outcome : outcomes) {
      if (outcome.ok()) ++won;
      if (!outcome.ok() && outcome.status().code() == StatusCode::kConflict) ++conflicted;
    }
    EXPECT_EQ(won, 1) << "round " << round;
    EXPECT_EQ(conflicted, 1) << "round " << round;
    EXPECT_EQ(*store->Version("case-1"), expected + 1);
  }
}

// Many writers retrying on conflict: every append lands once, numbered without gaps.
TEST_F(SqliteEventStoreTest, RetriesOnConflictLoseNothing) {
  auto store = OpenStore();
  constexpr int kWriters = 6;
  constexpr int kAppendsEach = 40;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&] {
      for (int i = 0; i < kAppendsEach; ++i) {
        for (;;) {
          int64_t version = *store->Version("shared");
          Result<AppendOutcome> outcome = store->Append(Request("shared", version, {"note"}));
          if (outcome.ok()) break;
          ASSERT_EQ(outcome.status().code(), StatusCode::kConflict);
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  Result<std::vector<StoredEvent>> events = store->Read("shared");
  ASSERT_EQ(events->size(), static_cast<size_t>(kWriters * kAppendsEach));
  for (size_t i = 0; i < events->size(); ++i) EXPECT_EQ((*events)[i].number, int64_t(i + 1));
}

TEST_F(SqliteEventStoreTest, AnIdempotencyKeyReplaysTheFirstOutcome) {
  auto store = OpenStore();
  AppendRequest request = Request("case-1", 0, {"opened"});
  request.idempotency_key = "key-1";
  request.fingerprint = "body-hash-1";
  Result<AppendOutcome> first = store->Append(request);
  ASSERT_TRUE(first.ok());
  Result<AppendOutcome> retry = store->Append(request);
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(retry->version, first->version);
  EXPECT_EQ(store->Read("case-1")->size(), 1u);  // nothing written twice

  request.fingerprint = "body-hash-2";
  Result<AppendOutcome> reused = store->Append(request);
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store->Read("case-1")->size(), 1u);
}

// Keys are scoped by actor: the same key from two actors is two keys, and a reused key with
// another fingerprint is refused without saying whose it was (security review, finding 2/21).
TEST_F(SqliteEventStoreTest, IdempotencyKeysAreTheActorsOwn) {
  auto store = OpenStore();
  AppendRequest first = Request("case-1", 0, {"opened"});
  first.idempotency_key = "shared-key-7";
  first.fingerprint = "note\ncase-1\nbody";
  ASSERT_TRUE(store->Append(first).ok());

  AppendRequest other_actor = Request("case-2", 0, {"opened"});
  for (NewEvent& event : other_actor.events) event.actor = "user-2";
  other_actor.idempotency_key = "shared-key-7";
  other_actor.fingerprint = "note\ncase-2\nbody";
  Result<AppendOutcome> written = store->Append(other_actor);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_FALSE(written->replayed);
  EXPECT_EQ(written->stream, "case-2");
  EXPECT_EQ(store->Read("case-2")->size(), 1u);

  AppendRequest reused = Request("case-3", 0, {"opened"});
  reused.idempotency_key = "shared-key-7";
  reused.fingerprint = "note\ncase-3\nbody";
  Result<AppendOutcome> refused = store->Append(reused);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(), ::testing::Not(::testing::HasSubstr("shared-key-7")));
  EXPECT_TRUE(store->Read("case-3")->empty());
}

// The review's finding 7: a note was committed, then its audit record failed (a disk full, a
// crash between the two), and the note stayed unaudited. The record is now in the append's own
// transaction: no record, no note.
TEST_F(SqliteEventStoreTest, AnAppendAndItsAuditRecordAreOneTransaction) {
  SqliteOptions options;
  options.audit_key = AuditKey{};
  options.audit_key->bytes.fill(5);
  auto store = OpenStore(options);
  AppendRequest first = Request("case-1", 0, {"opened"});
  first.audit.push_back({"operator", "case.open", "case-1", "", "10.1.2.3"});
  ASSERT_TRUE(store->Append(first).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TRIGGER fail_audit BEFORE INSERT ON audit BEGIN "
                         "SELECT RAISE(ABORT, 'simulated audit failure'); END",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  AppendRequest note = Request("case-1", 1, {"note"});
  note.audit.push_back({"operator", "case.note", "case-1", "", "10.1.2.3"});
  Result<AppendOutcome> refused = store->Append(note);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(store->Read("case-1")->size(), 1u) << "the note was written without its record";
  // Without a key, an append carrying a record is refused rather than written unaudited.
  auto keyless = std::move(SqliteEventStore::Open(path_ + "-2")).value();
  AppendRequest unkeyed = Request("case-2", 0, {"opened"});
  unkeyed.audit.push_back({"operator", "case.open", "case-2", "", ""});
  EXPECT_FALSE(keyless->Append(unkeyed).ok());
  EXPECT_TRUE(keyless->Read("case-2")->empty());
}

// The review's finding 24: when a statement fails so that SQLite rolls the batch's whole
// transaction back (a RAISE(ROLLBACK) here, SQLITE_FULL on a real disk), the appends before it
// in the batch are undone with it, and the ones after it must not be committed one by one: every
// caller told "failed" has nothing written, every one told "done" has it all.
TEST_F(SqliteEventStoreTest, ABatchRolledBackWholeFailsEveryAppendInIt) {
  auto store = OpenStore();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TRIGGER roll_back BEFORE INSERT ON events WHEN NEW.type = 'boom' "
                         "BEGIN SELECT RAISE(ROLLBACK, 'simulated disk full'); END",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  constexpr int kWriters = 16;
  std::vector<std::thread> writers;
  std::vector<int> outcome(kWriters, -1);  // 1 told done, 0 told failed
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      AppendRequest request =
          Request("case-" + std::to_string(i), 0, {i % 4 == 1 ? "boom" : "opened"});
      outcome[i] = store->Append(request).ok() ? 1 : 0;
    });
  }
  for (std::thread& writer : writers) writer.join();
  for (int i = 0; i < kWriters; ++i) {
    size_t written = store->Read("case-" + std::to_string(i))->size();
    EXPECT_EQ(written, outcome[i] == 1 ? 1u : 0u)
        << "case-" << i << " was told " << (outcome[i] == 1 ? "done" : "failed");
    if (i % 4 == 1) {
      EXPECT_EQ(outcome[i], 0);
    }
  }
}

// A file of an Okno before MFC offices: its case index gains the office column, its cases
// belong to none, and new ones are listed by their office.
TEST_F(SqliteEventStoreTest, AnOlderFilesCasesBelongToNoOffice) {
  OpenStore().reset();  // an Okno data file, then put back as an older Okno left it
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "DROP INDEX case_index_office;"
                           "ALTER TABLE case_index DROP COLUMN office;"
                           "INSERT INTO case_index VALUES ('old-case', 3, 'open', 'generalist', "
                           "'', 'routine', 1, 1, '9999-12-31');",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  AppendRequest request = Request("new-case", 0, {"opened"});
  CaseSummary summary;
  summary.id = "new-case";
  summary.status = "open";
  summary.queue = "generalist";
  summary.office = "north";
  request.summary = summary;
  ASSERT_TRUE(store->Append(request).ok());

  CaseQuery none;
  none.office = "";
  Result<CasePage> old = store->ListCases(none);
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  ASSERT_EQ(old->cases.size(), 1u);
  EXPECT_EQ(old->cases[0].id, "old-case");
  CaseQuery north;
  north.office = "north";
  Result<CasePage> fresh = store->ListCases(north);
  ASSERT_TRUE(fresh.ok());
  ASSERT_EQ(fresh->cases.size(), 1u);
  EXPECT_EQ(fresh->cases[0].office, "north");
  EXPECT_EQ(store->ListCases(CaseQuery{})->cases.size(), 2u);  // no office asked: every case
}

TEST_F(SqliteEventStoreTest, TheFileIsInWalModeAndSyncsEveryCommit) {
  auto store = OpenStore();
  EXPECT_EQ(*store->Pragma("journal_mode"), "wal");
  EXPECT_EQ(*store->Pragma("synchronous"), "2");  // FULL
}

// No caller hears back before the transaction holding its events committed, and what it
// heard is there for any other reader at once.
TEST_F(SqliteEventStoreTest, AnAppendIsAnsweredOnlyAfterItsCommit) {
  std::atomic<int> committed = 0;
  SqliteOptions options;
  options.on_commit = [&](int appends) { committed += appends; };
  auto store = OpenStore(options);
  std::atomic<int> answered = 0;
  std::atomic<bool> out_of_order = false;
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 50; ++i) {
        std::string stream = "case-" + std::to_string(w);
        Result<AppendOutcome> outcome = store->Append(Request(stream, i, {"note"}));
        ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
        if (++answered > committed) out_of_order = true;
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_FALSE(out_of_order);
  EXPECT_EQ(committed, 200);

  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path_.c_str(), &other, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* count = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(other, "SELECT count(*) FROM events", -1, &count, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(count), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(count, 0), 200);
  sqlite3_finalize(count);
  sqlite3_close(other);
}

TEST_F(SqliteEventStoreTest, ReopeningKeepsEverything) {
  {
    auto store = OpenStore();
    ASSERT_TRUE(store->Append(Request("case-1", 0, {"opened", "note"})).ok());
  }
  auto store = OpenStore();
  EXPECT_EQ(*store->Version("case-1"), 2);
  EXPECT_EQ(store->Read("case-1")->size(), 2u);
  ASSERT_TRUE(store->Append(Request("case-1", 2, {"closed"})).ok());
}

TEST_F(SqliteEventStoreTest, AFileOfAnotherProgramIsNotOpened) {
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "CREATE TABLE photos (id INTEGER)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(other);
  Result<std::unique_ptr<SqliteEventStore>> store = SqliteEventStore::Open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(store.status().message(), ::testing::HasSubstr("is not an Okno data file"));
}

// A writer killed with SIGKILL mid-stream: every append it had been answered for is there.
TEST_F(SqliteEventStoreTest, NothingAcknowledgedIsLostAcrossKill9) {
  int pipe_ends[2];
  ASSERT_EQ(::pipe(pipe_ends), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipe_ends[0]);
    Result<std::unique_ptr<SqliteEventStore>> store = SqliteEventStore::Open(path_);
    if (!store.ok()) ::_exit(3);
    for (int64_t version = 0;; ++version) {
      if (!(*store)->Append(Request("case-1", version, {"note"})).ok()) ::_exit(4);
      int64_t acknowledged = version + 1;
      if (::write(pipe_ends[1], &acknowledged, sizeof acknowledged) != sizeof acknowledged) {
        ::_exit(5);
      }
    }
  }
  ::close(pipe_ends[1]);
  int64_t last = 0;
  int64_t value = 0;
  while (last < 200 && ::read(pipe_ends[0], &value, sizeof value) == sizeof value) last = value;
  ::kill(child, SIGKILL);
  // Acknowledgements written before the kill still count.
  while (::read(pipe_ends[0], &value, sizeof value) == sizeof value) last = value;
  ::close(pipe_ends[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped by itself: " << status;
  ASSERT_GE(last, 200);

  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  Result<int64_t> version = store->Version("case-1");
  ASSERT_TRUE(version.ok());
  EXPECT_GE(*version, last);
  EXPECT_EQ(store->Read("case-1")->size(), static_cast<size_t>(*version));
}

}  // namespace
}  // namespace okno::store
