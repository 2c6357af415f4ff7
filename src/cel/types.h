#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace okno::cel {

// A CEL type as the checker sees it. kDyn is open: anything may be there, and operations on it
// are checked when the rule runs. kRecord names a record type declared in the environment
// (`household`, `person`); kList has one parameter, kMap two (key, value).
struct CelType {
  enum class Kind : uint8_t {
    kDyn,
    kNull,
    kBool,
    kInt,
    kUint,
    kDouble,
    kString,
    kBytes,
    kList,
    kMap,
    kTimestamp,
    kDuration,
    kType,
    kRecord,
  };
  Kind kind = Kind::kDyn;
  std::string record;
  std::vector<CelType> params;

  static CelType Dyn() { return {}; }
  static CelType Of(Kind kind) { return {kind, {}, {}}; }
  static CelType Record(std::string name) { return {Kind::kRecord, std::move(name), {}}; }
  static CelType List(CelType element) { return {Kind::kList, {}, {std::move(element)}}; }
  static CelType Map(CelType key, CelType value) {
    return {Kind::kMap, {}, {std::move(key), std::move(value)}};
  }

  bool is(Kind k) const { return kind == k; }
  bool IsDyn() const { return kind == Kind::kDyn; }
  bool IsNumber() const {
    return kind == Kind::kInt || kind == Kind::kUint || kind == Kind::kDouble;
  }
  // The element type of a list (dyn for an undeclared one); the key type of a map.
  CelType Param(size_t i) const { return i < params.size() ? params[i] : Dyn(); }

  // "int", "list(string)", "map(string, dyn)", "household".
  std::string Name() const;

  friend bool operator==(const CelType&, const CelType&) = default;
};

}  // namespace okno::cel
