#include "server/admin_api.h"

#include <algorithm>
#include <map>
#include <set>

#include "server/login.h"

namespace okno::server {
namespace {

using nlohmann::json;

json UserToJson(const auth::User& user) {
  return {{"login", user.login},
          {"role", user.role},
          {"agency", user.agency},
          {"name", user.name},
          {"disabled", user.disabled}};
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

class Admin {
 public:
  explicit Admin(AdminApi& api) : api_(api) {}

  // The handler behind an admin's login.
  Handler Route(UserHandler handler) {
    return RequireRole(api_.users, api_.audit, {"admin"}, std::move(handler));
  }

  // The body as an object with only `allowed` fields.
  Result<json> Body(const HttpRequest& request, const std::set<std::string>& allowed) const {
    json body =
        OKNO_TRY(ParseJsonBody(request.body.empty() ? "{}" : request.body, api_.max_json_depth));
    if (!body.is_object()) return InvalidArgumentError("the body is a JSON object");
    for (const auto& [key, value] : body.items()) {
      if (!allowed.contains(key)) return InvalidArgumentError(key + ": unknown field");
      if (!value.is_string()) return InvalidArgumentError(key + ": text expected");
    }
    return body;
  }

  // InvalidArgument for an agency worker's agency the catalog does not have.
  Status CheckAgency(const std::string& role, const std::string& agency) const {
    if (role != "agency_worker" || agency.empty()) return Status::Ok();
    if (!api_.catalogs.Current()->catalog().agencies.contains(agency)) {
      return InvalidArgumentError("agency: the catalog has no agency '" + agency + "'");
    }
    return Status::Ok();
  }

  // FailedPrecondition when `login` is the last active administrator.
  Status KeepAnAdmin(const std::string& login) const {
    Result<std::vector<auth::User>> users = api_.users.List();
    if (!users.ok()) return users.status();
    int others = static_cast<int>(std::count_if(users->begin(), users->end(), [&](const auto& u) {
      return u.role == "admin" && !u.disabled && u.login != login;
    }));
    Result<auth::User> target = api_.users.Find(login);
    if (target.ok() && target->role == "admin" && !target->disabled && others == 0) {
      return FailedPreconditionError(login + " is the last administrator: add another first");
    }
    return Status::Ok();
  }

  // The audit record of `action` on user `login` by `admin`: written by the user store in the
  // change's own transaction.
  static store::AuditEntry Entry(const auth::User& admin, const std::string& action,
                                 const std::string& login, const HttpRequest& request) {
    return {admin.login, action, "user:" + login, "", request.client};
  }

  // Answers with the user as now stored, once the change (audited with it) is done.
  HttpResponse Done(const std::string& login, int status, const Status& done) {
    if (!done.ok()) return ProblemOf(done);
    Result<auth::User> user = api_.users.Find(login);
    if (!user.ok()) return ProblemOf(user.status());
    return HttpResponse::Json(status, UserToJson(*user));
  }

  AdminApi& api_;
};

std::string Field(const json& body, const char* key) { return body.value(key, ""); }

}  // namespace

void AddAdminRoutes(Router& router, AdminApi& api) {
  // One per router, kept alive by the routes that use it.
  auto admin = std::make_shared<Admin>(api);
  auto route = [admin](UserHandler handler) {
    return [admin, inner = admin->Route(std::move(handler))](const HttpRequest& request) {
      return inner(request);
    };
  };

  router.Add("GET", "/api/v1/admin/users", route([&api](const auth::User&, const HttpRequest&) {
               Result<std::vector<auth::User>> users = api.users.List();
               if (!users.ok()) return ProblemOf(users.status());
               json list = json::array();
               for (const auth::User& user : *users) list.push_back(UserToJson(user));
               return HttpResponse::Json(200, {{"users", std::move(list)}});
             }));

  router.Add(
      "POST", "/api/v1/admin/users",
      route([&api, admin](const auth::User& user, const HttpRequest& request) {
        Result<json> body = admin->Body(request, {"login", "role", "agency", "name", "password"});
        if (!body.ok()) return ProblemOf(body.status());
        auth::User added{Field(*body, "login"), Field(*body, "role"), Field(*body, "agency"),
                         Field(*body, "name"), false};
        if (Status agency = admin->CheckAgency(added.role, added.agency); !agency.ok()) {
          return ProblemOf(agency);
        }
        Result<auth::User> done = api.users.Add(
            added, Field(*body, "password"), Admin::Entry(user, "user.add", added.login, request));
        return admin->Done(added.login, 201, done.status());
      }));

  router.Add("POST", "/api/v1/admin/users/{login}/role",
             route([&api, admin](const auth::User& user, const HttpRequest& request) {
               const std::string& login = request.params.at("login");
               Result<json> body = admin->Body(request, {"role", "agency"});
               if (!body.ok()) return ProblemOf(body.status());
               std::string role = Field(*body, "role");
               std::string agency = Field(*body, "agency");
               if (Status checked = admin->CheckAgency(role, agency); !checked.ok()) {
                 return ProblemOf(checked);
               }
               if (role != "admin") {
                 if (Status kept = admin->KeepAnAdmin(login); !kept.ok()) {
                   return ProblemOf(kept);
                 }
               }
               return admin->Done(
                   login, 200,
                   api.users.SetRole(login, role, agency,
                                     Admin::Entry(user, "user.role", login, request)));
             }));

  router.Add("POST", "/api/v1/admin/users/{login}/password",
             route([&api, admin](const auth::User& user, const HttpRequest& request) {
               const std::string& login = request.params.at("login");
               Result<json> body = admin->Body(request, {"password"});
               if (!body.ok()) return ProblemOf(body.status());
               return admin->Done(
                   login, 200,
                   api.users.ResetPassword(login, Field(*body, "password"),
                                           Admin::Entry(user, "user.password", login, request)));
             }));

  router.Add("POST", "/api/v1/admin/users/{login}/disable",
             route([&api, admin](const auth::User& user, const HttpRequest& request) {
               const std::string& login = request.params.at("login");
               if (Status kept = admin->KeepAnAdmin(login); !kept.ok()) {
                 return ProblemOf(kept);
               }
               return admin->Done(
                   login, 200,
                   api.users.Disable(login, Admin::Entry(user, "user.disable", login, request)));
             }));

  router.Add("GET", "/api/v1/admin/roles", route([](const auth::User&, const HttpRequest&) {
               json roles = json::array();
               for (const std::string& role : auth::Roles()) {
                 const auto& [ru, en] = RoleDescriptions().at(role);
                 roles.push_back({{"id", role}, {"ru", ru}, {"en", en}});
               }
               return HttpResponse::Json(200, {{"roles", std::move(roles)}});
             }));

  router.Add("GET", "/api/v1/admin/agencies", route([&api](const auth::User&, const HttpRequest&) {
               Result<std::vector<auth::User>> users = api.users.List();
               if (!users.ok()) return ProblemOf(users.status());
               std::shared_ptr<const planner::LoadedCatalog> loaded = api.catalogs.Current();
               json agencies = json::array();
               for (const auto& [id, agency] : loaded->catalog().agencies) {
                 json workers = json::array();
                 for (const auth::User& user : *users) {
                   if (user.role == "agency_worker" && user.agency == id) {
                     workers.push_back(user.login);
                   }
                 }
                 agencies.push_back(
                     {{"id", id}, {"title", agency.title.ru}, {"workers", std::move(workers)}});
               }
               return HttpResponse::Json(200, {{"agencies", std::move(agencies)}});
             }));
}

}  // namespace okno::server
