#pragma once

// The audit log (DESIGN.md §3.5, §7): who did what to which case or user, when, why and from
// which address — every write, every read of personal data, every login and logout, every
// refused access. The records and their keyed chain are the store's (store/audit_chain.h): a
// change and its record share one transaction there. This is the log as a whole: appending what
// is not a store write (a read, a login, a refusal), reading it back, and verifying the chain
// with the key, which `okno audit verify` does.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/audit_chain.h"

namespace okno::audit {

using store::AuditEntry;
using store::AuditKey;
using store::AuditRecord;

class AuditLog {
 public:
  // The log in the data file at `path`, its records authenticated with `key`.
  static Result<std::unique_ptr<AuditLog>> Open(const std::string& path, const AuditKey& key);
  ~AuditLog();

  // Appends a record after the last one, in a transaction of its own. Safe from many threads.
  Status Append(const AuditEntry& entry);

  // The records in sequence order.
  Result<std::vector<AuditRecord>> Records();

  // Every break in the chain, each naming its record: one edited or written without the key
  // (its code does not match its content), one missing (a gap in the sequence), one out of
  // place (it does not follow the record before it: reordered or inserted), an unkeyed record
  // after keyed ones, and a log none of whose records the key made. Empty when the chain is
  // whole.
  Result<std::vector<std::string>> Verify();

  class Impl;

 private:
  explicit AuditLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace okno::audit
