#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace okno::cel {

// The kinds of CEL values. kError and kUnknown are values too: CEL evaluation carries them
// through operators instead of stopping (`false && error` is false, `true || unknown` is true).
enum class Kind : uint8_t {
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
  kError,
  kUnknown,
};

class Value;

namespace internal {

// Immutable, reference-counted payload of the heap kinds.
struct HeapObject {
  mutable std::atomic<uint32_t> refs{1};
  virtual ~HeapObject() = default;
};

}  // namespace internal

// A CEL value in 16 bytes: a kind, a 32-bit auxiliary field (nanoseconds of timestamps and
// durations) and an 8-byte payload (a scalar or a pointer to an immutable heap object).
// Copying shares heap payloads. Values are immutable, so a value may be read from many threads.
class Value {
 public:
  Value() : kind_(Kind::kNull) { payload_.i = 0; }
  ~Value() { Release(); }
  Value(const Value& other) : kind_(other.kind_), aux_(other.aux_), payload_(other.payload_) {
    Retain();
  }
  Value(Value&& other) noexcept : kind_(other.kind_), aux_(other.aux_), payload_(other.payload_) {
    other.kind_ = Kind::kNull;
  }
  Value& operator=(const Value& other) {
    if (this != &other) {
      other.Retain();
      Release();
      kind_ = other.kind_;
      aux_ = other.aux_;
      payload_ = other.payload_;
    }
    return *this;
  }
  Value& operator=(Value&& other) noexcept {
    if (this != &other) {
      Release();
      kind_ = other.kind_;
      aux_ = other.aux_;
      payload_ = other.payload_;
      other.kind_ = Kind::kNull;
    }
    return *this;
  }

  static Value Null() { return Value(); }
  static Value Bool(bool b) {
    Value v(Kind::kBool);
    v.payload_.i = 0;
    v.payload_.b = b;
    return v;
  }
  static Value Int(int64_t i) {
    Value v(Kind::kInt);
    v.payload_.i = i;
    return v;
  }
  static Value Uint(uint64_t u) {
    Value v(Kind::kUint);
    v.payload_.u = u;
    return v;
  }
  static Value Double(double d) {
    Value v(Kind::kDouble);
    v.payload_.d = d;
    return v;
  }
  static Value String(std::string s);
  static Value Bytes(std::string s);
  static Value List(std::vector<Value> elements);
  // Builds a map from entries; fails (returns an error value) on a duplicate key or a key of a
  // kind CEL does not allow (only bool, int, uint, string).
  static Value Map(std::vector<std::pair<Value, Value>> entries);
  // A timestamp `seconds` since the Unix epoch plus `nanos` in [0, 1e9); an error value when
  // outside CEL's range (years 0001 to 9999).
  static Value Timestamp(int64_t seconds, int32_t nanos);
  // A duration of `seconds` plus `nanos` (same sign, |nanos| < 1e9); an error value when
  // outside ±315,576,000,000 s.
  static Value Duration(int64_t seconds, int32_t nanos);
  // The type named `name` ("int", "list", "google.protobuf.Timestamp", a record type).
  static Value Type(std::string_view name);
  // An evaluation error; `offset` is where in the expression it arose (-1: not yet known).
  static Value Error(std::string message, int32_t offset = -1);
  // An unknown value standing for the facts at `paths` (kept sorted and unique).
  static Value Unknown(std::vector<std::string> paths);
  // The union of two unknown values' paths.
  static Value MergeUnknowns(const Value& a, const Value& b);
  // The same for any number of unknowns (at least one) at once.
  static Value MergeUnknowns(std::vector<Value> unknowns);

  Kind kind() const { return kind_; }
  bool is(Kind kind) const { return kind_ == kind; }
  bool IsErrorOrUnknown() const { return kind_ == Kind::kError || kind_ == Kind::kUnknown; }

