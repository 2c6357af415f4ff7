// okno user add|disable|reset-password|list [--data DIR]: the people who log in. A password is
// read from standard input (asked twice, unechoed, at a terminal), never from the command line,
// where other users of the machine could see it.

#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include "auth/user_store.h"
#include "cli/catalog_loading.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/private_files.h"

namespace okno::cli {
namespace {

struct UserArguments {
  std::string data;
  std::string keys;
  std::string login;
  std::string role;
  std::string agency;
  std::string office;
  std::string name;
};

// One line of standard input, without echo at a terminal.
std::optional<std::string> ReadSecretLine(const std::string& prompt, std::ostream& err) {
  bool terminal = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    err << prompt << std::flush;
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  bool read = static_cast<bool>(std::getline(std::cin, line));
  if (terminal) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    err << "\n";
  }
  if (!read) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::optional<std::string> ReadNewPassword(std::ostream& err) {
  std::optional<std::string> password =
      ReadSecretLine("Пароль, не короче 10 символов (password, 10+ characters): ", err);
  if (!password) return std::nullopt;
  if (::isatty(STDIN_FILENO) != 0) {
    std::optional<std::string> again = ReadSecretLine("Ещё раз (again): ", err);
    if (!again || *again != *password) {
      err << "okno user: пароли не совпали (the passwords differ)\n";
      return std::nullopt;
    }
  }
  return password;
}

// The users of the data folder, their changes audited with the folder's key (the key folder is
// made here when the first administrator is added before the first start).
Result<std::unique_ptr<auth::UserStore>> OpenUsers(const UserArguments& args) {
  OKNO_TRY(MakePrivateFolder(args.data));
  auth::Keys keys = OKNO_TRY(KeysFor(args.data, args.keys, /*create=*/true));
  return auth::UserStore::Open((std::filesystem::path(args.data) / "okno.db").string(), keys.audit);
}

// Who acts from the console: the operating system's account.
store::AuditEntry ConsoleEntry(const std::string& action, const std::string& login) {
  const char* account = std::getenv("USER");
  return {std::string("console:") + (account != nullptr ? account : "?"), action, "user:" + login,
          "okno user", ""};
}

int Report(const Status& status, std::ostream& err) {
  err << "okno user: " << status.message() << "\n";
  return status.code() == StatusCode::kInvalidArgument || status.code() == StatusCode::kNotFound ||
                 status.code() == StatusCode::kAlreadyExists
             ? kExitUsage
             : kExitFailure;
}

int RunUser(const std::string& action, const UserArguments& args, std::ostream& out,
            std::ostream& err) {
  Result<std::unique_ptr<auth::UserStore>> users = OpenUsers(args);
  if (!users.ok()) return Report(users.status(), err);
  if (action == "list") {
    Result<std::vector<auth::User>> all = (*users)->List();
    if (!all.ok()) return Report(all.status(), err);
    for (const auth::User& user : *all) {
      out << user.login << "\t" << user.role << (user.agency.empty() ? "" : "\t" + user.agency)
          << (user.office.empty() ? "" : "\tМФЦ " + user.office)
          << (user.disabled ? "\t(отключён, disabled)" : "") << "\n";
    }
    return kExitOk;
  }
  if (action == "disable") {
    Status disabled = (*users)->Disable(args.login, ConsoleEntry("user.disable", args.login));
    if (!disabled.ok()) return Report(disabled, err);
    out << "Пользователь " << args.login << " отключён (disabled)\n";
    return kExitOk;
  }
  std::optional<std::string> password = ReadNewPassword(err);
  if (!password) {
    err << "okno user: пароль не введён (no password given on standard input)\n";
    return kExitUsage;
  }
  if (action == "add") {
    Result<auth::User> added =
        (*users)->Add({args.login, args.role, args.agency, args.name, false, args.office},
                      *password, ConsoleEntry("user.add", args.login));
    if (!added.ok()) return Report(added.status(), err);
    out << "Пользователь " << args.login << " добавлен, роль " << args.role << " (user added)\n";
    return kExitOk;
  }
  Status reset =
      (*users)->ResetPassword(args.login, *password, ConsoleEntry("user.password", args.login));
  if (!reset.ok()) return Report(reset, err);
  out << "Пароль " << args.login << " изменён, сеансы завершены (password changed, sessions "
      << "ended)\n";
  return kExitOk;
}

}  // namespace

void AddUserCommand(CLI::App& app, CommandContext& context, const CommandInfo& info) {
  auto args = std::make_shared<UserArguments>();
  args->data = DefaultDataDirectory();
  args->keys = auth::DefaultKeysFolder();
  CLI::App* user = app.add_subcommand(std::string(info.name), std::string(info.summary));
  user->require_subcommand(1);
  auto with_data = [args](CLI::App* command) {
    command->add_option("--data", args->data,
                        "папка данных (data folder; default $OKNO_DATA or data)");
    command->add_option("--keys", args->keys,
                        "папка ключей (key folder, outside the data folder; default $OKNO_KEYS "
                        "or keys)");
    return command;
  };
  auto action = [&context, args](const std::string& name) {
    return [&context, args, name] {
      context.action = [args, name](std::ostream& out, std::ostream& err) {
        return RunUser(name, *args, out, err);
      };
    };
  };
  CLI::App* add = with_data(user->add_subcommand(
      "add", "добавить; пароль со стандартного ввода (add a user; the password from stdin)"));
  add->add_option("login", args->login, "логин (login)")->required();
  add->add_option("--role", args->role, "роль (role)")
      ->required()
      ->check(CLI::IsMember(auth::Roles()));
  add->add_option("--agency", args->agency, "ведомство сотрудника (an agency worker's agency)");
  add->add_option("--office", args->office,
                  "офис МФЦ оператора или куратора: он видит только случаи своего офиса "
                  "(an operator's or case manager's MFC office, whose cases alone they see)");
  add->add_option("--name", args->name, "имя для интерфейса (name shown)");
  add->callback(action("add"));
  CLI::App* disable =
      with_data(user->add_subcommand("disable", "отключить (disable; sessions end)"));
  disable->add_option("login", args->login, "логин (login)")->required();
  disable->callback(action("disable"));
  CLI::App* reset = with_data(user->add_subcommand(
      "reset-password", "сменить пароль; со стандартного ввода (new password from stdin)"));
  reset->add_option("login", args->login, "логин (login)")->required();
  reset->callback(action("reset-password"));
  CLI::App* list = with_data(user->add_subcommand("list", "список пользователей (list users)"));
  list->callback(action("list"));
}

}  // namespace okno::cli
