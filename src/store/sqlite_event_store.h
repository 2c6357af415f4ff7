#pragma once

// The embedded case store: one SQLite file in WAL mode with synchronous=FULL, so an
// acknowledged append survives a crash or a power cut. Appends go through one writer thread
// that commits whatever has queued up in one transaction (group commit): under load many
// appends share one fsync, and each caller returns only after the transaction holding its
// events committed.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "store/event_store.h"

namespace okno::store {

struct SqliteOptions {
  // The key of the audit records appends carry (AppendRequest::audit); an append with records
  // and no key is refused.
  std::optional<AuditKey> audit_key;
  // At most this many appends share one transaction.
  int max_batch = 512;
  // Called on the writer thread right after each transaction committed, with the number of
  // appends it held (tests use it to check that no caller is answered before the commit).
  std::function<void(int appends)> on_commit;
};

class SqliteEventStore final : public EventStore {
 public:
  // Opens (or creates) the store in the file at `path`. Unavailable when the file cannot be
  // opened or set up; DataLoss when it is not an Okno store.
  static Result<std::unique_ptr<SqliteEventStore>> Open(const std::string& path,
                                                        SqliteOptions options = {});
  // Finishes the queued appends, then closes the file.
  ~SqliteEventStore() override;

  Result<AppendOutcome> Append(AppendRequest request) override;
  Result<std::vector<StoredEvent>> Read(const std::string& stream, int64_t after = 0) override;
  Result<int64_t> Version(const std::string& stream) override;
  Result<CasePage> ListCases(const CaseQuery& query) override;
  Result<int64_t> CountCases(const std::string& status) override;
  Status WriteSummary(const CaseSummary& summary) override;
  Result<std::vector<std::string>> StreamsWithoutSummary() override;
  Status ForEachStream(
      const std::function<Status(const std::vector<StoredEvent>&)>& visit) override;

  // The value of `PRAGMA name` on the writing connection ("wal", "2"), for checks.
  Result<std::string> Pragma(const std::string& name);

  class Impl;

 private:
  explicit SqliteEventStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace okno::store
