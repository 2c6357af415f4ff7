#include "audit/audit_log.h"

#include <sodium.h>

#include <mutex>

#include "store/sqlite.h"

namespace okno::audit {
namespace {

using store::sqlite::Execute;
using store::sqlite::SqliteError;
using store::sqlite::Statement;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS audit (
  sequence INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  reason TEXT NOT NULL,
  previous_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
)sql";

// The hash before the first record.
const std::string kGenesis(64, '0');

}  // namespace

std::string RecordHash(const AuditRecord& record) {
  // Each field with its length first, so that no two records hash alike by moving text
  // between fields. The sequence number is left out: a record moved to another place keeps a
  // hash that matches its content, and the chain says where it broke.
  std::string content;
  for (const std::string& field : {std::to_string(record.at_ms), record.actor, record.action,
                                   record.target, record.reason, record.previous_hash}) {
    content += std::to_string(field.size()) + ":" + field + ";";
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(content.data()),
                     content.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

class AuditLog::Impl {
 public:
  ~Impl() { sqlite3_close(db_); }

  Status Open(const std::string& path) {
    if (sodium_init() < 0) return InternalError("libsodium could not start");
    db_ = OKNO_TRY(store::sqlite::OpenOknoStore(path, kSchema));
    return Status::Ok();
  }

  Status Append(const std::string& actor, const std::string& action, const std::string& target,
                const std::string& reason) {
    std::lock_guard lock(mutex_);
    OKNO_TRY(Execute(db_, "BEGIN IMMEDIATE"));
    Status appended = AppendLocked(actor, action, target, reason);
    if (!appended.ok()) {
      (void)Execute(db_, "ROLLBACK");
      return appended;
    }
    return Execute(db_, "COMMIT");
  }

  Result<std::vector<AuditRecord>> Records() {
    std::lock_guard lock(mutex_);
    Statement select;
    OKNO_TRY(select.Prepare(db_,
                            "SELECT sequence, at_ms, actor, action, target, reason, "
                            "previous_hash, hash FROM audit ORDER BY sequence"));
    std::vector<AuditRecord> records;
    select.Bind();
    int step;
    while ((step = select.Step()) == SQLITE_ROW) {
      records.push_back({select.Int(0), select.Int(1), select.Text(2), select.Text(3),
                         select.Text(4), select.Text(5), select.Text(6), select.Text(7)});
    }
    if (step != SQLITE_DONE) return SqliteError(db_, "reading the audit log");
    return records;
  }

 private:
  Status AppendLocked(const std::string& actor, const std::string& action,
                      const std::string& target, const std::string& reason) {
    Statement last;
    OKNO_TRY(last.Prepare(db_, "SELECT sequence, hash FROM audit ORDER BY sequence DESC LIMIT 1"));
    AuditRecord record;
    record.previous_hash = kGenesis;
    if (last.Bind().Step() == SQLITE_ROW) {
      record.sequence = last.Int(0);
      record.previous_hash = last.Text(1);
    }
    last.Reset();
    ++record.sequence;
    record.at_ms = store::sqlite::NowMs();
    record.actor = actor;
    record.action = action;
    record.target = target;
    record.reason = reason;
    record.hash = RecordHash(record);
    Statement insert;
    OKNO_TRY(insert.Prepare(db_,
                            "INSERT INTO audit (sequence, at_ms, actor, action, target, "
                            "reason, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    if (insert
            .Bind(record.sequence, record.at_ms, record.actor, record.action, record.target,
                  record.reason, record.previous_hash, record.hash)
            .Step() != SQLITE_DONE) {
      return SqliteError(db_, "appending to the audit log");
    }
    return Status::Ok();
  }

  sqlite3* db_ = nullptr;
  std::mutex mutex_;
};

Result<std::unique_ptr<AuditLog>> AuditLog::Open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  OKNO_TRY(impl->Open(path));
  return std::unique_ptr<AuditLog>(new AuditLog(std::move(impl)));
}

AuditLog::AuditLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AuditLog::~AuditLog() = default;

Status AuditLog::Append(const std::string& actor, const std::string& action,
                        const std::string& target, const std::string& reason) {
  return impl_->Append(actor, action, target, reason);
}

Result<std::vector<AuditRecord>> AuditLog::Records() { return impl_->Records(); }

Result<std::vector<std::string>> AuditLog::Verify() {
  std::vector<AuditRecord> records = OKNO_TRY(Records());
  std::vector<std::string> problems;
  int64_t expected = 1;
  std::string previous_hash = kGenesis;
  for (const AuditRecord& record : records) {
    std::string where = "record " + std::to_string(record.sequence);
    if (record.sequence > expected) {
      problems.push_back(expected + 1 == record.sequence
                             ? "record " + std::to_string(expected) + " is missing (deleted)"
                             : "records " + std::to_string(expected) + "–" +
                                   std::to_string(record.sequence - 1) + " are missing (deleted)");
    } else if (RecordHash(record) != record.hash) {
      problems.push_back(where + " was edited: its content does not match its hash");
    } else if (record.previous_hash != previous_hash) {
      problems.push_back(where + " is out of place: it does not follow record " +
                         std::to_string(record.sequence - 1) + " (reordered or inserted)");
    }
    expected = record.sequence + 1;
    previous_hash = record.hash;
  }
  return problems;
}

}  // namespace okno::audit
