#pragma once

// Okno's secrets, in a key folder of their own outside the data folder (--keys DIR or
// OKNO_KEYS): whoever can read or write the data folder — a backup, a copied disk, an
// administrator of the database — does not thereby hold the keys. The folder is its owner's
// alone (0700), each key file too (0600), one key of 32 random bytes in hex per file.

#include <string>

#include "common/status.h"
#include "store/audit_chain.h"

namespace okno::auth {

struct Keys {
  store::AuditKey audit;      // audit.key: authenticates the audit log's records
  std::string metrics_token;  // metrics.token: the Bearer token GET /metrics asks for (hex)
};

// The keys in `folder`; with `create`, the folder and any key missing from it are made (the
// first start of a server). NotFound for a missing key without `create`; InvalidArgument, naming
// the file, for a key file that does not hold one; Unavailable when the folder cannot be used.
Result<Keys> LoadKeys(const std::string& folder, bool create);

// The demo's keys, derived from a fixed and published seed: insecure by design, as the demo's
// passwords are, so that every demo server (and `okno audit verify` of its data) reads the same.
Keys DemoKeys();

// $OKNO_KEYS, or "keys" (beside the default data folder, not in it).
std::string DefaultKeysFolder();

}  // namespace okno::auth
