#include "common/data_file.h"

#include <fstream>
#include <regex>
#include <sstream>

#include "common/yaml_json.h"

namespace okno {

Result<nlohmann::json> YamlToJson(const yaml::Node& node, std::string_view name) {
  switch (node.Type()) {
    case yaml::NodeType::kUndefined:
    case yaml::NodeType::kNull:
      return nlohmann::json(nullptr);
    case yaml::NodeType::kSequence: {
      nlohmann::json array = nlohmann::json::array();
      for (const yaml::Node& item : node) array.push_back(OKNO_TRY(YamlToJson(item, name)));
      return array;
    }
    case yaml::NodeType::kMap: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& entry : node) {
        std::string key = entry.first.Scalar();
        if (object.contains(key)) {
          return InvalidArgumentError(
              std::string(name) + ":" + std::to_string(entry.first.Mark().line + 1) + ":" +
              std::to_string(entry.first.Mark().column + 1) + ": duplicate key '" + key + "'");
        }
        object[key] = OKNO_TRY(YamlToJson(entry.second, name));
      }
      return object;
    }
    case yaml::NodeType::kScalar:
      break;
  }
  const std::string& text = node.Scalar();
  if (!node.IsPlain()) return nlohmann::json(text);
  static const std::regex kInteger("[-+]?[0-9]+");
  static const std::regex kNumber(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (text == "true" || text == "True" || text == "TRUE") return nlohmann::json(true);
  if (text == "false" || text == "False" || text == "FALSE") return nlohmann::json(false);
  if (std::regex_match(text, kInteger)) {
    try {
      return nlohmann::json(std::stoll(text));
    } catch (const std::out_of_range&) {
      return InvalidArgumentError(std::string(name) + ":" + std::to_string(node.Mark().line + 1) +
                                  ": integer " + text + " is out of range");
    }
  }
  if (std::regex_match(text, kNumber)) return nlohmann::json(std::stod(text));
  return nlohmann::json(text);
}

Result<nlohmann::json> ParseYaml(std::string_view text, std::string_view name) {
  yaml::Parsed parsed = yaml::Parse(text);
  if (parsed.error) {
    return InvalidArgumentError(
        std::string(name) + ":" + std::to_string(parsed.error->mark.line + 1) + ":" +
        std::to_string(parsed.error->mark.column + 1) + ": " + parsed.error->message);
  }
  return YamlToJson(parsed.root, name);
}

Result<nlohmann::json> ReadDataFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot read " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  std::string extension = path.extension().string();
  if (extension == ".yaml" || extension == ".yml") return ParseYaml(text, path.string());
  if (extension != ".json") {
    return InvalidArgumentError(path.string() + ": expected a .json, .yaml or .yml file");
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    // nlohmann reports a byte position; turn it into line and column.
    size_t byte = std::min(error.byte == 0 ? 0 : error.byte - 1, text.size());
    int line = 1, column = 1;
    for (size_t i = 0; i < byte; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    std::string message = error.what();
    size_t detail = message.find("; ");
    return InvalidArgumentError(path.string() + ":" + std::to_string(line) + ":" +
                                std::to_string(column) + ": malformed JSON" +
                                (detail == std::string::npos ? "" : message.substr(detail)));
  }
}

}  // namespace okno
