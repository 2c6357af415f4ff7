#include "auth/user_store.h"

#include <sodium.h>

#include <algorithm>
#include <functional>
#include <mutex>
#include <set>

#include "store/sqlite.h"

namespace okno::auth {
namespace {

using store::sqlite::Execute;
using store::sqlite::NowMs;
using store::sqlite::SqliteError;
using store::sqlite::Statement;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS users (
  login TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  agency TEXT NOT NULL,
  name TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  office TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  login TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_by_login ON sessions (login);
)sql";

// How long a session may go unused before it ends, and how often its last use is written down
// (not at every request: that would be a disk write each).
constexpr int64_t kIdleMs = 30 * 60 * 1000;
constexpr int64_t kSeenEveryMs = 60 * 1000;

std::string Hex(const unsigned char* bytes, size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

std::string TokenHash(const std::string& token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return Hex(digest, sizeof digest);
}

Result<std::string> HashPassword(const std::string& password) {
  char hash[crypto_pwhash_STRBYTES];
  // argon2id with libsodium's interactive limits: ~64 MiB and a fraction of a second.
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return ResourceExhaustedError("not enough memory to hash a password");
  }
  return std::string(hash);
}

Status CheckPassword(const std::string& password) {
  if (password.size() < 10) {
    return InvalidArgumentError("password: at least 10 characters (пароль: не короче 10 символов)");
  }
  // "aaaaaaaaaa" and "1212121212" are ten characters, and guessed first.
  std::set<char> distinct(password.begin(), password.end());
  if (distinct.size() < 5) {
    return InvalidArgumentError(
        "password: at least 5 different characters (пароль: не меньше 5 разных символов)");
  }
  return Status::Ok();
}

}  // namespace

const std::vector<std::string>& Roles() {
  static const std::vector<std::string> roles = {
      "operator", "case_manager", "agency_worker", "citizen", "methodologist", "analyst", "admin"};
  return roles;
}

class UserStore::Impl {
 public:
  explicit Impl(std::optional<store::AuditKey> key) : key_(key) {}
  ~Impl() { sqlite3_close(db_); }

  Status Open(const std::string& path) {
    if (sodium_init() < 0) return InternalError("libsodium could not start");
    db_ = OKNO_TRY(store::sqlite::OpenOknoStore(path, kSchema));
    OKNO_TRY(store::sqlite::PrepareAuditTable(db_));
    // A session's last use: an older file's sessions lack it (they end at their next check).
    OKNO_TRY(store::sqlite::AddColumnIfMissing(db_, "sessions", "last_seen_ms",
                                               "INTEGER NOT NULL DEFAULT 0"));
    // A user's MFC office: an older file's users have none (a deployment of one office).
    return store::sqlite::AddColumnIfMissing(db_, "users", "office", "TEXT NOT NULL DEFAULT ''");
  }

  // `change` in one transaction with its audit record, if any: neither without the other.
  Status Audited(const std::optional<store::AuditEntry>& audit,
                 const std::function<Status()>& change) {
    if (audit && !key_) return InternalError("the user store has no audit key for the record");
    OKNO_TRY(Execute(db_, "BEGIN IMMEDIATE"));
    Status done = change();
    if (done.ok() && audit) done = store::sqlite::AppendAudit(db_, *key_, {*audit});
    if (done.ok()) done = Execute(db_, "COMMIT");
    if (!done.ok()) (void)Execute(db_, "ROLLBACK");
    return done;
  }

