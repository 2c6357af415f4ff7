#pragma once

// A parsed YAML node as a JSON document, for code that already holds the node (the catalog
// reads its parameter tables so).

#include <nlohmann/json.hpp>
#include <string_view>

#include "common/status.h"
#include "common/yaml.h"

namespace okno {

// YAML scalars become what they spell: null (~, null), true/false, integers, numbers with a
// fraction or exponent, else strings; quoted scalars stay strings. A key given twice is an
// error naming `name` and the line and column.
Result<nlohmann::json> YamlToJson(const yaml::Node& node, std::string_view name);

}  // namespace okno
