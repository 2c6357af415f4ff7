#include "server/openapi.h"

namespace okno::server {
namespace {

using nlohmann::json;

json Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

json JsonBody(const json& schema) {
  return {{"required", true}, {"content", {{"application/json", {{"schema", schema}}}}}};
}

json Answer(const std::string& description, const json& schema = nullptr) {
  json answer = {{"description", description}};
  if (!schema.is_null()) answer["content"] = {{"application/json", {{"schema", schema}}}};
  return answer;
}

json Problems(std::initializer_list<int> statuses) {
  static const std::map<int, std::string> kMeaning = {
      {400, "bad input: problem+json naming the fields"},
      {401, "no session or it has expired"},
      {403, "the role may not do this"},
      {404, "no such case or task (or another agency's)"},
      {409, "the case has changed since expected_version"},
      {422, "not possible in the case's state (no consent, submitted already, ...)"},
      {503, "storage or the audit log unavailable"}};
  json out = json::object();
  for (int status : statuses) {
    out[std::to_string(status)] = {
        {"description", kMeaning.at(status)},
        {"content", {{"application/problem+json", {{"schema", Ref("Problem")}}}}}};
  }
  return out;
}

json Operation(const std::string& summary, json responses, json body = nullptr, bool login = true) {
  json operation = {{"summary", summary}, {"responses", std::move(responses)}};
  if (!body.is_null()) operation["requestBody"] = std::move(body);
  if (!login) operation["security"] = json::array();
  return operation;
}

json WithProblems(json responses, std::initializer_list<int> statuses) {
  responses.update(Problems(statuses));
  return responses;
}

json Versioned(json properties = json::object()) {
  properties["expected_version"] = {{"type", "integer"}, {"minimum", 0}};
  json required = json::array({"expected_version"});
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

json QueryParameter(const std::string& name, const std::string& description,
                    const json& schema = {{"type", "string"}}) {
  return {{"name", name}, {"in", "query"}, {"description", description}, {"schema", schema}};
}

// ?order, ?after, ?limit of every list.
json PagingParameters() {
  return json::array(
      {QueryParameter("order", "opened (newest first) or due (soonest deadline first)",
                      {{"type", "string"}, {"enum", {"opened", "due"}}}),
       QueryParameter("after", "the `next` cursor of the page before"),
       QueryParameter("limit", "cases per page",
                      {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}, {"default", 50}})});
}

json PathParameter(const std::string& name, const std::string& description) {
  return {{"name", name},
          {"in", "path"},
          {"required", true},
          {"description", description},
          {"schema", {{"type", "string"}}}};
}

}  // namespace

json OpenApiDocument() {
  json paths = json::object();
  paths["/healthz"]["get"] = Operation(
      "The server is up", {{"200", Answer("ok, with the catalog's version")}}, nullptr, false);
  paths["/api/v1/openapi.json"]["get"] =
      Operation("This document", {{"200", Answer("OpenAPI 3.0")}}, nullptr, false);
  paths["/api/v1/plan"]["post"] =
      Operation("The integrated plan for a situation (DESIGN.md §4.4); ?lang=ru|en, ?all=true",
                WithProblems({{"200", Answer("the plan", Ref("Plan"))}}, {400}),
                JsonBody(Ref("Situation")), false);
  {
    json language =
        QueryParameter("lang", "ru (default) or en", {{"type", "string"}, {"enum", {"ru", "en"}}});
    json services = Operation(
        "Search the catalog's services by words (Russian or English, any word form), need, "
        "agency and region",
        WithProblems({{"200", Answer("the matching services, best first", {{"type", "object"}})}},
                     {400}),
        nullptr, false);
    services["parameters"] = json::array(
        {QueryParameter("q", "words to find"), QueryParameter("need", "a need's id"),
         QueryParameter("agency", "an agency's id"),
         QueryParameter("region", "only services offered in this region (RU-SPE)"), language,
         QueryParameter("limit", "at most",
                        {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}}),
         QueryParameter("offset", "skip", {{"type", "integer"}, {"minimum", 0}})});
    paths["/api/v1/catalog/services"]["get"] = std::move(services);
    json service = Operation(
        "A service: agency, needs, documents, legal basis, each rule version with the facts it "
        "reads",
        WithProblems({{"200", Answer("the service", {{"type", "object"}})}}, {400, 404}), nullptr,
        false);
    service["parameters"] = json::array({language});
    paths["/api/v1/catalog/services/{id}"]["parameters"] =
        json::array({PathParameter("id", "the service's id")});
    paths["/api/v1/catalog/services/{id}"]["get"] = std::move(service);
    for (const char* what : {"needs", "agencies", "regions", "facts", "documents"}) {
      json list = Operation(std::string("The catalog's ") + what,
                            WithProblems({{"200", Answer(what, {{"type", "object"}})}}, {400}),
                            nullptr, false);
      list["parameters"] = json::array({language});
      paths[std::string("/api/v1/catalog/") + what]["get"] = std::move(list);
    }
  }
  {
    json text = {{"type", "string"}};
    json user_answer = WithProblems({{"200", Answer("the user", {{"type", "object"}})}},
                                    {400, 401, 403, 404, 422, 503});
    paths["/api/v1/admin/users"]["get"] =
        Operation("Users (admin)",
                  WithProblems({{"200", Answer("the users", {{"type", "object"}})}}, {401, 403}));
    paths["/api/v1/admin/users"]["post"] = Operation(
        "Add a user (admin)",
        WithProblems({{"201", Answer("the user", {{"type", "object"}})}}, {400, 401, 403, 503}),
        JsonBody({{"type", "object"},
                  {"properties",
                   {{"login", text},
                    {"role", text},
                    {"agency", text},
                    {"name", text},
                    {"password", text}}},
                  {"required", {"login", "role", "password"}},
                  {"additionalProperties", false}}));
    json login = json::array({PathParameter("login", "the user's login")});
    auto user_command = [&](const std::string& what, const std::string& summary, json properties) {
      std::string path = "/api/v1/admin/users/{login}/" + what;
      paths[path]["parameters"] = login;
      json body = nullptr;
      if (!properties.empty()) {
        body = JsonBody({{"type", "object"},
                         {"properties", std::move(properties)},
                         {"additionalProperties", false}});
      }
      paths[path]["post"] = Operation(summary, user_answer, body);
    };
    user_command("role",
                 "A new role (and agency for an agency worker); the user's sessions end (admin)",
                 {{"role", text}, {"agency", text}});
    user_command("password", "A new password; the user's sessions end (admin)",
                 {{"password", text}});
    user_command("disable",
                 "Disable the user; the last active administrator cannot be disabled (admin)",
                 json::object());
    paths["/api/v1/admin/roles"]["get"] =
        Operation("The roles and what each may do (admin)",
                  WithProblems({{"200", Answer("the roles", {{"type", "object"}})}}, {401, 403}));
    paths["/api/v1/admin/agencies"]["get"] = Operation(
        "The catalog's agencies with their workers (admin)",
        WithProblems({{"200", Answer("the agencies", {{"type", "object"}})}}, {401, 403}));
  }
  paths["/api/v1/kpis"]["get"] = Operation(
      "KPIs from the case events (case manager, methodologist, analyst): time to first plan and "
      "to resolution, contacts and visits per resolved case, first-contact resolution, agencies "
      "per case, SLA breaches, load per tier and agency",
      WithProblems({{"200", Answer("the KPIs", {{"type", "object"}})}}, {401, 403, 503}));
  paths["/api/v1/sessions"]["post"] = Operation(
      "Log in", WithProblems({{"201", Answer("a session", Ref("Session"))}}, {400, 401}),
      JsonBody(
          {{"type", "object"},
           {"properties", {{"login", {{"type", "string"}}}, {"password", {{"type", "string"}}}}},
           {"required", {"login", "password"}}}),
      false);
  paths["/api/v1/sessions"]["delete"] =
      Operation("Log out", WithProblems({{"204", Answer("the session ended")}}, {401}));
  paths["/api/v1/sessions/others"]["delete"] = Operation(
      "End the user's other sessions (a device left logged in)",
      WithProblems(
          {{"200", Answer("how many ended", {{"type", "object"},
                                             {"properties", {{"ended", {{"type", "integer"}}}}}})}},
          {401}));
  paths["/api/v1/cases"]["post"] = Operation(
      "Open a case with the citizen's consent (operator, case manager)",
      WithProblems({{"201", Answer("the case", Ref("Case"))}}, {400, 401, 403, 422, 503}),
      JsonBody(
          {{"type", "object"},
           {"properties",
            {{"situation", Ref("Situation")},
             {"consent",
              {{"type", "object"},
               {"properties",
                {{"purpose", {{"type", "string"}}},
                 {"given_on", {{"type", "string"}, {"format", "date"}}}}},
               {"required", {"purpose", "given_on"}}}},
             {"people",
              {{"type", "object"},
               {"description", "personal data by member id: full_name, snils, phone, address"}}},
             {"confidential", {{"type", "array"}, {"items", {{"type", "string"}}}}}}},
           {"required", {"situation", "consent"}},
           {"additionalProperties", false}}));
  {
    json parameters = PagingParameters();
    for (const char* name : {"status", "queue", "assignee", "agency", "task_state"}) {
      parameters.push_back(QueryParameter(name, std::string("only cases with this ") + name));
    }
    parameters.push_back(QueryParameter("unassigned", "true: only cases nobody is assigned to"));
    parameters.push_back(QueryParameter("due_by", "only cases due on or before this date",
                                        {{"type", "string"}, {"format", "date"}}));
    json get = Operation(
        "Cases as lists show them: the front office any, an agency worker those with its "
        "agency's tasks, a citizen their own (no personal data)",
        WithProblems({{"200", Answer("a page of cases", Ref("CasePage"))}}, {400, 401, 403}));
    get["parameters"] = std::move(parameters);
    paths["/api/v1/cases"]["get"] = std::move(get);
  }
  {
    json parameters = PagingParameters();
    parameters.push_back(
        QueryParameter("person", "an СНИЛС or the beginning of a full name (required)"));
    json get = Operation(
        "Find cases by a person (front office; every search is audited)",
        WithProblems({{"200", Answer("a page of cases", Ref("CasePage"))}}, {400, 401, 403, 503}));
    get["parameters"] = std::move(parameters);
    paths["/api/v1/cases/search"]["get"] = std::move(get);
  }
  {
    json get = Operation(
        "My queue: cases assigned to me (front office) or my agency's tasks (agency worker; "
        "?task_state, open by default), soonest deadline first, with SLA state",
        WithProblems({{"200", Answer("a page of cases", Ref("CasePage"))}}, {400, 401, 403}));
    get["parameters"] = PagingParameters();
    paths["/api/v1/queues/mine"]["get"] = std::move(get);
    json tier = Operation(
        "A tier's queue: its open cases, soonest deadline first (?unassigned=true)",
        WithProblems({{"200", Answer("a page of cases", Ref("CasePage"))}}, {400, 401, 403}));
    tier["parameters"] = PagingParameters();
    paths["/api/v1/queues/{tier}"]["parameters"] = json::array(
        {PathParameter("tier", "self_service, generalist, specialist or multi_agency_team")});
    paths["/api/v1/queues/{tier}"]["get"] = std::move(tier);
    json inbox = Operation(
        "An agency's inbox: its tasks by state (?state, open by default), soonest first",
        WithProblems({{"200", Answer("the tasks", {{"type", "object"}})}}, {400, 401, 403, 404}));
    inbox["parameters"] = PagingParameters();
    paths["/api/v1/agencies/{agency}/tasks"]["parameters"] =
        json::array({PathParameter("agency", "the agency's id (an agency worker: their own)")});
    paths["/api/v1/agencies/{agency}/tasks"]["get"] = std::move(inbox);
  }
  json id = PathParameter("id", "the case's id");
  auto command = [&](const std::string& path, const std::string& summary, json properties) {
    paths[path]["parameters"] = json::array({id});
    paths[path]["post"] = Operation(summary,
                                    WithProblems({{"200", Answer("the case", Ref("Case"))}},
                                                 {400, 401, 403, 404, 409, 422, 503}),
                                    JsonBody(Versioned(std::move(properties))));
  };
  json text = {{"type", "string"}};
  command("/api/v1/cases/{id}/people",
          "Record members' personal data (full_name, snils, phone, address; null removes)",
          {{"people", {{"type", "object"}}}});
  command("/api/v1/cases/{id}/citizen", "Link a citizen account to a member",
          {{"member", text}, {"citizen", text}});
  command("/api/v1/cases/{id}/assign",
          "Assign to a worker (a case manager: anyone of the front office; an operator: "
          "themselves), or back to the queue with an empty assignee",
          {{"assignee", text}});
  command("/api/v1/cases/{id}/escalate",
          "Escalate to a higher tier's queue (the next one without `queue`)",
          {{"queue", text}, {"reason", text}});
  command("/api/v1/cases/{id}/contacts", "Log a contact with the citizen",
          {{"channel", {{"type", "string"}, {"enum", {"visit", "phone", "online", "letter"}}}},
           {"summary", text}});
  command("/api/v1/cases/{id}/close", "Close the case",
          {{"outcome",
            {{"type", "string"}, {"enum", {"resolved", "referred", "withdrawn", "unreachable"}}}},
           {"reason", text}});
  paths["/api/v1/cases/{id}"]["parameters"] = json::array({id});
  paths["/api/v1/cases/{id}"]["get"] =
      Operation("A case: facts and their history, plan, tasks, timeline",
                WithProblems({{"200", Answer("the case", Ref("Case"))}}, {401, 403, 404, 503}));
  paths["/api/v1/cases/{id}/memo"]["parameters"] = json::array({id});
  paths["/api/v1/cases/{id}/memo"]["get"] = Operation(
      "The citizen's printable памятка (HTML) with their name (front office, the citizen; "
      "audited); ?lang=ru|en",
      WithProblems(
          {{"200", {{"description", "HTML"}, {"content", {{"text/html", json::object()}}}}}},
          {400, 401, 403, 404, 503}));
  paths["/api/v1/cases/{id}/facts"]["parameters"] = json::array({id});
  paths["/api/v1/cases/{id}/facts"]["post"] = Operation(
      "Record fact changes (corrections, successions); the plan is made again",
      WithProblems({{"200", Answer("the case", Ref("Case"))}}, {400, 401, 403, 404, 409, 503}),
      JsonBody(
          Versioned({{"changes",
                      {{"type", "array"},
                       {"items",
                        {{"type", "object"},
                         {"properties",
                          {{"path", {{"type", "string"}}},
                           {"value", json::object()},
                           {"kind", {{"type", "string"}, {"enum", {"correction", "succession"}}}},
                           {"effective_from", {{"type", "string"}, {"format", "date"}}},
                           {"confidential", {{"type", "boolean"}}}}},
                         {"required", {"path", "value", "kind"}}}}}}})));
  paths["/api/v1/cases/{id}/complex-request"]["parameters"] = json::array({id});
  paths["/api/v1/cases/{id}/complex-request"]["post"] = Operation(
      "Submit the complex request: one task per agency",
      WithProblems({{"200", Answer("the case", Ref("Case"))}}, {400, 401, 403, 404, 409, 422, 503}),
      JsonBody(Versioned()));
  json agency = PathParameter("agency", "the deciding agency (the worker's own)");
  paths["/api/v1/cases/{id}/tasks/{agency}/decision"]["parameters"] = json::array({id, agency});
  paths["/api/v1/cases/{id}/tasks/{agency}/decision"]["post"] = Operation(
      "An agency worker decides their agency's task",
      WithProblems({{"200", Answer("the case", Ref("Case"))}}, {400, 401, 403, 404, 409, 422, 503}),
      JsonBody(Versioned(
          {{"decision", {{"type", "string"}, {"enum", {"approved", "refused", "data_requested"}}}},
           {"reason", {{"type", "string"}}}})));
  paths["/api/v1/cases/{id}/notes"]["parameters"] = json::array({id});
  paths["/api/v1/cases/{id}/notes"]["post"] = Operation(
      "Add a note",
      WithProblems({{"200", Answer("the case", Ref("Case"))}}, {400, 401, 403, 404, 409, 503}),
      JsonBody(Versioned({{"text", {{"type", "string"}}}})));

