#include "cel/value.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "cel/time_util.h"
#include "common/fnv1a.h"

namespace okno::cel {
namespace internal {
namespace {

// FNV-1a over the bytes, folded: quick for the short strings rules compare.
size_t HashBytes(std::string_view text) {
  uint64_t hash = Fnv1a(text);
  return static_cast<size_t>(hash ^ (hash >> 29));
}

struct StringObject : HeapObject {
  explicit StringObject(std::string s) : data(std::move(s)) {}
  std::string data;
  // The hash of `data`, computed on first use (0: not yet; a real 0 is recomputed, harmlessly).
  mutable std::atomic<size_t> hash{0};

  size_t Hash() const {
    size_t cached = hash.load(std::memory_order_relaxed);
    if (cached == 0) {
      cached = HashBytes(data);
      hash.store(cached, std::memory_order_relaxed);
    }
    return cached;
  }
};

// The strings of a list, hashed, for `x in list` on long lists of strings (document kinds,
// excluded ids). Built on the first such test and kept with the list, which never changes.
// An open-addressing table with a power-of-two size: a probe is a multiply-free hash and a
// mask, quicker than std::unordered_set's modulo for the short strings rules test.
struct StringMembership {
  std::vector<std::string_view> slots;  // empty slots have a null data()
  size_t mask = 0;
  bool usable = false;

  void Build(const std::vector<Value>& elements) {
    size_t size = 16;
    while (size < elements.size() * 2) size *= 2;
    slots.assign(size, std::string_view());
    mask = size - 1;
    for (const Value& element : elements) {
      std::string_view text = element.string_value();
      size_t hash = HashBytes(text);
      if (Contains(text, hash)) continue;
      size_t i = hash & mask;
      while (slots[i].data() != nullptr) i = (i + 1) & mask;
      // A zero-length string still needs a non-null pointer to mark its slot taken.
      slots[i] = text.empty() ? std::string_view("", 0) : text;
    }
    usable = true;
  }

  bool Contains(std::string_view text, size_t hash) const {
    for (size_t i = hash & mask; slots[i].data() != nullptr; i = (i + 1) & mask) {
      if (slots[i].size() == text.size() &&
          std::memcmp(slots[i].data(), text.data(), text.size()) == 0) {
        return true;
      }
    }
    return false;
  }
};

struct ListObject : HeapObject {
  explicit ListObject(std::vector<Value> e) : elements(std::move(e)) {}
  ~ListObject() override { delete membership.load(std::memory_order_acquire); }
  std::vector<Value> elements;
  // Null until first needed; a list that is not all strings gets an empty marker set.
  mutable std::atomic<const StringMembership*> membership{nullptr};
};

struct MapObject : HeapObject {
  std::vector<std::pair<Value, Value>> entries;
  // Key hash → entry positions; built only for larger maps, where a scan would cost more.
  std::unordered_multimap<size_t, uint32_t> index;
};

struct ErrorObject : HeapObject {
  ErrorObject(std::string m, int32_t o) : message(std::move(m)), offset(o) {}
  std::string message;
  int32_t offset;
};

// A set of addresses in one flat table: a walk over a merge of n unknowns inserts n of them,
// and a node-based set's allocation per insert was most of the walk.
class PointerSet {
 public:
  // False when `pointer` was in already.
  bool Insert(const void* pointer) {
    if ((count_ + 1) * 2 > table_.size()) Grow();
    size_t mask = table_.size() - 1;
    for (size_t at = Slot(pointer, mask);; at = (at + 1) & mask) {
      if (table_[at] == pointer) return false;
      if (table_[at] == nullptr) {
        table_[at] = pointer;
        ++count_;
        return true;
      }
    }
  }

 private:
  static size_t Slot(const void* pointer, size_t mask) {
    return static_cast<size_t>(
               (reinterpret_cast<uintptr_t>(pointer) >> 4) * 0x9E3779B97F4A7C15ull >> 32) &
           mask;
  }
  void Grow() {
    std::vector<const void*> old(std::max<size_t>(64, table_.size() * 2), nullptr);
    old.swap(table_);
    count_ = 0;
    for (const void* pointer : old) {
      if (pointer != nullptr) Insert(pointer);
    }
  }

