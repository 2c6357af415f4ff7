#include "cel/value_json.h"

#include <sodium.h>

#include <cmath>
#include <cstring>

#include "cel/time_util.h"

namespace okno::cel {

Result<Value> ValueFromJson(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::null:
      return Value::Null();
    case nlohmann::json::value_t::boolean:
      return Value::Bool(json.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return Value::Int(json.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      uint64_t n = json.get<uint64_t>();
      if (n > static_cast<uint64_t>(INT64_MAX)) {
        return InvalidArgumentError("integer " + std::to_string(n) + " is out of range");
      }
      return Value::Int(static_cast<int64_t>(n));
    }
    case nlohmann::json::value_t::number_float:
      return Value::Double(json.get<double>());
    case nlohmann::json::value_t::string:
      return Value::String(json.get<std::string>());
    case nlohmann::json::value_t::array: {
      std::vector<Value> elements;
      elements.reserve(json.size());
      for (const auto& item : json) elements.push_back(OKNO_TRY(ValueFromJson(item)));
      return Value::List(std::move(elements));
    }
    case nlohmann::json::value_t::object: {
      std::vector<std::pair<Value, Value>> entries;
      entries.reserve(json.size());
      for (const auto& [key, item] : json.items()) {
        entries.emplace_back(Value::String(key), OKNO_TRY(ValueFromJson(item)));
      }
      return Value::Map(std::move(entries));
    }
    default:
      return InvalidArgumentError("unsupported JSON value");
  }
}

nlohmann::json ValueToJson(const Value& value) {
  switch (value.kind()) {
    case Kind::kNull:
      return nullptr;
    case Kind::kBool:
      return value.bool_value();
    case Kind::kInt:
      return value.int_value();
    case Kind::kUint:
      return value.uint_value();
    case Kind::kDouble: {
      double d = value.double_value();
      if (std::isnan(d)) return "NaN";
      if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
      return d;
    }
    case Kind::kString:
      return value.string_value();
    case Kind::kBytes: {
      const std::string& bytes = value.string_value();
      std::string encoded(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL),
                          '\0');
      sodium_bin2base64(encoded.data(), encoded.size(),
                        reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                        sodium_base64_VARIANT_ORIGINAL);
      encoded.resize(std::strlen(encoded.c_str()));
      return encoded;
    }
    case Kind::kList: {
      nlohmann::json array = nlohmann::json::array();
      for (const Value& element : value.list_elements()) array.push_back(ValueToJson(element));
      return array;
    }
    case Kind::kMap: {
      bool string_keys = true;
      for (const auto& entry : value.map_entries()) {
        string_keys = string_keys && entry.first.is(Kind::kString);
      }
      if (string_keys) {
        nlohmann::json object = nlohmann::json::object();
        for (const auto& [key, element] : value.map_entries()) {
          object[key.string_value()] = ValueToJson(element);
        }
        return object;
      }
      nlohmann::json pairs = nlohmann::json::array();
      for (const auto& [key, element] : value.map_entries()) {
        pairs.push_back({ValueToJson(key), ValueToJson(element)});
      }
      return pairs;
    }
    case Kind::kTimestamp:
      return FormatTimestamp(value.seconds(), value.nanos());
    case Kind::kDuration:
      return FormatDuration(value.seconds(), value.nanos());
    case Kind::kType:
      return value.type_name();
    case Kind::kError:
    case Kind::kUnknown:
      return nullptr;
  }
  return nullptr;
}

}  // namespace okno::cel
