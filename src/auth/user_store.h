#pragma once

// The people who log in (DESIGN.md §2, §7): users with one role each (an agency worker also
// with an agency), passwords kept only as argon2id hashes (libsodium), and sessions as random
// tokens that expire, kept only as their SHA-256. Stored in the data directory's SQLite file
// beside the cases.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/audit_chain.h"

namespace okno::auth {

// operator, case_manager, agency_worker, citizen, methodologist, analyst, admin.
const std::vector<std::string>& Roles();

struct User {
  std::string login;
  std::string role;
  std::string agency;  // for an agency worker: the agency whose tasks they see
  std::string name;    // as shown in the interface
  bool disabled = false;
  // For the front office (operator, case manager): the MFC office they work at, whose cases
  // alone they see; empty in a deployment of one office.
  std::string office{};
};

struct Session {
  std::string token;  // given to the client once; only its hash is stored
  User user;
  int64_t expires_at_ms = 0;
};

class UserStore {
 public:
  // Opens (or creates) the users' tables in the SQLite file at `path`. Unavailable when it
  // cannot.
  // With `audit_key`, a change given an audit entry is written with its record in one
  // transaction.
  static Result<std::unique_ptr<UserStore>> Open(
      const std::string& path, std::optional<store::AuditKey> audit_key = std::nullopt);
  ~UserStore();

  // Each change may carry its audit record (`audit`), written in the same transaction.
  // AlreadyExists for a login taken; InvalidArgument for an unknown role, an agency worker
  // without an agency, an office as SetOffice refuses, a login that is not 3–64 letters, digits,
  // '.', '_' or '-', or a password shorter than 10 characters or with fewer than 5 different ones.
  Result<User> Add(const User& user, const std::string& password,
                   const std::optional<store::AuditEntry>& audit = std::nullopt);
  // A new role (and agency, for an agency worker); the user's sessions end, so the old rights
  // do not linger. NotFound for an unknown login; InvalidArgument as Add.
  Status SetRole(const std::string& login, const std::string& role, const std::string& agency,
                 const std::optional<store::AuditEntry>& audit = std::nullopt);
  // The MFC office of a user (empty: none); the user's sessions end. NotFound for an unknown
  // login; InvalidArgument for an office id that is not 1–64 letters, digits, '.', '_' or '-'.
  Status SetOffice(const std::string& login, const std::string& office,
                   const std::optional<store::AuditEntry>& audit = std::nullopt);
  // NotFound for an unknown login. A disabled user's sessions end at once.
  Status Disable(const std::string& login,
                 const std::optional<store::AuditEntry>& audit = std::nullopt);
  Status ResetPassword(const std::string& login, const std::string& password,
                       const std::optional<store::AuditEntry>& audit = std::nullopt);
  Result<User> Find(const std::string& login);
  Result<std::vector<User>> List();

  // Unauthenticated, with the same message for an unknown login, a wrong password and a
  // disabled user (nothing to learn from the difference).
  Result<Session> LogIn(const std::string& login, const std::string& password,
                        std::chrono::seconds lifetime = std::chrono::hours(12));
  // The user of a live session; Unauthenticated for an unknown token, or a session past its
  // lifetime or unused for 30 minutes (both end it). Logging in purges every ended session.
  Result<User> Authenticate(const std::string& token);
  Status LogOut(const std::string& token);
  // Ends the user's sessions other than `token`'s; how many.
  Result<int> LogOutOthers(const std::string& token);
  // Sessions kept, live or not yet purged.
  Result<int64_t> CountSessions();
  // Tests: as if the session had last been used `ago_ms` ago.
  Status AgeSessionForTest(const std::string& token, int64_t ago_ms);

  class Impl;

 private:
  explicit UserStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace okno::auth
