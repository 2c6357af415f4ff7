#include "store/audit_chain.h"

#include <sodium.h>

#include "store/sqlite.h"

namespace okno::store {
namespace {

const std::string kGenesis(64, '0');
constexpr const char* kKeyed = "hmac-sha256";

// Each field with its length first, so that no two records read alike by moving text between
// fields.
std::string Content(const AuditRecord& record) {
  std::string content;
  std::vector<std::string> fields = {std::to_string(record.at_ms), record.entry.actor,
                                     record.entry.action,          record.entry.target,
                                     record.entry.reason,          record.previous_code};
  // The client joined the record with the keys: an older record's content stays as it was.
  if (record.scheme == kKeyed) fields.push_back(record.entry.client);
  for (const std::string& field : fields) {
    content += std::to_string(field.size()) + ":" + field + ";";
  }
  return content;
}

std::string Hex(const unsigned char* bytes, size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

}  // namespace

std::string AuditCode(const AuditRecord& record, const AuditKey& key) {
  std::string content = Content(record);
  const auto* data = reinterpret_cast<const unsigned char*>(content.data());
  if (record.scheme == kKeyed) {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, key.bytes.data(), key.bytes.size());
    crypto_auth_hmacsha256_update(&state, data, content.size());
    crypto_auth_hmacsha256_final(&state, mac);
    return Hex(mac, sizeof mac);
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, data, content.size());
  return Hex(digest, sizeof digest);
}

namespace sqlite {

Status PrepareAuditTable(sqlite3* db) {
  if (sodium_init() < 0) return InternalError("libsodium could not start");
  OKNO_TRY(Execute(db, R"sql(
CREATE TABLE IF NOT EXISTS audit (
  sequence INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  reason TEXT NOT NULL,
  previous_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);)sql"));
  // Columns an older Okno's table lacks; its records keep their plain hashes.
  OKNO_TRY(AddColumnIfMissing(db, "audit", "client", "TEXT NOT NULL DEFAULT ''"));
  return AddColumnIfMissing(db, "audit", "scheme", "TEXT NOT NULL DEFAULT 'sha256'");
}

Status AppendAudit(sqlite3* db, const AuditKey& key, const std::vector<AuditEntry>& entries) {
  if (entries.empty()) return Status::Ok();
  Statement last;
  OKNO_TRY(last.Prepare(db, "SELECT sequence, hash FROM audit ORDER BY sequence DESC LIMIT 1"));
  AuditRecord record;
  record.previous_code = kGenesis;
  int step = last.Bind().Step();
  if (step == SQLITE_ROW) {
    record.sequence = last.Int(0);
    record.previous_code = last.Text(1);
  } else if (step != SQLITE_DONE) {
    return SqliteError(db, "reading the audit log's last record");
  }
  last.Reset();
  Statement insert;
  OKNO_TRY(insert.Prepare(db,
                          "INSERT INTO audit (sequence, at_ms, actor, action, target, reason, "
                          "client, scheme, previous_hash, hash) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  for (const AuditEntry& entry : entries) {
    ++record.sequence;
    record.at_ms = NowMs();
    record.entry = entry;
    record.scheme = kKeyed;
    record.code = AuditCode(record, key);
    if (insert
            .Bind(record.sequence, record.at_ms, entry.actor, entry.action, entry.target,
                  entry.reason, entry.client, record.scheme, record.previous_code, record.code)
            .Step() != SQLITE_DONE) {
      return SqliteError(db, "appending to the audit log");
    }
    record.previous_code = record.code;
  }
  return Status::Ok();
}

Result<std::vector<AuditRecord>> ReadAudit(sqlite3* db) {
  Statement select;
  OKNO_TRY(select.Prepare(db,
                          "SELECT sequence, at_ms, actor, action, target, reason, client, "
                          "scheme, previous_hash, hash FROM audit ORDER BY sequence"));
  std::vector<AuditRecord> records;
  select.Bind();
  int step;
  while ((step = select.Step()) == SQLITE_ROW) {
    AuditRecord record;
    record.sequence = select.Int(0);
    record.at_ms = select.Int(1);
    record.entry = {select.Text(2), select.Text(3), select.Text(4), select.Text(5), select.Text(6)};
    record.scheme = select.Text(7);
    record.previous_code = select.Text(8);
    record.code = select.Text(9);
    records.push_back(std::move(record));
  }
  if (step != SQLITE_DONE) return SqliteError(db, "reading the audit log");
  return records;
}

}  // namespace sqlite
}  // namespace okno::store
