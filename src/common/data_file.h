#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>

#include "common/status.h"

namespace okno {

// Reads a JSON (.json) or YAML (.yaml, .yml) file into a JSON document, so both formats take
// one path through the code. YAML scalars become what they spell: null (~, null), true/false,
// integers, numbers with a fraction or exponent, else strings; quoted scalars stay strings.
// Errors name the file, and the line and column where the text is malformed.
Result<nlohmann::json> ReadDataFile(const std::filesystem::path& path);

// Parses `text` as YAML (a superset of JSON) into a JSON document; `name` is used in errors.
Result<nlohmann::json> ParseYaml(std::string_view text, std::string_view name);

}  // namespace okno
