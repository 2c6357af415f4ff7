#pragma once

// Checks a request body against its route's schema (RouteSpec::body), keeping every error.
// The schemas are the API description's own (OpenAPI 3.0, a subset of JSON Schema draft 4), so
// what the description promises is what the server enforces. Our own code rather than
// Debian's libvalijson: that package depends on Qt 5, Poco, RapidJSON and JsonCpp, several
// hundred megabytes for CI to install, for the dozen keywords the specs use.

#include <nlohmann/json.hpp>
#include <vector>

#include "common/status.h"
#include "server/http.h"

namespace okno::server {

// The errors of `value` against `schema`, each at its JSON path (consent.given_on,
// changes[1].kind; "body" for the value itself), in document order. `definitions` holds the
// schemas a "$ref": "#/components/schemas/NAME" names. Keywords: type (one or a list), enum,
// properties, required, additionalProperties (false), items, minimum, maximum, minLength and
// maxLength (in characters), minItems, maxItems, format "date" (YYYY-MM-DD, a real day),
// nullable, $ref; description and default are documentation.
std::vector<FieldError> SchemaErrors(const nlohmann::json& schema, const nlohmann::json& value,
                                     const nlohmann::json& definitions = nlohmann::json::object());

// InvalidArgument naming the keyword and where, for a schema using one SchemaErrors does not
// check (a constraint the server would silently not enforce) or a $ref to nothing.
Status CheckSchema(const nlohmann::json& schema,
                   const nlohmann::json& definitions = nlohmann::json::object());

}  // namespace okno::server