  Result<User> Add(const User& user, const std::string& password,
                   const std::optional<store::AuditEntry>& audit) {
    if (user.login.size() < 3 || user.login.size() > 64 ||
        !std::all_of(user.login.begin(), user.login.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
        })) {
      return InvalidArgumentError("login: 3–64 letters, digits, '.', '_' or '-'");
    }
    OKNO_TRY(CheckRole(user.role, user.agency));
    OKNO_TRY(CheckOffice(user.office));
    OKNO_TRY(CheckPassword(password));
    std::string hash = OKNO_TRY(HashPassword(password));
    std::lock_guard lock(mutex_);
    OKNO_TRY(Audited(audit, [&]() -> Status {
      Statement insert;
      OKNO_TRY(insert.Prepare(db_,
                              "INSERT INTO users (login, password_hash, role, agency, name, "
                              "office) VALUES (?, ?, ?, ?, ?, ?)"));
      int step =
          insert.Bind(user.login, hash, user.role, user.agency, user.name, user.office).Step();
      if (step == SQLITE_CONSTRAINT) {
        return AlreadyExistsError("login '" + user.login + "' is taken");
      }
      if (step != SQLITE_DONE) return SqliteError(db_, "adding user " + user.login);
      return Status::Ok();
    }));
    User added = user;
    added.disabled = false;
    return added;
  }

  Result<User> Find(const std::string& login) {
    std::lock_guard lock(mutex_);
    return FindLocked(login);
  }

  Result<std::vector<User>> List() {
    std::lock_guard lock(mutex_);
    Statement select;
    OKNO_TRY(select.Prepare(db_,
                            "SELECT login, role, agency, name, disabled, office FROM users "
                            "ORDER BY login"));
    std::vector<User> users;
    select.Bind();
    int step;
    while ((step = select.Step()) == SQLITE_ROW) {
      users.push_back({select.Text(0), select.Text(1), select.Text(2), select.Text(3),
                       select.Int(4) != 0, select.Text(5)});
    }
    if (step != SQLITE_DONE) return SqliteError(db_, "listing users");
    return users;
  }

  static Status CheckRole(const std::string& role, const std::string& agency) {
    if (std::find(Roles().begin(), Roles().end(), role) == Roles().end()) {
      return InvalidArgumentError("role: '" + role +
                                  "' is not one of operator, case_manager, "
                                  "agency_worker, citizen, methodologist, analyst, admin");
    }
    if (role == "agency_worker" && agency.empty()) {
      return InvalidArgumentError("agency: an agency worker works for an agency");
    }
    return Status::Ok();
  }

  Status SetRole(const std::string& login, const std::string& role, const std::string& agency,
                 const std::optional<store::AuditEntry>& audit) {
    OKNO_TRY(CheckRole(role, agency));
    std::lock_guard lock(mutex_);
    OKNO_TRY(FindLocked(login));
    return Audited(audit, [&]() -> Status {
      OKNO_TRY(Run("UPDATE users SET role = ?, agency = ? WHERE login = ?", role,
                   role == "agency_worker" ? agency : std::string(), login));
      return Run("DELETE FROM sessions WHERE login = ?", login);  // the old rights end with them
    });
  }

