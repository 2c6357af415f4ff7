#pragma once

// The case store (DESIGN.md §3.5): per case an append-only, numbered stream of events, from
// which every view of the case is a projection. One interface for every backend: SQLite
// embedded (sqlite_event_store.h) and, for several servers, PostgreSQL.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/audit_chain.h"
#include "store/case_index.h"

namespace okno::store {

// An event to append. `data` is the event's JSON text; `actor` names who acted (a user id,
// never personal data); `catalog_version` is the catalog the event was made with.
struct NewEvent {
  std::string type;
  std::string data;
  std::string actor;
  std::string catalog_version;
};

// An event as stored: numbered 1, 2, ... within its stream, with the time it was recorded.
struct StoredEvent {
  std::string stream;
  int64_t number = 0;
  std::string type;
  std::string data;
  std::string actor;
  std::string catalog_version;
  int64_t recorded_at_ms = 0;  // Unix time in milliseconds, UTC
};

// Events for one stream, written only if the stream is at `expected_version` (0: a stream
// that does not exist yet). With an idempotency key, a retry of the same request (the same key
// of the same actor, the same fingerprint) gets the first outcome and writes nothing again.
// Keys are the actor's own (the actor of the events): another actor's identical key is another key,
// so nobody can replay or probe somebody else's request.
struct AppendRequest {
  std::string stream;
  int64_t expected_version = 0;
  std::vector<NewEvent> events;
  std::string idempotency_key;  // empty: none
  // Of the request the key belongs to: its command, its target and its body, so that a key
  // reused for another command or another case is refused rather than replayed.
  std::string fingerprint;
  // The case as lists and searches will know it after these events, written in the same
  // transaction (its version and updated_at_ms are the store's to fill in).
  std::optional<CaseSummary> summary;
  // The audit records of the change, written in the same transaction: a change is never
  // committed without them, nor they without it. Not written on a replay (nothing changed).
  std::vector<AuditEntry> audit;
};

struct AppendOutcome {
  int64_t version = 0;    // the stream's version after the append: its last event's number
  bool replayed = false;  // the key was seen before: nothing was written this time
  std::string stream;     // the stream appended to (on a replay, the first request's)
};

// Safe to use from many threads at once.
class EventStore {
 public:
  virtual ~EventStore() = default;

  // Appends atomically and returns only once the events are durable. Errors: Conflict when
  // the stream is not at expected_version (nothing written); FailedPrecondition when the
  // actor's idempotency key was used with another fingerprint (the key is not repeated in the
  // message); InvalidArgument for an empty stream
  // name or no events; Unavailable when the storage fails.
  virtual Result<AppendOutcome> Append(AppendRequest request) = 0;

  // The events of `stream` numbered after `after`, in order; empty for an unknown stream.
  virtual Result<std::vector<StoredEvent>> Read(const std::string& stream, int64_t after = 0) = 0;

  // The number of the stream's last event; 0 for an unknown stream.
  virtual Result<int64_t> Version(const std::string& stream) = 0;

  // A page of the cases `query` selects, with the cursor of the next page.
  virtual Result<CasePage> ListCases(const CaseQuery& query) = 0;

  // The number of cases with `status` (open, closed; empty: every case).
  virtual Result<int64_t> CountCases(const std::string& status) = 0;

  // Writes `summary` outside an append: for cases recorded before the index had them.
  virtual Status WriteSummary(const CaseSummary& summary) = 0;

  // The streams that have events but no summary (or an older one than their last event).
  virtual Result<std::vector<std::string>> StreamsWithoutSummary() = 0;

  // Calls `visit` with every stream's events, one stream at a time, in stream order: what
  // the KPIs are computed from. Stops at the first error `visit` returns.
  virtual Status ForEachStream(
      const std::function<Status(const std::vector<StoredEvent>&)>& visit) = 0;
};

}  // namespace okno::store
