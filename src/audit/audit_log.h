#pragma once

// The audit log (DESIGN.md §3.5, §7): who did what to which case, when and why, for every write
// and every read of personal data. Each record carries the SHA-256 of the one before it and of
// itself, so an edited, deleted or reordered record breaks the chain where it happened, and
// `okno audit verify` names it. Kept in the data directory's SQLite file.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace okno::audit {

struct AuditRecord {
  int64_t sequence = 0;  // 1, 2, ...
  int64_t at_ms = 0;     // Unix time, milliseconds
  std::string actor;     // a login
  std::string action;    // case.open, case.read, task.decide, ...
  std::string target;    // what it was done to: a case id
  std::string reason;    // why, when the action needs one
  std::string previous_hash;
  std::string hash;
};

// The hash of `record`'s content and its previous_hash (hex SHA-256), not of its sequence.
std::string RecordHash(const AuditRecord& record);

class AuditLog {
 public:
  static Result<std::unique_ptr<AuditLog>> Open(const std::string& path);
  ~AuditLog();

  // Appends a record after the last one. Safe from many threads at once.
  Status Append(const std::string& actor, const std::string& action, const std::string& target,
                const std::string& reason = "");

  // The records in sequence order.
  Result<std::vector<AuditRecord>> Records();

  // Every break in the chain, each naming its record: one edited (its hash does not match its
  // content), one missing (a gap in the sequence), one out of place (it does not follow the
  // record before it: reordered or inserted). Empty when the chain is whole.
  Result<std::vector<std::string>> Verify();

  class Impl;

 private:
  explicit AuditLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace okno::audit
