#include "audit/audit_log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

namespace okno::audit {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("okno_audit_" + std::to_string(::getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    path_ = (directory_ / "okno.db").string();
    key_.bytes.fill(7);
    log_ = std::move(AuditLog::Open(path_, key_)).value();
    for (const char* action : {"case.open", "case.read", "case.facts", "task.decide"}) {
      ASSERT_TRUE(log_->Append({"operator", action, "case-1", "", "10.1.2.3"}).ok());
    }
  }
  void TearDown() override {
    log_.reset();
    fs::remove_all(directory_);
  }

  // Tampering as someone with the file would, behind Okno's back.
  void Tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    sqlite3_close(db);
  }

  std::vector<std::string> Problems() { return log_->Verify().value(); }

  fs::path directory_;
  std::string path_;
  AuditKey key_;
  std::unique_ptr<AuditLog> log_;
};

TEST_F(AuditLogTest, AnUntouchedChainVerifies) {
  EXPECT_THAT(Problems(), ElementsAre());
  std::vector<AuditRecord> records = log_->Records().value();
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].previous_code, std::string(64, '0'));
  EXPECT_EQ(records[1].previous_code, records[0].code);
  EXPECT_EQ(records[3].entry.action, "task.decide");
  EXPECT_EQ(records[3].entry.client, "10.1.2.3");
  EXPECT_EQ(records[3].scheme, "hmac-sha256");
}

TEST_F(AuditLogTest, AnEditedRecordIsNamed) {
  Tamper("UPDATE audit SET actor = 'someone-else' WHERE sequence = 2");
  EXPECT_THAT(Problems(), ElementsAre("record 2 was edited or forged: its code does not match its "
                                      "content and this key"));
}

TEST_F(AuditLogTest, ADeletedRecordIsNamed) {
  Tamper("DELETE FROM audit WHERE sequence = 3");
  EXPECT_THAT(Problems(), ElementsAre("record 3 is missing (deleted)"));
}

TEST_F(AuditLogTest, AReorderedRecordIsNamed) {
  // Records 2 and 3 change places (their numbers swapped).
  Tamper(
      "UPDATE audit SET sequence = 100 WHERE sequence = 2; "
      "UPDATE audit SET sequence = 2 WHERE sequence = 3; "
      "UPDATE audit SET sequence = 3 WHERE sequence = 100");
  std::vector<std::string> problems = Problems();
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0],
            "record 2 is out of place: it does not follow record 1 (reordered or inserted)");
}

// The review's finding 6: with the file alone, a short script deleted ten records, changed an
// actor and re-chained the rest with the public hash recipe, and verify said "intact". Without
// the key, a re-chained log is seen: rewritten as plain hashes, or keyed with another key.
TEST_F(AuditLogTest, ALogReChainedWithoutTheKeyIsSeen) {
  std::vector<AuditRecord> records = log_->Records().value();
  auto rechain = [&](const std::string& scheme, const AuditKey& key) {
    Tamper("DELETE FROM audit");
    std::string previous(64, '0');
    int64_t sequence = 0;
    for (AuditRecord record : records) {
      if (record.entry.action == "case.read") continue;  // the record to hide
      record.sequence = ++sequence;
      record.entry.actor = "manager";
      record.scheme = scheme;
      record.previous_code = previous;
      record.code = store::AuditCode(record, key);
      previous = record.code;
      Tamper(
          "INSERT INTO audit (sequence, at_ms, actor, action, target, reason, client, scheme, "
          "previous_hash, hash) VALUES (" +
          std::to_string(record.sequence) + ", " + std::to_string(record.at_ms) + ", '" +
          record.entry.actor + "', '" + record.entry.action + "', '" + record.entry.target +
          "', '', '" + record.entry.client + "', '" + scheme + "', '" + record.previous_code +
          "', '" + record.code + "')");
    }
  };
  rechain("sha256", key_);
  EXPECT_THAT(Problems(), ElementsAre("no record is authenticated with the key: the log was "
                                      "rewritten, or Okno never wrote to it with this key"));
  AuditKey guessed;
  guessed.bytes.fill(8);
  rechain("hmac-sha256", guessed);
  std::vector<std::string> problems = Problems();
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0],
            "record 1 was edited or forged: its code does not match its content and this key");
  // With the right key the same rewrite would pass: the key is what the forger lacks.
  rechain("hmac-sha256", key_);
  EXPECT_THAT(Problems(), ElementsAre());
}

// A record of an Okno before keys may come first; never after a keyed one.
TEST_F(AuditLogTest, AnUnkeyedRecordAfterKeyedOnesIsNamed) {
  std::vector<AuditRecord> records = log_->Records().value();
  AuditRecord plain = records.back();
  plain.sequence = 5;
  plain.scheme = "sha256";
  plain.previous_code = records.back().code;
  plain.code = store::AuditCode(plain, key_);
  Tamper(
      "INSERT INTO audit (sequence, at_ms, actor, action, target, reason, client, scheme, "
      "previous_hash, hash) VALUES (5, " +
      std::to_string(plain.at_ms) + ", 'operator', 'task.decide', 'case-1', '', '10.1.2.3', " +
      "'sha256', '" + plain.previous_code + "', '" + plain.code + "')");
  EXPECT_THAT(Problems(),
              ElementsAre("record 5 is not authenticated with the key, after records that are "
                          "(written or rewritten without the key)"));
}

}  // namespace
}  // namespace okno::audit
