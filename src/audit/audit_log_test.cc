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
    log_ = std::move(AuditLog::Open(path_)).value();
    for (const char* action : {"case.open", "case.read", "case.facts", "task.decide"}) {
      ASSERT_TRUE(log_->Append("operator", action, "case-1", "").ok());
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
  std::unique_ptr<AuditLog> log_;
};

TEST_F(AuditLogTest, AnUntouchedChainVerifies) {
  EXPECT_THAT(Problems(), ElementsAre());
  std::vector<AuditRecord> records = log_->Records().value();
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].previous_hash, std::string(64, '0'));
  EXPECT_EQ(records[1].previous_hash, records[0].hash);
  EXPECT_EQ(records[3].action, "task.decide");
}

TEST_F(AuditLogTest, AnEditedRecordIsNamed) {
  Tamper("UPDATE audit SET actor = 'someone-else' WHERE sequence = 2");
  EXPECT_THAT(Problems(), ElementsAre("record 2 was edited: its content does not match its hash"));
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

}  // namespace
}  // namespace okno::audit