  static Status CheckOffice(const std::string& office) {
    if (office.size() > 64 || !std::all_of(office.begin(), office.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
        })) {
      return InvalidArgumentError("office: up to 64 letters, digits, '.', '_' or '-'");
    }
    return Status::Ok();
  }

  Status SetOffice(const std::string& login, const std::string& office,
                   const std::optional<store::AuditEntry>& audit) {
    OKNO_TRY(CheckOffice(office));
    std::lock_guard lock(mutex_);
    OKNO_TRY(FindLocked(login));
    return Audited(audit, [&]() -> Status {
      OKNO_TRY(Run("UPDATE users SET office = ? WHERE login = ?", office, login));
      return Run("DELETE FROM sessions WHERE login = ?", login);  // the old office's cases too
    });
  }

  Status Disable(const std::string& login, const std::optional<store::AuditEntry>& audit) {
    std::lock_guard lock(mutex_);
    OKNO_TRY(FindLocked(login));
    return Audited(audit, [&]() -> Status {
      OKNO_TRY(Run("UPDATE users SET disabled = 1 WHERE login = ?", login));
      return Run("DELETE FROM sessions WHERE login = ?", login);
    });
  }

  Status ResetPassword(const std::string& login, const std::string& password,
                       const std::optional<store::AuditEntry>& audit) {
    OKNO_TRY(CheckPassword(password));
    std::string hash = OKNO_TRY(HashPassword(password));
    std::lock_guard lock(mutex_);
    OKNO_TRY(FindLocked(login));
    return Audited(audit, [&]() -> Status {
      OKNO_TRY(Run("UPDATE users SET password_hash = ? WHERE login = ?", hash, login));
      return Run("DELETE FROM sessions WHERE login = ?", login);  // old sessions end
    });
  }

  Result<Session> LogIn(const std::string& login, const std::string& password,
                        std::chrono::seconds lifetime) {
    static const Status kRefused =
        UnauthenticatedError("wrong login or password (неверный логин или пароль)");
    std::string hash;
    User user;
    bool known = false;
    {
      std::lock_guard lock(mutex_);
      Statement select;
      OKNO_TRY(select.Prepare(db_,
                              "SELECT password_hash, role, agency, name, disabled, office "
                              "FROM users WHERE login = ?"));
      if (select.Bind(login).Step() == SQLITE_ROW) {
        known = true;
        hash = select.Text(0);
        user = {login,          select.Text(1),     select.Text(2),
                select.Text(3), select.Int(4) != 0, select.Text(5)};
      }
    }
    // An unknown login costs the same verification as a known one: its time tells nothing.
    static const std::string kStandIn = HashPassword("stand-in password").value_or("");
    if (!known) hash = kStandIn;
    // Verified outside the lock: argon2id takes its time on purpose.
    if (crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) != 0 || !known ||
        user.disabled) {
      return kRefused;
    }
    unsigned char random[32];
    randombytes_buf(random, sizeof random);
    Session session{
        Hex(random, sizeof random), user,
        NowMs() + std::chrono::duration_cast<std::chrono::milliseconds>(lifetime).count()};
    std::lock_guard lock(mutex_);
    int64_t now = NowMs();
    // Sessions past their time are purged here, not only when presented again.
    OKNO_TRY(Run("DELETE FROM sessions WHERE expires_at_ms <= ? OR last_seen_ms <= ?", now,
                 now - kIdleMs));
    OKNO_TRY(
        Run("INSERT INTO sessions (token_hash, login, expires_at_ms, last_seen_ms) "
            "VALUES (?, ?, ?, ?)",
            TokenHash(session.token), login, session.expires_at_ms, now));
    return session;
  }

  Result<User> Authenticate(const std::string& token) {
    static const Status kRefused = UnauthenticatedError("no session or it has expired");
    if (token.empty()) return kRefused;
    std::lock_guard lock(mutex_);
    Statement select;
    OKNO_TRY(select.Prepare(
        db_, "SELECT login, expires_at_ms, last_seen_ms FROM sessions WHERE token_hash = ?"));
    if (select.Bind(TokenHash(token)).Step() != SQLITE_ROW) return kRefused;
    std::string login = select.Text(0);
    int64_t expires = select.Int(1);
    int64_t last_seen = select.Int(2);
    select.Reset();
    int64_t now = NowMs();
    // Ended by its absolute lifetime, or by going unused for kIdleMs.
    if (expires <= now || last_seen <= now - kIdleMs) {
      OKNO_TRY(Run("DELETE FROM sessions WHERE token_hash = ?", TokenHash(token)));
      return kRefused;
    }
    if (now - last_seen >= kSeenEveryMs) {
      OKNO_TRY(
          Run("UPDATE sessions SET last_seen_ms = ? WHERE token_hash = ?", now, TokenHash(token)));
    }
    Result<User> user = FindLocked(login);
    if (!user.ok() || user->disabled) return kRefused;
    return user;
  }

  Status LogOut(const std::string& token) {
    std::lock_guard lock(mutex_);
    return Run("DELETE FROM sessions WHERE token_hash = ?", TokenHash(token));
  }

  Result<int> LogOutOthers(const std::string& token) {
    std::lock_guard lock(mutex_);
    Statement select;
    OKNO_TRY(select.Prepare(db_, "SELECT login FROM sessions WHERE token_hash = ?"));
    if (select.Bind(TokenHash(token)).Step() != SQLITE_ROW) {
      return UnauthenticatedError("no session or it has expired");
    }
    std::string login = select.Text(0);
    select.Reset();
    OKNO_TRY(
        Run("DELETE FROM sessions WHERE login = ? AND token_hash != ?", login, TokenHash(token)));
    return sqlite3_changes(db_);
  }

  // For tests: the session of `token` last used `ago_ms` ago.
  Status AgeSession(const std::string& token, int64_t ago_ms) {
    std::lock_guard lock(mutex_);
    return Run("UPDATE sessions SET last_seen_ms = ? WHERE token_hash = ?", NowMs() - ago_ms,
               TokenHash(token));
  }

  Result<int64_t> CountSessions() {
    std::lock_guard lock(mutex_);
    Statement count;
    OKNO_TRY(count.Prepare(db_, "SELECT COUNT(*) FROM sessions"));
    if (count.Bind().Step() != SQLITE_ROW) return SqliteError(db_, "counting sessions");
    return count.Int(0);
  }

 private:
  Result<User> FindLocked(const std::string& login) {
    Statement select;
    OKNO_TRY(select.Prepare(
        db_, "SELECT role, agency, name, disabled, office FROM users WHERE login = ?"));
    int step = select.Bind(login).Step();
    if (step == SQLITE_DONE) return NotFoundError("no user '" + login + "'");
    if (step != SQLITE_ROW) return SqliteError(db_, "reading user " + login);
    return User{login,          select.Text(0),     select.Text(1),
                select.Text(2), select.Int(3) != 0, select.Text(4)};
  }

  template <typename... Args>
  Status Run(const char* sql, const Args&... args) {
    Statement statement;
    OKNO_TRY(statement.Prepare(db_, sql));
    if (statement.Bind(args...).Step() != SQLITE_DONE) return SqliteError(db_, sql);
    return Status::Ok();
  }

  const std::optional<store::AuditKey> key_;
  sqlite3* db_ = nullptr;
  std::mutex mutex_;
};

