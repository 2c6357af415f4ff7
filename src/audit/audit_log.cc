#include "audit/audit_log.h"

#include <mutex>

#include "store/sqlite.h"

namespace okno::audit {
namespace {

using store::sqlite::Execute;

const std::string kGenesis(64, '0');

}  // namespace

class AuditLog::Impl {
 public:
  explicit Impl(const AuditKey& key) : key_(key) {}
  ~Impl() { sqlite3_close(db_); }

  Status Open(const std::string& path) {
    db_ = OKNO_TRY(store::sqlite::OpenOknoStore(path, ""));
    return store::sqlite::PrepareAuditTable(db_);
  }

  Status Append(const AuditEntry& entry) {
    std::lock_guard lock(mutex_);
    OKNO_TRY(Execute(db_, "BEGIN IMMEDIATE"));
    Status appended = store::sqlite::AppendAudit(db_, key_, {entry});
    if (!appended.ok()) {
      (void)Execute(db_, "ROLLBACK");
      return appended;
    }
    return Execute(db_, "COMMIT");
  }

  Result<std::vector<AuditRecord>> Records() {
    std::lock_guard lock(mutex_);
    return store::sqlite::ReadAudit(db_);
  }

  const AuditKey& key() const { return key_; }

 private:
  const AuditKey key_;
  sqlite3* db_ = nullptr;
  std::mutex mutex_;
};

Result<std::unique_ptr<AuditLog>> AuditLog::Open(const std::string& path, const AuditKey& key) {
  auto impl = std::make_unique<Impl>(key);
  OKNO_TRY(impl->Open(path));
  return std::unique_ptr<AuditLog>(new AuditLog(std::move(impl)));
}

AuditLog::AuditLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AuditLog::~AuditLog() = default;

Status AuditLog::Append(const AuditEntry& entry) { return impl_->Append(entry); }

Result<std::vector<AuditRecord>> AuditLog::Records() { return impl_->Records(); }

Result<std::vector<std::string>> AuditLog::Verify() {
  std::vector<AuditRecord> records = OKNO_TRY(Records());
  std::vector<std::string> problems;
  int64_t expected = 1;
  std::string previous_code = kGenesis;
  bool keyed_seen = false;
  for (const AuditRecord& record : records) {
    std::string where = "record " + std::to_string(record.sequence);
    bool keyed = record.scheme == "hmac-sha256";
    if (record.sequence > expected) {
      problems.push_back(expected + 1 == record.sequence
                             ? "record " + std::to_string(expected) + " is missing (deleted)"
                             : "records " + std::to_string(expected) + "–" +
                                   std::to_string(record.sequence - 1) + " are missing (deleted)");
    } else if (!keyed && keyed_seen) {
      problems.push_back(where +
                         " is not authenticated with the key, after records that are "
                         "(written or rewritten without the key)");
    } else if (AuditCode(record, impl_->key()) != record.code) {
      problems.push_back(where + (keyed ? " was edited or forged: its code does not match its "
                                          "content and this key"
                                        : " was edited: its content does not match its hash"));
    } else if (record.previous_code != previous_code) {
      problems.push_back(where + " is out of place: it does not follow record " +
                         std::to_string(record.sequence - 1) + " (reordered or inserted)");
    }
    keyed_seen |= keyed;
    expected = record.sequence + 1;
    previous_code = record.code;
  }
  if (!records.empty() && !keyed_seen) {
    problems.push_back(
        "no record is authenticated with the key: the log was rewritten, or Okno "
        "never wrote to it with this key");
  }
  return problems;
}

}  // namespace okno::audit
