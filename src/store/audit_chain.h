#pragma once

// The audit log's records and their chain, kept in the data file beside the cases (DESIGN.md
// §3.5, §7). Each record is authenticated with a secret key kept outside the data folder
// (HMAC-SHA-256 over its content and the previous record's code), so whoever can write the file
// but does not hold the key cannot delete, edit or re-chain records without `okno audit verify`
// seeing it. Written here, in the store, because a change and its audit record share one
// transaction: SqliteEventStore and UserStore append inside theirs, AuditLog in its own.

#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace okno::store {

// The key that authenticates audit records: 32 secret bytes.
struct AuditKey {
  std::array<unsigned char, 32> bytes{};
};

// What is recorded: who, what, to which case or user, why, and from which client address.
struct AuditEntry {
  std::string actor;   // a login, or "" for nobody logged in
  std::string action;  // case.open, case.read, session.login_failed, access.denied, ...
  std::string target;  // a case id, a login, a route
  std::string reason;
  std::string client;  // the client's address ("" outside a request)
};

struct AuditRecord {
  int64_t sequence = 0;  // 1, 2, ...
  int64_t at_ms = 0;     // Unix time, milliseconds
  AuditEntry entry;
  // How `code` was made: hmac-sha256 with the key, or sha256 (records of an Okno before keys,
  // which may only come before the first keyed one).
  std::string scheme;
  std::string previous_code;  // the code of the record before, or 64 zeros
  std::string code;           // hex
};

// The code of `record` (its scheme's), over its content and previous_code, not its sequence.
std::string AuditCode(const AuditRecord& record, const AuditKey& key);

namespace sqlite {

// The audit table, made or brought up to date (older files: no client, no scheme).
Status PrepareAuditTable(sqlite3* db);

// Appends `entries`, in order, after the last record, inside the transaction open on `db`.
Status AppendAudit(sqlite3* db, const AuditKey& key, const std::vector<AuditEntry>& entries);

// Every record, in sequence order.
Result<std::vector<AuditRecord>> ReadAudit(sqlite3* db);

}  // namespace sqlite
}  // namespace okno::store