  bool bool_value() const { return payload_.b; }
  int64_t int_value() const { return payload_.i; }
  uint64_t uint_value() const { return payload_.u; }
  double double_value() const { return payload_.d; }
  // Requires kString or kBytes.
  const std::string& string_value() const;
  // Requires kList.
  const std::vector<Value>& list_elements() const;
  // Requires kList: 1 when the list holds the string `text`, 0 when not, -1 when the list is
  // not all strings (then CEL's general `in` decides). Long lists of strings keep a hash set
  // built on first use.
  // `text` must be a string value (its hash is kept with it, for repeated tests).
  int ListContainsString(const Value& text) const;
  // Requires kMap: entries in insertion order.
  const std::vector<std::pair<Value, Value>>& map_entries() const;
  // Requires kMap: the value under `key` (numeric keys compare by value: 1, 1u and 1.0 find
  // the same entry), or nullptr.
  const Value* MapFind(const Value& key) const;
  // Requires kTimestamp or kDuration.
  int64_t seconds() const { return payload_.i; }
  int32_t nanos() const { return aux_; }
  // Requires kType: the type's name.
  const std::string& type_name() const;
  // Requires kError.
  const std::string& error_message() const;
  // Requires kError: the byte offset in the expression where the error arose, or -1.
  int32_t error_offset() const;
  // Requires kUnknown: sorted, unique fact paths.
  const std::vector<std::string>& unknown_paths() const;
  // Appends each fact path of an unknown to `paths` without listing them first (quicker when
  // they are only counted or gathered): the same path may come more than once. The views
  // live as long as the value.
  void AppendUnknownPaths(std::vector<std::string_view>& paths) const;

  // The CEL type of this value ("int", "list", "map", "google.protobuf.Timestamp", ...).
  Value TypeOf() const;

  // Writes the value as CEL source-like text: 1, 2u, 3.5, "a", b"\x00", [1, 2], {"k": v},
  // timestamp("2026-11-26T00:00:00Z"), duration("3600s"), int, error(...), unknown(...).
  std::string DebugString() const;

  // The heap object of a string, list, map, type, error or unknown value (for the value
  // model's own objects).
  const internal::HeapObject* payload() const { return payload_.p; }

  // Whether `other` is this very value: the same kind and bits (the same heap object for a
  // string, list or map). Values never change, so identical ones are equal; equal ones need
  // not be identical. For caches keyed by the facts a result was computed from.
  bool IdenticalTo(const Value& other) const {
    return kind_ == other.kind_ && aux_ == other.aux_ && payload_.u == other.payload_.u;
  }
  size_t IdentityHash() const {
    return static_cast<size_t>(payload_.u * 0x9E3779B97F4A7C15ull) ^
           (static_cast<size_t>(kind_) << 1) ^ static_cast<size_t>(aux_);
  }

 private:
  explicit Value(Kind kind) : kind_(kind) {}
  static Value FromHeap(Kind kind, internal::HeapObject* object) {
    Value v(kind);
    v.payload_.p = object;
    return v;
  }
  bool IsHeap() const {
    return kind_ >= Kind::kString && kind_ != Kind::kTimestamp && kind_ != Kind::kDuration;
  }
  void Retain() const {
    if (IsHeap()) payload_.p->refs.fetch_add(1, std::memory_order_relaxed);
  }
  void Release() {
    if (IsHeap() && payload_.p->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      delete payload_.p;
    }
  }

  Kind kind_;
  int32_t aux_ = 0;
  union {
    bool b;
    int64_t i;
    uint64_t u;
    double d;
    internal::HeapObject* p;
  } payload_;
};

static_assert(sizeof(Value) == 16);

// CEL equality with heterogeneous numbers (1 == 1u == 1.0; NaN equals nothing), element-wise
// for lists and maps. Values of different kinds are unequal. Neither may be error or unknown.
bool Equal(const Value& a, const Value& b);

// CEL ordering for <, <=, >, >=: -1, 0 or 1, comparing int, uint and double by value across
// kinds. Returns 2 when the values are unordered (NaN) and 3 when the kinds cannot be compared.
int Compare(const Value& a, const Value& b);

// A hash consistent with Equal for the kinds allowed as map keys and for numbers.
size_t Hash(const Value& value);

// The name of a kind as CEL's type() gives it ("int", "google.protobuf.Timestamp", ...).
std::string_view KindName(Kind kind);

}  // namespace okno::cel
