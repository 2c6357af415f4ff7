#include "auth/user_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "store/sqlite_event_store.h"

namespace okno::auth {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class UserStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("okno_users_" + std::to_string(::getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    path_ = (directory_ / "okno.db").string();
    key_.bytes.fill(3);
    users_ = std::move(UserStore::Open(path_, key_)).value();
  }
  void TearDown() override {
    users_.reset();
    fs::remove_all(directory_);
  }

  // Runs `sql` on a connection of its own, as someone with the file would.
  void Execute(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    sqlite3_close(db);
  }

  store::AuditKey key_;

  // The single text value of `sql` on a connection of its own.
  std::string Query(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* statement = nullptr;
    std::string value;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return value;
  }

  fs::path directory_;
  std::string path_;
  std::unique_ptr<UserStore> users_;
};

TEST_F(UserStoreTest, LogInAuthenticateLogOut) {
  ASSERT_TRUE(
      users_->Add({"olga.operator", "operator", "", "Ольга", false}, "correct horse 1").ok());
  Result<Session> session = users_->LogIn("olga.operator", "correct horse 1");
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ(session->token.size(), 64u);
  EXPECT_EQ(session->user.role, "operator");
  Result<User> user = users_->Authenticate(session->token);
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->name, "Ольга");
  ASSERT_TRUE(users_->LogOut(session->token).ok());
  EXPECT_EQ(users_->Authenticate(session->token).status().code(), StatusCode::kUnauthenticated);
}

TEST_F(UserStoreTest, PasswordsAreArgon2idHashesAndTokensAreNotStored) {
  ASSERT_TRUE(users_->Add({"admin", "admin", "", "", false}, "a long secret").ok());
  std::string hash = Query("SELECT password_hash FROM users WHERE login = 'admin'");
  EXPECT_THAT(hash, ::testing::StartsWith("$argon2id$"));
  EXPECT_THAT(hash, ::testing::Not(HasSubstr("a long secret")));
  Result<Session> session = users_->LogIn("admin", "a long secret");
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(Query("SELECT count(*) FROM sessions WHERE token_hash = '" + session->token + "'"),
            "0");
  EXPECT_EQ(Query("SELECT count(*) FROM sessions"), "1");
}

