#include "server/admin_api.h"

#include <algorithm>
#include <map>
#include <set>

#include "server/openapi.h"

namespace okno::server {
namespace {

using nlohmann::json;

json UserToJson(const auth::User& user) {
  return {{"login", user.login}, {"role", user.role},     {"agency", user.agency},
          {"name", user.name},   {"office", user.office}, {"disabled", user.disabled}};
}

// The role's meaning, for the administrator choosing one.
const std::map<std::string, std::pair<std::string, std::string>>& RoleDescriptions() {
  static const std::map<std::string, std::pair<std::string, std::string>> roles = {
      {"operator",
       {"оператор МФЦ: принимает граждан, открывает случаи",
        "front-office operator: receives citizens, opens cases"}},
      {"case_manager",
       {"куратор случая: ведёт сложные случаи, назначает исполнителей",
        "case manager: carries complex cases, assigns workers"}},
      {"agency_worker",
       {"сотрудник ведомства: решает задачи своего ведомства",
        "agency worker: decides their agency's tasks"}},
      {"citizen", {"гражданин: видит свои случаи", "citizen: sees their own cases"}},
      {"methodologist",
       {"методолог: каталог услуг и правил, показатели",
        "methodologist: the catalog of services and rules, KPIs"}},
      {"analyst", {"аналитик: показатели", "analyst: KPIs"}},
      {"admin", {"администратор: пользователи и роли", "administrator: users and roles"}}};
  return roles;
}

// InvalidArgument for an agency worker's agency the catalog does not have.
Status CheckAgency(const AdminApi& api, const std::string& role, const std::string& agency) {
  if (role != "agency_worker" || agency.empty()) return Status::Ok();
  if (!api.catalogs.Current()->catalog().agencies.contains(agency)) {
    return InvalidArgumentError("agency: the catalog has no agency '" + agency + "'");
  }
  return Status::Ok();
}

// FailedPrecondition when `login` is the last active administrator.
Status KeepAnAdmin(AdminApi& api, const std::string& login) {
  std::vector<auth::User> users = OKNO_TRY(api.users.List());
  int others = static_cast<int>(std::count_if(users.begin(), users.end(), [&](const auto& u) {
    return u.role == "admin" && !u.disabled && u.login != login;
  }));
  Result<auth::User> target = api.users.Find(login);
  if (target.ok() && target->role == "admin" && !target->disabled && others == 0) {
    return FailedPreconditionError(login + " is the last administrator: add another first");
  }
  return Status::Ok();
}

// The audit record of `action` on user `login` by the call's administrator: written by the
// user store in the change's own transaction.
store::AuditEntry Entry(const Call& call, const std::string& action, const std::string& login,
                        const std::string& reason = "") {
  return {call.user->login, action, "user:" + login, reason, call.request.client};
}

// Answers with the user as now stored, once the change (audited with it) is done.
Result<HttpResponse> Done(AdminApi& api, const std::string& login, int status, const Status& done) {
  OKNO_TRY(done);
  auth::User user = OKNO_TRY(api.users.Find(login));
  return HttpResponse::Json(status, UserToJson(user));
}

}  // namespace

void AddAdminRoutes(Endpoints& endpoints, AdminApi& api) {
  using namespace openapi;
  const std::set<std::string> admin = {"admin"};
  json user = Ok("the user", {{"type", "object"}});
  json login = PathParameter("login", "the user's login");

  endpoints.Add({.method = "GET",
                 .path = "/api/v1/admin/users",
                 .roles = admin,
                 .summary = "Users (admin)",
                 .answers = Ok("the users", {{"type", "object"}}),
                 .problems = {503}},
                [&api](const Call&) -> Result<HttpResponse> {
                  std::vector<auth::User> users = OKNO_TRY(api.users.List());
                  json list = json::array();
                  for (const auth::User& user : users) list.push_back(UserToJson(user));
                  return HttpResponse::Json(200, {{"users", std::move(list)}});
                });

  endpoints.Add(
      {.method = "POST",
       .path = "/api/v1/admin/users",
       .roles = admin,
       .summary = "Add a user (admin)",
       .body = Object({{"login", Text(64)},
                       {"role", Text(64)},
                       {"agency", Text(64)},
                       {"name", Text(200)},
                       {"office", Text(64)},
                       {"password", Text(1024)}},
                      {"login", "role", "password"}),
       .answers = {{"201", Answer("the user", {{"type", "object"}})}},
       .problems = {409, 503},
       .options = {.max_body_bytes = 4096}},
      [&api](const Call& call) -> Result<HttpResponse> {
        auth::User added{
            call.Text("login"), call.Text("role"), call.Text("agency"), call.Text("name"), false,
            call.Text("office")};
        OKNO_TRY(CheckAgency(api, added.role, added.agency));
        Result<auth::User> done = api.users.Add(
            added, call.Text("password"),
            Entry(call, "user.add", added.login,
                  "role " + added.role + (added.office.empty() ? "" : ", office " + added.office)));
        return Done(api, added.login, 201, done.status());
      });

  endpoints.Add(
      {.method = "POST",
       .path = "/api/v1/admin/users/{login}/role",
       .roles = admin,
       .summary = "A new role (and agency for an agency worker); the user's sessions end (admin)",
       .body = Object({{"role", Text(64)}, {"agency", Text(64)}}, {"role"}),
       .parameters = json::array({login}),
       .answers = user,
       .problems = {404, 422, 503},
       .options = {.max_body_bytes = 4096}},
      [&api](const Call& call) -> Result<HttpResponse> {
        const std::string& login = call.Param("login");
        std::string role = call.Text("role");
        std::string agency = call.Text("agency");
        OKNO_TRY(CheckAgency(api, role, agency));
        if (role != "admin") OKNO_TRY(KeepAnAdmin(api, login));
        return Done(api, login, 200,
                    api.users.SetRole(login, role, agency, Entry(call, "user.role", login)));
      });

  endpoints.Add(
      {.method = "POST",
       .path = "/api/v1/admin/users/{login}/office",
       .roles = admin,
       .summary = "A new MFC office for an operator or case manager, whose cases alone they "
                  "then see (empty: none); the user's sessions end (admin)",
       .body = Object({{"office", Text(64)}}, {"office"}),
       .parameters = json::array({login}),
       .answers = user,
       .problems = {404, 503},
       .options = {.max_body_bytes = 4096}},
      [&api](const Call& call) -> Result<HttpResponse> {
        const std::string& login = call.Param("login");
        auth::User before = OKNO_TRY(api.users.Find(login));
        std::string office = call.Text("office");
        std::string change = "office " + (before.office.empty() ? "(none)" : before.office) +
                             " to " + (office.empty() ? "(none)" : office);
        return Done(api, login, 200,
                    api.users.SetOffice(login, office, Entry(call, "user.office", login, change)));
      });

  endpoints.Add({.method = "POST",
                 .path = "/api/v1/admin/users/{login}/password",
                 .roles = admin,
                 .summary = "A new password; the user's sessions end (admin)",
                 .body = Object({{"password", Text(1024)}}, {"password"}),
                 .parameters = json::array({login}),
                 .answers = user,
                 .problems = {404, 503},
                 .options = {.max_body_bytes = 4096}},
                [&api](const Call& call) -> Result<HttpResponse> {
                  const std::string& login = call.Param("login");
                  return Done(api, login, 200,
                              api.users.ResetPassword(login, call.Text("password"),
                                                      Entry(call, "user.password", login)));
                });

  endpoints.Add(
      {.method = "POST",
       .path = "/api/v1/admin/users/{login}/disable",
       .roles = admin,
       .summary = "Disable the user; the last active administrator cannot be disabled (admin)",
       .parameters = json::array({login}),
       .answers = user,
       .problems = {404, 422, 503}},
      [&api](const Call& call) -> Result<HttpResponse> {
        const std::string& login = call.Param("login");
        OKNO_TRY(KeepAnAdmin(api, login));
        return Done(api, login, 200, api.users.Disable(login, Entry(call, "user.disable", login)));
      });

  endpoints.Add({.method = "GET",
                 .path = "/api/v1/admin/roles",
                 .roles = admin,
                 .summary = "The roles and what each may do (admin)",
                 .answers = Ok("the roles", {{"type", "object"}})},
                [](const Call&) -> Result<HttpResponse> {
                  json roles = json::array();
                  for (const std::string& role : auth::Roles()) {
                    const auto& [ru, en] = RoleDescriptions().at(role);
                    roles.push_back({{"id", role}, {"ru", ru}, {"en", en}});
                  }
                  return HttpResponse::Json(200, {{"roles", std::move(roles)}});
                });

  endpoints.Add({.method = "GET",
                 .path = "/api/v1/admin/agencies",
                 .roles = admin,
                 .summary = "The catalog's agencies with their workers (admin)",
                 .answers = Ok("the agencies", {{"type", "object"}}),
                 .problems = {503}},
                [&api](const Call&) -> Result<HttpResponse> {
                  std::vector<auth::User> users = OKNO_TRY(api.users.List());
                  std::shared_ptr<const planner::LoadedCatalog> loaded = api.catalogs.Current();
                  json agencies = json::array();
                  for (const auto& [id, agency] : loaded->catalog().agencies) {
                    json workers = json::array();
                    for (const auth::User& user : users) {
                      if (user.role == "agency_worker" && user.agency == id) {
                        workers.push_back(user.login);
                      }
                    }
                    agencies.push_back(
                        {{"id", id}, {"title", agency.title.ru}, {"workers", std::move(workers)}});
                  }
                  return HttpResponse::Json(200, {{"agencies", std::move(agencies)}});
                });
}

}  // namespace okno::server
