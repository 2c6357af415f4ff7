#pragma once

// The OpenAPI 3 description of Okno's HTTP API, served at /api/v1/openapi.json, written from
// the routes' specs (http.h): a route has one declaration, and the description, the router and
// the authorization test read it. The schemas here are the ones the server enforces
// (json_schema.h).

#include <nlohmann/json.hpp>
#include <string>

#include "server/endpoint.h"
#include "server/http.h"

namespace okno::server {

// The description of every route of `router` with a summary.
nlohmann::json OpenApiDocument(const Router& router);

// The named schemas ("#/components/schemas/NAME"): Problem, Situation, Plan, Case, ...
const nlohmann::json& ApiSchemas();

// GET /api/v1/openapi.json: the description of the routes `router` has when first asked.
// `router` must outlive it.
void AddOpenApiRoute(Endpoints& endpoints, const Router& router);

// The pieces route specs are written with.
namespace openapi {

// {"$ref": "#/components/schemas/NAME"}.
nlohmann::json Ref(const std::string& name);
// A response without (null) or with a JSON body of `schema`.
nlohmann::json Answer(const std::string& description, const nlohmann::json& schema = nullptr);
// {"200": Answer(...)}: the usual success.
nlohmann::json Ok(const std::string& description, const nlohmann::json& schema = nullptr);
nlohmann::json Text(int max_length = 0);
nlohmann::json Date();
nlohmann::json OneOf(std::initializer_list<const char*> values);
// A closed object: only `properties`, `required` among them.
nlohmann::json Object(nlohmann::json properties, nlohmann::json required = nlohmann::json::array());
// The body of a command on a case: `properties` and the required expected_version.
nlohmann::json Versioned(nlohmann::json properties = nlohmann::json::object(),
                         nlohmann::json required = nlohmann::json::array());
nlohmann::json Query(const std::string& name, const std::string& description,
                     const nlohmann::json& schema = {{"type", "string"}});
nlohmann::json PathParameter(const std::string& name, const std::string& description);
// ?order, ?after, ?limit of every list.
nlohmann::json Paging();
// ?lang=ru|en.
nlohmann::json Language();

}  // namespace openapi
}  // namespace okno::server
