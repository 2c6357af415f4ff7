#include "server/json_schema.h"

#include <map>
#include <set>
#include <string>

namespace okno::server {
namespace {

using nlohmann::json;

const std::set<std::string>& Keywords() {
  static const std::set<std::string> keywords = {
      "type",        "enum",     "properties", "required",  "additionalProperties",
      "items",       "minimum",  "maximum",    "minLength", "maxLength",
      "minItems",    "maxItems", "format",     "nullable",  "$ref",
      "description", "default"};
  return keywords;
}

constexpr std::string_view kRefPrefix = "#/components/schemas/";

std::string Member(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string Where(const std::string& path) { return path.empty() ? "body" : path; }

// Characters, not bytes: a limit of 500 holds 500 Cyrillic letters.
size_t Characters(const std::string& text) {
  size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

bool IsDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  int year = std::stoi(text.substr(0, 4));
  int month = std::stoi(text.substr(5, 2));
  int day = std::stoi(text.substr(8, 2));
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool HasType(const json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  return false;
}

// "a string", "an integer or null", for a message.
std::string TypeName(const json& types, bool nullable) {
  static const std::map<std::string, std::string> kNames = {
      {"object", "an object"},   {"array", "a list"},    {"string", "text"},
      {"integer", "an integer"}, {"number", "a number"}, {"boolean", "true or false"},
      {"null", "null"}};
  std::string name;
  json list = types.is_array() ? types : json::array({types});
  for (const json& type : list) {
    if (!name.empty()) name += " or ";
    auto known = kNames.find(type.get<std::string>());
    name += known != kNames.end() ? known->second : type.get<std::string>();
  }
  return nullable ? name + " or null" : name;
}

// A "description" that says what the value is, added to an error about it.
std::string Explained(std::string message, const json& schema) {
  if (schema.contains("description"))
    message += " (" + schema["description"].get<std::string>() + ")";
  return message;
}

class Checker {
 public:
  explicit Checker(const json& definitions) : definitions_(definitions) {}

  void Check(const json& schema, const json& value, const std::string& path) {
    if (schema.contains("$ref")) {
      std::string name = schema["$ref"].get<std::string>().substr(kRefPrefix.size());
      Check(definitions_.at(name), value, path);
      return;
    }
    if (value.is_null() && schema.value("nullable", false)) return;
    if (schema.contains("type")) {
      const json& type = schema["type"];
      bool matches = false;
      for (const json& one : type.is_array() ? type : json::array({type})) {
        matches |= HasType(value, one.get<std::string>());
      }
      if (!matches) {
        Add(path, Explained(TypeName(type, schema.value("nullable", false)) + " expected", schema));
        return;
      }
    }
    if (schema.contains("enum")) {
      bool listed = false;
      std::string choices;
      for (const json& choice : schema["enum"]) {
        listed |= choice == value;
        choices += (choices.empty() ? "" : ", ") +
                   (choice.is_string() ? choice.get<std::string>() : choice.dump());
      }
      if (!listed) Add(path, "one of: " + choices);
    }
    if (value.is_number()) CheckNumber(schema, value, path);
    if (value.is_string()) CheckText(schema, value.get<std::string>(), path);
    if (value.is_array()) CheckList(schema, value, path);
    if (value.is_object()) CheckObject(schema, value, path);
  }

  std::vector<FieldError> errors;

 private:
  void Add(const std::string& path, std::string message) {
    errors.push_back({Where(path), std::move(message)});
  }

  void CheckNumber(const json& schema, const json& value, const std::string& path) {
    double number = value.get<double>();
    if (schema.contains("minimum") && number < schema["minimum"].get<double>()) {
      Add(path, "at least " + schema["minimum"].dump());
    }
    if (schema.contains("maximum") && number > schema["maximum"].get<double>()) {
      Add(path, "at most " + schema["maximum"].dump());
    }
  }

  void CheckText(const json& schema, const std::string& text, const std::string& path) {
    size_t length = Characters(text);
    if (schema.contains("minLength") && length < schema["minLength"].get<size_t>()) {
      Add(path, schema["minLength"].get<size_t>() == 1
                    ? Explained("must not be empty", schema)
                    : "at least " + schema["minLength"].dump() + " characters");
    }
    if (schema.contains("maxLength") && length > schema["maxLength"].get<size_t>()) {
      Add(path, "at most " + schema["maxLength"].dump() + " characters (" + std::to_string(length) +
                    " given)");
    }
    if (schema.value("format", "") == "date" && !IsDate(text)) {
      Add(path, "a date, YYYY-MM-DD ('" + text.substr(0, 40) + "' is not one)");
    }
  }

  void CheckList(const json& schema, const json& list, const std::string& path) {
    if (schema.contains("minItems") && list.size() < schema["minItems"].get<size_t>()) {
      Add(path, "at least " + schema["minItems"].dump() + " items");
    }
    if (schema.contains("maxItems") && list.size() > schema["maxItems"].get<size_t>()) {
      Add(path, "at most " + schema["maxItems"].dump() + " items (" + std::to_string(list.size()) +
                    " given)");
      return;  // not every one of too many
    }
    if (!schema.contains("items")) return;
    for (size_t i = 0; i < list.size(); ++i) {
      Check(schema["items"], list[i], Where(path) + "[" + std::to_string(i) + "]");
    }
  }

  void CheckObject(const json& schema, const json& object, const std::string& path) {
    const json properties = schema.value("properties", json::object());
    for (const json& name : schema.value("required", json::array())) {
      const std::string key = name.get<std::string>();
      if (!object.contains(key)) {
        Add(Member(path, key),
            Explained("required", properties.contains(key) ? properties[key] : json::object()));
      }
    }
    bool closed = schema.contains("additionalProperties") &&
                  schema["additionalProperties"].is_boolean() &&
                  !schema["additionalProperties"].get<bool>();
    for (const auto& [key, value] : object.items()) {
      if (properties.contains(key)) {
        Check(properties[key], value, Member(path, key));
      } else if (closed) {
        Add(Member(path, key), "unknown field");
      }
    }
  }

  const json& definitions_;
};

Status CheckSchemaAt(const json& schema, const json& definitions, const std::string& where) {
  if (!schema.is_object()) return InvalidArgumentError(where + ": a schema is an object");
  for (const auto& [keyword, value] : schema.items()) {
    if (!Keywords().contains(keyword)) {
      return InvalidArgumentError(where + ": the keyword '" + keyword + "' is not checked");
    }
  }
  // Keywords known, but only in the forms the checker enforces.
  if (schema.contains("type")) {
    const json& type = schema["type"];
    for (const json& one : type.is_array() ? type : json::array({type})) {
      static const std::set<std::string> kTypes = {"object", "array",   "string", "integer",
                                                   "number", "boolean", "null"};
      if (!one.is_string() || !kTypes.contains(one.get<std::string>())) {
        return InvalidArgumentError(where + ": no type " + one.dump());
      }
    }
  }
  if (schema.contains("additionalProperties") && schema["additionalProperties"] != false) {
    return InvalidArgumentError(where + ": additionalProperties is checked only as false");
  }
  if (schema.contains("format") && schema["format"] != "date") {
    return InvalidArgumentError(where + ": the format " + schema["format"].dump() +
                                " is not checked (only date)");
  }
  if (schema.contains("$ref")) {
    std::string ref = schema["$ref"].get<std::string>();
    if (!ref.starts_with(kRefPrefix) || !definitions.contains(ref.substr(kRefPrefix.size()))) {
      return InvalidArgumentError(where + ": $ref " + ref + " names no schema");
    }
  }
  if (schema.contains("properties")) {
    for (const auto& [key, property] : schema["properties"].items()) {
      OKNO_TRY(CheckSchemaAt(property, definitions, Member(where, key)));
    }
  }
  if (schema.contains("items")) {
    OKNO_TRY(CheckSchemaAt(schema["items"], definitions, where + "[]"));
  }
  return Status::Ok();
}

}  // namespace

std::vector<FieldError> SchemaErrors(const json& schema, const json& value,
                                     const json& definitions) {
  Checker checker(definitions);
  checker.Check(schema, value, "");
  return std::move(checker.errors);
}

Status CheckSchema(const json& schema, const json& definitions) {
  Status checked = CheckSchemaAt(schema, definitions, "schema");
  if (!checked.ok()) return checked;
  for (const auto& [name, definition] : definitions.items()) {
    OKNO_TRY(CheckSchemaAt(definition, definitions, name));
  }
  return Status::Ok();
}

}  // namespace okno::server