  json schemas = {
      {"Problem",
       {{"type", "object"},
        {"description", "RFC 9457 problem details"},
        {"properties",
         {{"type", {{"type", "string"}}},
          {"title", {{"type", "string"}}},
          {"status", {{"type", "integer"}}},
          {"detail", {{"type", "string"}}},
          {"errors",
           {{"type", "array"},
            {"items",
             {{"type", "object"},
              {"properties",
               {{"path", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}}}}},
      {"Situation",
       {{"type", "object"},
        {"description",
         "DESIGN.md §4.1: as_of, region, narrative, needs, "
         "household with members"}}},
      {"Plan", {{"type", "object"}, {"description", "DESIGN.md §4.4"}}},
      {"Session",
       {{"type", "object"},
        {"properties",
         {{"token", {{"type", "string"}}},
          {"expires_at_ms", {{"type", "integer"}}},
          {"user", {{"type", "object"}}}}}}},
      {"CasePage",
       {{"type", "object"},
        {"properties",
         {{"cases",
           {{"type", "array"},
            {"items",
             {{"type", "object"},
              {"properties",
               {{"id", {{"type", "string"}}},
                {"version", {{"type", "integer"}}},
                {"status", {{"type", "string"}}},
                {"queue", {{"type", "string"}}},
                {"assignee", {{"type", "string"}}},
                {"complexity", {{"type", "string"}}},
                {"due", {{"type", "string"}}},
                {"sla", {{"type", "string"}, {"enum", {"on_time", "at_risk", "breached", "none"}}}},
                {"tasks", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}}}}},
          {"next", {{"type", "string"}, {"description", "the cursor of the next page"}}}}}}},
      {"Case",
       {{"type", "object"},
        {"properties",
         {{"id", {{"type", "string"}}},
          {"version", {{"type", "integer"}}},
          {"status", {{"type", "string"}}},
          {"situation", Ref("Situation")},
          {"fact_history", {{"type", "object"}}},
          {"consent", {{"type", "object"}}},
          {"plan", {{"type", "object"}}},
          {"queue", {{"type", "string"}}},
          {"assignee", {{"type", "string"}}},
          {"tasks", {{"type", "array"}, {"items", {{"type", "object"}}}}},
          {"people", {{"type", "object"}}},
          {"confidential", {{"type", "array"}, {"items", {{"type", "string"}}}}},
          {"contacts", {{"type", "array"}, {"items", {{"type", "object"}}}}},
          {"notes", {{"type", "array"}, {"items", {{"type", "object"}}}}},
          {"timeline", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}}}};
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "Okno API"},
            {"version", "1"},
            {"description", "Окно: единый план и случай (one plan, one case)"}}},
          {"paths", std::move(paths)},
          {"components",
           {{"schemas", std::move(schemas)},
            {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
          {"security", json::array({{{"bearer", json::array()}}})}};
}

void AddOpenApiRoute(Router& router) {
  static const std::string document = OpenApiDocument().dump();
  router.Add("GET", "/api/v1/openapi.json", [](const HttpRequest&) {
    return HttpResponse::Text(200, "application/json", document);
  });
}

}  // namespace okno::server