  std::vector<const void*> table_;
  size_t count_ = 0;
};

// The facts an unknown stands for. A merge of two unknowns keeps both and lists their union
// only when asked: a comprehension over n members with unknown facts merges n times, and
// copying the growing union at each step made one evaluation O(n²) (a public plan for a large
// household grew as n³ through the question ranking).
struct UnknownObject : HeapObject {
  explicit UnknownObject(std::vector<std::string> p) : paths(std::move(p)) { listed = true; }
  UnknownObject(Value a, Value b) : parts{std::move(a), std::move(b)} {}
  explicit UnknownObject(std::vector<Value> merged) : parts(std::move(merged)) {}

  const std::vector<std::string>& Paths() const {
    std::call_once(once, [this] {
      if (listed) return;
      ForEachListed([this](const UnknownObject& leaf) {
        paths.insert(paths.end(), leaf.paths.begin(), leaf.paths.end());
      });
      std::sort(paths.begin(), paths.end());
      paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
      listed.store(true, std::memory_order_release);
    });
    return paths;
  }

  // Calls `visit` with every listed unknown under this one (itself, once listed), each once
  // (merges may share a part).
  template <typename Visit>
  void ForEachListed(const Visit& visit) const {
    if (listed.load(std::memory_order_acquire)) {
      visit(*this);
      return;
    }
    PointerSet seen;
    std::vector<const UnknownObject*> stack = {this};
    while (!stack.empty()) {
      const UnknownObject* node = stack.back();
      stack.pop_back();
      if (!seen.Insert(node)) continue;
      if (node != this && node->listed.load(std::memory_order_acquire)) {
        visit(*node);
        continue;
      }
      for (const Value& part : node->parts) {
        stack.push_back(static_cast<const UnknownObject*>(part.payload()));
      }
    }
  }

