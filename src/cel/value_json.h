#pragma once

#include <nlohmann/json.hpp>

#include "cel/value.h"
#include "common/status.h"

namespace okno::cel {

// A JSON document as a CEL value: numbers written with a fraction or an exponent are doubles,
// other numbers ints (an integer beyond int64 is an error), objects are maps with string keys.
Result<Value> ValueFromJson(const nlohmann::json& json);

// A CEL value as JSON: ints and uints as numbers, doubles as numbers or "NaN", "Infinity",
// "-Infinity", bytes in base64, timestamps in RFC 3339, durations like "3600s", types by
// name, maps with string keys as objects and other maps as a list of [key, value] pairs.
// Errors and unknowns have no JSON form here; they become null.
nlohmann::json ValueToJson(const Value& value);

}  // namespace okno::cel