TEST_F(UserStoreTest, RefusalsLookAlike) {
  ASSERT_TRUE(users_->Add({"ivan", "case_manager", "", "", false}, "ivan's password").ok());
  Status wrong = users_->LogIn("ivan", "not the password").status();
  Status unknown = users_->LogIn("nobody", "whatever it is").status();
  EXPECT_EQ(wrong.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong, unknown);
  EXPECT_EQ(users_->Authenticate("").status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(users_->Authenticate(std::string(64, 'a')).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(UserStoreTest, SessionsExpire) {
  ASSERT_TRUE(users_->Add({"ivan", "case_manager", "", "", false}, "ivan's password").ok());
  Result<Session> session = users_->LogIn("ivan", "ivan's password", std::chrono::seconds(0));
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(users_->Authenticate(session->token).status().code(), StatusCode::kUnauthenticated);
}

TEST_F(UserStoreTest, DisablingOrANewPasswordEndsTheSessions) {
  ASSERT_TRUE(users_->Add({"anna", "agency_worker", "sfr", "", false}, "first password").ok());
  Result<Session> session = users_->LogIn("anna", "first password");
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(users_->ResetPassword("anna", "second password").ok());
  EXPECT_FALSE(users_->Authenticate(session->token).ok());
  EXPECT_FALSE(users_->LogIn("anna", "first password").ok());
  session = users_->LogIn("anna", "second password");
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->user.agency, "sfr");

  ASSERT_TRUE(users_->Disable("anna").ok());
  EXPECT_FALSE(users_->Authenticate(session->token).ok());
  EXPECT_EQ(users_->LogIn("anna", "second password").status().code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(users_->Find("anna")->disabled);
  EXPECT_EQ(users_->Disable("nobody").code(), StatusCode::kNotFound);
}

TEST_F(UserStoreTest, ANewRoleEndsTheSessionsOfTheOldOne) {
  ASSERT_TRUE(users_->Add({"olga", "operator", "", "", false}, "olga's password").ok());
  Result<Session> session = users_->LogIn("olga", "olga's password");
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(users_->SetRole("olga", "agency_worker", "kcson").ok());
  EXPECT_FALSE(users_->Authenticate(session->token).ok());
  EXPECT_EQ(users_->Find("olga")->role, "agency_worker");
  EXPECT_EQ(users_->Find("olga")->agency, "kcson");
  ASSERT_TRUE(users_->SetRole("olga", "analyst", "kcson").ok());
  EXPECT_EQ(users_->Find("olga")->agency, "") << "only an agency worker has an agency";
  EXPECT_EQ(users_->SetRole("olga", "agency_worker", "").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(users_->SetRole("olga", "king", "").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(users_->SetRole("nobody", "analyst", "").code(), StatusCode::kNotFound);
}

// A front-office user's MFC office decides whose cases they see: a new one ends the sessions
// that saw the old office's.
TEST_F(UserStoreTest, ANewOfficeEndsTheSessionsOfTheOldOne) {
  ASSERT_TRUE(users_->Add({"vera", "operator", "", "", false, "north"}, "vera's password").ok());
  EXPECT_EQ(users_->Find("vera")->office, "north");
  Result<Session> session = users_->LogIn("vera", "vera's password");
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->user.office, "north");
  ASSERT_TRUE(users_->SetOffice("vera", "south").ok());
  EXPECT_FALSE(users_->Authenticate(session->token).ok());
  EXPECT_EQ(users_->Find("vera")->office, "south");
  EXPECT_EQ(users_->List()->front().office, "south");
  EXPECT_EQ(users_->SetOffice("vera", "south office").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(users_->SetOffice("nobody", "south").code(), StatusCode::kNotFound);
  EXPECT_EQ(
      users_->Add({"ivan", "operator", "", "", false, "a/b"}, "long enough pw").status().code(),
      StatusCode::kInvalidArgument);
}

TEST_F(UserStoreTest, BadUsersAreRefused) {
  EXPECT_THAT(users_->Add({"ivan", "operator", "", "", false}, "short").status().message(),
              HasSubstr("at least 10 characters"));
  EXPECT_THAT(users_->Add({"ivan", "boss", "", "", false}, "long enough pw").status().message(),
              HasSubstr("role: 'boss'"));
  EXPECT_THAT(
      users_->Add({"ivan", "agency_worker", "", "", false}, "long enough pw").status().message(),
      HasSubstr("agency"));
  EXPECT_EQ(users_->Add({"иван", "operator", "", "", false}, "long enough pw").status().code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(users_->Add({"ivan", "operator", "", "", false}, "long enough pw").ok());
  EXPECT_EQ(users_->Add({"ivan", "admin", "", "", false}, "long enough pw").status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(users_->List()->size(), 1u);
}

// Users and cases share the data directory's one file (one backup holds both).
TEST_F(UserStoreTest, UsersAndCasesShareOneDataFile) {
  ASSERT_TRUE(users_->Add({"admin", "admin", "", "", false}, "a long secret").ok());
  Result<std::unique_ptr<store::SqliteEventStore>> cases = store::SqliteEventStore::Open(path_);
  ASSERT_TRUE(cases.ok()) << cases.status().ToString();
  ASSERT_TRUE(
      (*cases)
          ->Append({"case-1", 0, {{"opened", "{}", "admin", "v"}}, "", "", std::nullopt, {}})
          .ok());
  users_.reset();
  users_ = std::move(UserStore::Open(path_)).value();
  EXPECT_TRUE(users_->Find("admin").ok());
  EXPECT_EQ(*(*cases)->Version("case-1"), 1);
}

// The review's finding 7 for users: a change was made, then its audit record attempted in
// another transaction. Now a user change and its record are one transaction: when the record
// cannot be written, the change is not made either.
TEST_F(UserStoreTest, AChangeAndItsAuditRecordAreOneTransaction) {
  store::AuditEntry entry{"admin", "user.add", "user:ivan", "", "10.1.2.3"};
  ASSERT_TRUE(users_->Add({"ivan", "operator", "", "", false}, "ivan's password", entry).ok());
  EXPECT_EQ(Query("SELECT action || ' ' || client FROM audit"), "user.add 10.1.2.3");
  Execute(
      "CREATE TRIGGER fail_audit BEFORE INSERT ON audit BEGIN "
      "SELECT RAISE(ABORT, 'simulated audit failure'); END");
  entry.action = "user.disable";
  Status disabled = users_->Disable("ivan", entry);
  EXPECT_FALSE(disabled.ok());
  EXPECT_FALSE(users_->Find("ivan")->disabled) << "disabled without its audit record";
  entry.action = "user.add";
  EXPECT_FALSE(users_->Add({"olga", "operator", "", "", false}, "olga's password", entry).ok());
  EXPECT_EQ(users_->Find("olga").status().code(), StatusCode::kNotFound);
}

// Finding 18: sessions lasted 12 h however long unused, ended ones stayed in the file, and
// nobody could end their other sessions.
TEST_F(UserStoreTest, SessionsEndWhenIdleArePurgedAndOthersCanBeEnded) {
  ASSERT_TRUE(users_->Add({"ivan", "operator", "", "", false}, "ivan's password").ok());
  std::string desk = users_->LogIn("ivan", "ivan's password")->token;
  std::string phone = users_->LogIn("ivan", "ivan's password")->token;
  std::string laptop = users_->LogIn("ivan", "ivan's password")->token;
  ASSERT_TRUE(users_->AgeSessionForTest(laptop, 31 * 60 * 1000).ok());
  EXPECT_EQ(users_->Authenticate(laptop).status().code(), StatusCode::kUnauthenticated);
  // Used 29 minutes ago: still live, and its use is noted.
  ASSERT_TRUE(users_->AgeSessionForTest(phone, 29 * 60 * 1000).ok());
  EXPECT_TRUE(users_->Authenticate(phone).ok());
  EXPECT_TRUE(users_->Authenticate(phone).ok());
  // An ended session nobody presents again is purged at the next login.
  ASSERT_TRUE(users_->AgeSessionForTest(phone, 40 * 60 * 1000).ok());
  EXPECT_EQ(*users_->CountSessions(), 2);
  std::string again = users_->LogIn("ivan", "ivan's password")->token;
  EXPECT_EQ(*users_->CountSessions(), 2);  // desk and again; phone purged
  EXPECT_EQ(*users_->LogOutOthers(desk), 1);
  EXPECT_TRUE(users_->Authenticate(desk).ok());
  EXPECT_FALSE(users_->Authenticate(again).ok());
}

TEST_F(UserStoreTest, APasswordOfFewDifferentCharactersIsRefused) {
  Result<User> weak = users_->Add({"ivan", "operator", "", "", false}, "1212121212");
  ASSERT_FALSE(weak.ok());
  EXPECT_THAT(weak.status().message(), HasSubstr("5 different"));
}

}  // namespace
}  // namespace okno::auth