Result<std::unique_ptr<UserStore>> UserStore::Open(const std::string& path,
                                                   std::optional<store::AuditKey> audit_key) {
  auto impl = std::make_unique<Impl>(audit_key);
  OKNO_TRY(impl->Open(path));
  return std::unique_ptr<UserStore>(new UserStore(std::move(impl)));
}

UserStore::UserStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
UserStore::~UserStore() = default;

Result<User> UserStore::Add(const User& user, const std::string& password,
                            const std::optional<store::AuditEntry>& audit) {
  return impl_->Add(user, password, audit);
}
Status UserStore::Disable(const std::string& login, const std::optional<store::AuditEntry>& audit) {
  return impl_->Disable(login, audit);
}
Status UserStore::SetRole(const std::string& login, const std::string& role,
                          const std::string& agency,
                          const std::optional<store::AuditEntry>& audit) {
  return impl_->SetRole(login, role, agency, audit);
}
Status UserStore::SetOffice(const std::string& login, const std::string& office,
                            const std::optional<store::AuditEntry>& audit) {
  return impl_->SetOffice(login, office, audit);
}
Status UserStore::ResetPassword(const std::string& login, const std::string& password,
                                const std::optional<store::AuditEntry>& audit) {
  return impl_->ResetPassword(login, password, audit);
}
Result<User> UserStore::Find(const std::string& login) { return impl_->Find(login); }
Result<std::vector<User>> UserStore::List() { return impl_->List(); }
Result<Session> UserStore::LogIn(const std::string& login, const std::string& password,
                                 std::chrono::seconds lifetime) {
  return impl_->LogIn(login, password, lifetime);
}
Result<User> UserStore::Authenticate(const std::string& token) {
  return impl_->Authenticate(token);
}
Status UserStore::LogOut(const std::string& token) { return impl_->LogOut(token); }
Result<int> UserStore::LogOutOthers(const std::string& token) { return impl_->LogOutOthers(token); }
Status UserStore::AgeSessionForTest(const std::string& token, int64_t ago_ms) {
  return impl_->AgeSession(token, ago_ms);
}
Result<int64_t> UserStore::CountSessions() { return impl_->CountSessions(); }

}  // namespace okno::auth
