#pragma once

// A parsed YAML node as a JSON document. Separate from data_file.h so that only code that
// already works with yaml-cpp nodes (the catalog) includes yaml-cpp.

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <string_view>

#include "common/status.h"

namespace okno {

// YAML scalars become what they spell: null (~, null), true/false, integers, numbers with a
// fraction or exponent, else strings; quoted scalars stay strings. A key given twice is an
// error naming `name` and the line and column.
Result<nlohmann::json> YamlToJson(const YAML::Node& node, std::string_view name);

}  // namespace okno
