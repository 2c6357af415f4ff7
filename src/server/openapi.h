#pragma once

// The OpenAPI 3 description of Okno's HTTP API, served at /api/v1/openapi.json. A test checks
// it against the routes the server really has, both ways.

#include <nlohmann/json.hpp>

#include "server/http.h"

namespace okno::server {

nlohmann::json OpenApiDocument();

// GET /api/v1/openapi.json.
void AddOpenApiRoute(Router& router);

}  // namespace okno::server
