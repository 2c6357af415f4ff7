#include "server/openapi.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>

namespace okno::server {

using nlohmann::json;

namespace openapi {

json Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

json Answer(const std::string& description, const json& schema) {
  json answer = {{"description", description}};
  if (!schema.is_null()) answer["content"] = {{"application/json", {{"schema", schema}}}};
  return answer;
}

json Ok(const std::string& description, const json& schema) {
  return {{"200", Answer(description, schema)}};
}

json Text(int max_length) {
  json text = {{"type", "string"}};
  if (max_length > 0) text["maxLength"] = max_length;
  return text;
}

json Date() { return {{"type", "string"}, {"format", "date"}}; }

json OneOf(std::initializer_list<const char*> values) {
  json list = json::array();
  for (const char* value : values) list.push_back(value);
  return {{"type", "string"}, {"enum", std::move(list)}};
}

json Object(json properties, json required) {
  json object = {
      {"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  if (!required.empty()) object["required"] = std::move(required);
  return object;
}

json Versioned(json properties, json required) {
  properties["expected_version"] = {
      {"type", "integer"},
      {"minimum", 0},
      {"maximum", 1'000'000'000},
      {"description", "the case's version the change was made against"}};
  required.push_back("expected_version");
  return Object(std::move(properties), std::move(required));
}

json Query(const std::string& name, const std::string& description, const json& schema) {
  return {{"name", name}, {"in", "query"}, {"description", description}, {"schema", schema}};
}

json PathParameter(const std::string& name, const std::string& description) {
  return {{"name", name},
          {"in", "path"},
          {"required", true},
          {"description", description},
          {"schema", {{"type", "string"}}}};
}

json Paging() {
  return json::array(
      {Query("order", "opened (newest first) or due (soonest deadline first)",
             {{"type", "string"}, {"enum", {"opened", "due"}}}),
       Query("after", "the `next` cursor of the page before"),
       Query("limit", "cases per page",
             {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}, {"default", 50}})});
}

json Language() {
  return Query("lang", "ru (default) or en", {{"type", "string"}, {"enum", {"ru", "en"}}});
}

}  // namespace openapi

namespace {

json Problems(const RouteSpec& spec) {
  static const std::map<int, std::string> kMeaning = {
      {400, "bad input: problem+json naming every field at fault"},
      {401, "no session or it has expired"},
      {403, "the role may not do this"},
      {404, "not found, or not one the user may see"},
      {409, "the case has changed since expected_version"},
      {413, "the body is larger than the route takes"},
      {422,
       "not possible in the present state (no consent, submitted already, the last admin, ...)"},
      {429, "too many requests from this client: Retry-After says when to try again"},
      {503, "busy, stopped at its deadline, or storage or the audit log unavailable"}};
  std::set<int> statuses(spec.problems.begin(), spec.problems.end());
  if (spec.access != Access::kAnyone) statuses.insert(401);
  if (spec.access == Access::kSession) statuses.insert(403);
  if (!spec.body.is_null()) statuses.insert({400, 413});
  statuses.insert(429);
  json out = json::object();
  for (int status : statuses) {
    out[std::to_string(status)] = {
        {"description", kMeaning.at(status)},
        {"content", {{"application/problem+json", {{"schema", openapi::Ref("Problem")}}}}}};
  }
  return out;
}

json Operation(const RouteSpec& spec) {
  json responses = spec.answers;
  responses.update(Problems(spec));
  json operation = {{"summary", spec.summary}, {"responses", std::move(responses)}};
  if (!spec.parameters.empty()) operation["parameters"] = spec.parameters;
  if (!spec.body.is_null()) {
    operation["requestBody"] = {{"required", true},
                                {"content", {{"application/json", {{"schema", spec.body}}}}}};
  }
  if (spec.access == Access::kAnyone) operation["security"] = json::array();
  if (spec.access == Access::kSession) {
    operation["x-roles"] = json(std::vector<std::string>(spec.roles.begin(), spec.roles.end()));
  }
  return operation;
}

}  // namespace

const json& ApiSchemas() {
  static const json schemas = {
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
          {"office", {{"type", "string"}, {"description", "the MFC office working it"}}},
          {"situation", openapi::Ref("Situation")},
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
  return schemas;
}

json OpenApiDocument(const Router& router) {
  json paths = json::object();
  for (const RouteSpec* spec : router.Specs()) {
    if (spec->summary.empty()) continue;
    std::string method = spec->method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    paths[spec->path][method] = Operation(*spec);
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "Okno API"},
            {"version", "1"},
            {"description", "Окно: единый план и случай (one plan, one case)"}}},
          {"paths", std::move(paths)},
          {"components",
           {{"schemas", ApiSchemas()},
            {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
          {"security", json::array({{{"bearer", json::array()}}})}};
}

void AddOpenApiRoute(Endpoints& endpoints, const Router& router) {
  // Written once, when first asked: by then every route is added.
  auto document = std::make_shared<std::pair<std::once_flag, std::string>>();
  endpoints.Add({.method = "GET",
                 .path = "/api/v1/openapi.json",
                 .access = Access::kAnyone,
                 .summary = "This document",
                 .answers = openapi::Ok("OpenAPI 3.0")},
                [document, &router](const Call&) -> Result<HttpResponse> {
                  std::call_once(document->first,
                                 [&] { document->second = OpenApiDocument(router).dump(); });
                  return HttpResponse::Text(200, "application/json", document->second);
                });
}

}  // namespace okno::server