  mutable std::once_flag once;
  mutable std::atomic<bool> listed{false};
  mutable std::vector<std::string> paths;  // sorted, unique; complete once `listed`
  std::vector<Value> parts;                // of a merge: the two unknowns merged
};

struct TypeObject : HeapObject {
  explicit TypeObject(std::string n) : name(std::move(n)) {}
  std::string name;
};

constexpr size_t kMapIndexThreshold = 8;

}  // namespace
}  // namespace internal

using internal::ErrorObject;
using internal::ListObject;
using internal::MapObject;
using internal::StringObject;
using internal::TypeObject;
using internal::UnknownObject;

Value Value::String(std::string s) {
  return FromHeap(Kind::kString, new StringObject(std::move(s)));
}

Value Value::Bytes(std::string s) { return FromHeap(Kind::kBytes, new StringObject(std::move(s))); }

Value Value::List(std::vector<Value> elements) {
  return FromHeap(Kind::kList, new ListObject(std::move(elements)));
}

Value Value::Map(std::vector<std::pair<Value, Value>> entries) {
  auto* map = new MapObject();
  Value result = FromHeap(Kind::kMap, map);
  bool indexed = entries.size() > internal::kMapIndexThreshold;
  map->entries.reserve(entries.size());
  for (auto& [key, value] : entries) {
    if (key.IsErrorOrUnknown()) return key;
    if (!key.is(Kind::kBool) && !key.is(Kind::kInt) && !key.is(Kind::kUint) &&
        !key.is(Kind::kString)) {
      return Error("unsupported key type: " + std::string(KindName(key.kind())));
    }
    if (result.MapFind(key) != nullptr) {
      return Error("Failed with repeated key: " + key.DebugString());
    }
    if (indexed) {
      map->index.emplace(Hash(key), static_cast<uint32_t>(map->entries.size()));
    }
    map->entries.emplace_back(std::move(key), std::move(value));
  }
  return result;
}

Value Value::Timestamp(int64_t seconds, int32_t nanos) {
  if (seconds < kMinTimestampSeconds || seconds > kMaxTimestampSeconds || nanos < 0 ||
      nanos >= kNanosPerSecond) {
    return Error("timestamp out of range");
  }
  Value v(Kind::kTimestamp);
  v.payload_.i = seconds;
  v.aux_ = nanos;
  return v;
}

Value Value::Duration(int64_t seconds, int32_t nanos) {
  if (!DurationInRange(seconds, nanos) || nanos <= -kNanosPerSecond || nanos >= kNanosPerSecond ||
      (seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
    return Error("duration out of range");
  }
  Value v(Kind::kDuration);
  v.payload_.i = seconds;
  v.aux_ = nanos;
  return v;
}

Value Value::Type(std::string_view name) {
  // Types are few and live for the whole process: intern them, so type values compare and
  // copy cheaply. The table is never destroyed, so values may outlive static destruction.
  static std::mutex mutex;
  static auto* interned =
      new std::unordered_map<std::string, Value, std::hash<std::string>, std::equal_to<>>();
  std::lock_guard lock(mutex);
  auto it = interned->find(std::string(name));
  if (it == interned->end()) {
    it = interned
             ->emplace(std::string(name), FromHeap(Kind::kType, new TypeObject(std::string(name))))
             .first;
  }
  return it->second;
}

Value Value::Error(std::string message, int32_t offset) {
  return FromHeap(Kind::kError, new ErrorObject(std::move(message), offset));
}

Value Value::Unknown(std::vector<std::string> paths) {
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return FromHeap(Kind::kUnknown, new UnknownObject(std::move(paths)));
}

Value Value::MergeUnknowns(const Value& a, const Value& b) {
  if (a.payload_.p == b.payload_.p) return a;
  return FromHeap(Kind::kUnknown, new UnknownObject(a, b));
}

Value Value::MergeUnknowns(std::vector<Value> unknowns) {
  if (unknowns.size() == 1) return std::move(unknowns.front());
  return FromHeap(Kind::kUnknown, new UnknownObject(std::move(unknowns)));
}

const std::string& Value::string_value() const {
  return static_cast<const StringObject*>(payload_.p)->data;
}
const std::vector<Value>& Value::list_elements() const {
  return static_cast<const ListObject*>(payload_.p)->elements;
}
const std::vector<std::pair<Value, Value>>& Value::map_entries() const {
  return static_cast<const MapObject*>(payload_.p)->entries;
}
const std::string& Value::type_name() const {
  return static_cast<const TypeObject*>(payload_.p)->name;
}
const std::string& Value::error_message() const {
  return static_cast<const ErrorObject*>(payload_.p)->message;
}
int32_t Value::error_offset() const { return static_cast<const ErrorObject*>(payload_.p)->offset; }
const std::vector<std::string>& Value::unknown_paths() const {
  return static_cast<const UnknownObject*>(payload_.p)->Paths();
}

void Value::AppendUnknownPaths(std::vector<std::string_view>& paths) const {
  static_cast<const UnknownObject*>(payload_.p)->ForEachListed([&](const UnknownObject& leaf) {
    paths.insert(paths.end(), leaf.paths.begin(), leaf.paths.end());
  });
}

int Value::ListContainsString(const Value& text_value) const {
  const std::string& text = text_value.string_value();
  const auto* list = static_cast<const ListObject*>(payload_.p);
  if (list->elements.size() < 8) {
    // A scan is as quick as a hash here.
    for (const Value& element : list->elements) {
      if (!element.is(Kind::kString)) return -1;
    }
    for (const Value& element : list->elements) {
      const std::string& candidate = element.string_value();
      if (candidate.size() == text.size() &&
          std::memcmp(candidate.data(), text.data(), text.size()) == 0) {
        return 1;
      }
    }
    return 0;
  }
  const internal::StringMembership* index = list->membership.load(std::memory_order_acquire);
  if (index == nullptr) {
    auto* built = new internal::StringMembership();
    bool all_strings = true;
    for (const Value& element : list->elements)
      all_strings = all_strings && element.is(Kind::kString);
    if (all_strings) built->Build(list->elements);
    const internal::StringMembership* expected = nullptr;
    // Another thread may have built it meanwhile: keep theirs.
    if (list->membership.compare_exchange_strong(expected, built, std::memory_order_acq_rel)) {
      index = built;
    } else {
      delete built;
      index = expected;
    }
  }
  if (!index->usable) return -1;
  return index->Contains(text, static_cast<const StringObject*>(text_value.payload_.p)->Hash()) ? 1
                                                                                                : 0;
}

const Value* Value::MapFind(const Value& key) const {
  const auto* map = static_cast<const MapObject*>(payload_.p);
  if (!map->index.empty()) {
    auto [begin, end] = map->index.equal_range(Hash(key));
    for (auto it = begin; it != end; ++it) {
      const auto& entry = map->entries[it->second];
      if (Equal(entry.first, key)) return &entry.second;
    }
    return nullptr;
  }
  if (key.is(Kind::kString)) {
    // Field selection on a record given as a map: string keys, compared length first.
    const std::string& text = key.string_value();
    for (const auto& entry : map->entries) {
      if (entry.first.is(Kind::kString)) {
        const std::string& candidate = entry.first.string_value();
        if (candidate.size() == text.size() &&
            std::memcmp(candidate.data(), text.data(), text.size()) == 0) {
          return &entry.second;
        }
      }
    }
    return nullptr;
  }
  for (const auto& entry : map->entries) {
    if (Equal(entry.first, key)) return &entry.second;
  }
  return nullptr;
}

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull:
      return "null_type";
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return "int";
    case Kind::kUint:
      return "uint";
    case Kind::kDouble:
      return "double";
    case Kind::kString:
      return "string";
    case Kind::kBytes:
      return "bytes";
    case Kind::kList:
      return "list";
    case Kind::kMap:
      return "map";
    case Kind::kTimestamp:
      return "google.protobuf.Timestamp";
    case Kind::kDuration:
      return "google.protobuf.Duration";
    case Kind::kType:
      return "type";
    case Kind::kError:
      return "error";
    case Kind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

Value Value::TypeOf() const {
  if (IsErrorOrUnknown()) return *this;
  return Type(KindName(kind_));
}

namespace {

// Compares an int with a uint exactly.
int CompareIntUint(int64_t i, uint64_t u) {
  if (i < 0) return -1;
  uint64_t as_unsigned = static_cast<uint64_t>(i);
  return as_unsigned < u ? -1 : (as_unsigned > u ? 1 : 0);
}

// CEL compares a double with an int or uint as doubles, rounding the integer (the
// conformance suite has 2^63 - 1 equal to 2^63 as a double). 2 for NaN.
int CompareDoubles(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return 2;
  return a < b ? -1 : (a > b ? 1 : 0);
}
int CompareDoubleInt(double d, int64_t i) { return CompareDoubles(d, static_cast<double>(i)); }
int CompareDoubleUint(double d, uint64_t u) { return CompareDoubles(d, static_cast<double>(u)); }

template <typename T>
int Three(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

bool IsNumber(Kind kind) {
  return kind == Kind::kInt || kind == Kind::kUint || kind == Kind::kDouble;
}

}  // namespace

int Compare(const Value& a, const Value& b) {
  Kind ka = a.kind(), kb = b.kind();
  if (IsNumber(ka) && IsNumber(kb)) {
    switch (ka) {
      case Kind::kInt:
        if (kb == Kind::kInt) return Three(a.int_value(), b.int_value());
        if (kb == Kind::kUint) return CompareIntUint(a.int_value(), b.uint_value());
        {
          int c = CompareDoubleInt(b.double_value(), a.int_value());
          return c == 2 ? 2 : -c;
        }
      case Kind::kUint:
        if (kb == Kind::kUint) return Three(a.uint_value(), b.uint_value());
        if (kb == Kind::kInt) return -CompareIntUint(b.int_value(), a.uint_value());
        {
          int c = CompareDoubleUint(b.double_value(), a.uint_value());
          return c == 2 ? 2 : -c;
        }
      default:
        if (kb == Kind::kInt) return CompareDoubleInt(a.double_value(), b.int_value());
        if (kb == Kind::kUint) return CompareDoubleUint(a.double_value(), b.uint_value());
        if (std::isnan(a.double_value()) || std::isnan(b.double_value())) return 2;
        return Three(a.double_value(), b.double_value());
    }
  }
  if (ka != kb) return 3;
  switch (ka) {
    case Kind::kBool:
      return Three(a.bool_value(), b.bool_value());
    case Kind::kString:
    case Kind::kBytes: {
      int c = a.string_value().compare(b.string_value());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Kind::kTimestamp:
    case Kind::kDuration: {
      int c = Three(a.seconds(), b.seconds());
      return c != 0 ? c : Three(a.nanos(), b.nanos());
    }
    default:
      return 3;
  }
}

bool Equal(const Value& a, const Value& b) {
  Kind ka = a.kind(), kb = b.kind();
  if (IsNumber(ka) && IsNumber(kb)) return Compare(a, b) == 0;
  if (ka != kb) return false;
  switch (ka) {
    case Kind::kNull:
      return true;
    case Kind::kBool:
      return a.bool_value() == b.bool_value();
    case Kind::kString:
    case Kind::kBytes:
      return a.string_value() == b.string_value();
    case Kind::kTimestamp:
    case Kind::kDuration:
      return a.seconds() == b.seconds() && a.nanos() == b.nanos();
    case Kind::kType:
      return a.type_name() == b.type_name();
    case Kind::kList: {
      const auto& x = a.list_elements();
      const auto& y = b.list_elements();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!Equal(x[i], y[i])) return false;
      }
      return true;
    }
    case Kind::kMap: {
      if (a.map_entries().size() != b.map_entries().size()) return false;
      for (const auto& [key, value] : a.map_entries()) {
        const Value* other = b.MapFind(key);
        if (other == nullptr || !Equal(value, *other)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

size_t Hash(const Value& value) {
  switch (value.kind()) {
    case Kind::kBool:
      return value.bool_value() ? 1 : 2;
    case Kind::kInt:
      return std::hash<int64_t>()(value.int_value());
    case Kind::kUint:
      // Equal numbers hash equally: a uint that fits an int hashes as that int.
      if (value.uint_value() <= static_cast<uint64_t>(INT64_MAX)) {
        return std::hash<int64_t>()(static_cast<int64_t>(value.uint_value()));
      }
      return std::hash<uint64_t>()(value.uint_value());
    case Kind::kDouble: {
      double d = value.double_value();
      if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == std::trunc(d)) {
        return std::hash<int64_t>()(static_cast<int64_t>(d));
      }
      if (d >= 0 && d < 18446744073709551616.0 && d == std::trunc(d)) {
        return std::hash<uint64_t>()(static_cast<uint64_t>(d));
      }
      return std::hash<double>()(d);
    }
    case Kind::kString:
    case Kind::kBytes:
      return std::hash<std::string>()(value.string_value());
    default:
      return static_cast<size_t>(value.kind());
  }
}

namespace {

void AppendQuoted(std::string& out, const std::string& text, bool bytes) {
  out += bytes ? "b\"" : "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f || (bytes && c >= 0x80)) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
          out += escaped;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void AppendDebug(std::string& out, const Value& value) {
  switch (value.kind()) {
    case Kind::kNull:
      out += "null";
      break;
    case Kind::kBool:
      out += value.bool_value() ? "true" : "false";
      break;
    case Kind::kInt:
      out += std::to_string(value.int_value());
      break;
    case Kind::kUint:
      out += std::to_string(value.uint_value()) + "u";
      break;
    case Kind::kDouble: {
      // An integral double keeps its ".0", so it reads as a double and not an int.
      std::string text = FormatDouble(value.double_value());
      if (text.find_first_of(".eEnI") == std::string::npos) text += ".0";
      out += text;
      break;
    }
    case Kind::kString:
      AppendQuoted(out, value.string_value(), false);
      break;
    case Kind::kBytes:
      AppendQuoted(out, value.string_value(), true);
      break;
    case Kind::kList: {
      out += '[';
      bool first = true;
      for (const Value& element : value.list_elements()) {
        if (!first) out += ", ";
        first = false;
        AppendDebug(out, element);
      }
      out += ']';
      break;
    }
    case Kind::kMap: {
      out += '{';
      bool first = true;
      for (const auto& [key, element] : value.map_entries()) {
        if (!first) out += ", ";
        first = false;
        AppendDebug(out, key);
        out += ": ";
        AppendDebug(out, element);
      }
      out += '}';
      break;
    }
    case Kind::kTimestamp:
      out += "timestamp(\"" + FormatTimestamp(value.seconds(), value.nanos()) + "\")";
      break;
    case Kind::kDuration:
      out += "duration(\"" + FormatDuration(value.seconds(), value.nanos()) + "\")";
      break;
    case Kind::kType:
      out += value.type_name();
      break;
    case Kind::kError:
      out += "error(" + value.error_message() + ")";
      break;
    case Kind::kUnknown: {
      out += "unknown(";
      bool first = true;
      for (const std::string& path : value.unknown_paths()) {
        if (!first) out += ", ";
        first = false;
        out += path;
      }
      out += ')';
      break;
    }
  }
}

}  // namespace

std::string Value::DebugString() const {
  std::string out;
  AppendDebug(out, *this);
  return out;
}

}  // namespace okno::cel
