// CEL's standard functions and operators over values that are neither errors nor unknowns.

#include <re2/re2.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "cel/ast.h"
#include "cel/internal/ir.h"
#include "cel/internal/utf8.h"
#include "cel/time_util.h"

namespace okno::cel::internal {
namespace {

Value NoOverload(std::string_view function, const Value* const* args, int argc) {
  std::string message = "no such overload: " + std::string(function) + "(";
  for (int i = 0; i < argc; ++i) {
    if (i) message += ", ";
    message += KindName(args[i]->kind());
  }
  return Value::Error(message + ")");
}

Value NoOverload(std::string_view function, const Value* args, int argc) {
  std::string message = "no such overload: " + std::string(function) + "(";
  for (int i = 0; i < argc; ++i) {
    if (i) message += ", ";
    message += KindName(args[i].kind());
  }
  return Value::Error(message + ")");
}

Value Overflow() { return Value::Error("integer overflow"); }

// Code points in valid UTF-8 (strings are validated when built from literals and input).
int64_t CodePoints(const std::string& text) {
  int64_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

// Normalises seconds and nanoseconds so both have one sign and |nanos| < 1e9.
void Normalize(int64_t& seconds, int64_t& nanos) {
  seconds += nanos / kNanosPerSecond;
  nanos %= kNanosPerSecond;
  if (seconds > 0 && nanos < 0) {
    seconds -= 1;
    nanos += kNanosPerSecond;
  } else if (seconds < 0 && nanos > 0) {
    seconds += 1;
    nanos -= kNanosPerSecond;
  }
}

Value MakeTimestamp(int64_t seconds, int64_t nanos) {
  seconds += nanos / kNanosPerSecond;
  nanos %= kNanosPerSecond;
  if (nanos < 0) {
    seconds -= 1;
    nanos += kNanosPerSecond;
  }
  return Value::Timestamp(seconds, static_cast<int32_t>(nanos));
}

Value MakeDuration(int64_t seconds, int64_t nanos) {
  Normalize(seconds, nanos);
  return Value::Duration(seconds, static_cast<int32_t>(nanos));
}

Value Add(const Value& a, const Value& b) {
  Kind ka = a.kind(), kb = b.kind();
  if (ka == Kind::kInt && kb == Kind::kInt) {
    int64_t out;
    if (__builtin_add_overflow(a.int_value(), b.int_value(), &out)) return Overflow();
    return Value::Int(out);
  }
  if (ka == Kind::kUint && kb == Kind::kUint) {
    uint64_t out;
    if (__builtin_add_overflow(a.uint_value(), b.uint_value(), &out)) return Overflow();
    return Value::Uint(out);
  }
  if (ka == Kind::kDouble && kb == Kind::kDouble) {
    return Value::Double(a.double_value() + b.double_value());
  }
  if (ka == Kind::kString && kb == Kind::kString) {
    return Value::String(a.string_value() + b.string_value());
  }
  if (ka == Kind::kBytes && kb == Kind::kBytes) {
    return Value::Bytes(a.string_value() + b.string_value());
  }
  if (ka == Kind::kList && kb == Kind::kList) {
    if (b.list_elements().empty()) return a;
    if (a.list_elements().empty()) return b;
    std::vector<Value> elements;
    elements.reserve(a.list_elements().size() + b.list_elements().size());
    elements.insert(elements.end(), a.list_elements().begin(), a.list_elements().end());
    elements.insert(elements.end(), b.list_elements().begin(), b.list_elements().end());
    return Value::List(std::move(elements));
  }
  if (ka == Kind::kTimestamp && kb == Kind::kDuration) {
    return MakeTimestamp(a.seconds() + b.seconds(), int64_t{a.nanos()} + b.nanos());
  }
  if (ka == Kind::kDuration && kb == Kind::kTimestamp) return Add(b, a);
  if (ka == Kind::kDuration && kb == Kind::kDuration) {
    return MakeDuration(a.seconds() + b.seconds(), int64_t{a.nanos()} + b.nanos());
  }
  Value args[] = {a, b};
  return NoOverload("_+_", args, 2);
}

Value Subtract(const Value& a, const Value& b) {
  Kind ka = a.kind(), kb = b.kind();
  if (ka == Kind::kInt && kb == Kind::kInt) {
    int64_t out;
    if (__builtin_sub_overflow(a.int_value(), b.int_value(), &out)) return Overflow();
    return Value::Int(out);
  }
  if (ka == Kind::kUint && kb == Kind::kUint) {
    uint64_t out;
    if (__builtin_sub_overflow(a.uint_value(), b.uint_value(), &out)) return Overflow();
    return Value::Uint(out);
  }
  if (ka == Kind::kDouble && kb == Kind::kDouble) {
    return Value::Double(a.double_value() - b.double_value());
  }
  if (ka == Kind::kTimestamp && kb == Kind::kDuration) {
    return MakeTimestamp(a.seconds() - b.seconds(), int64_t{a.nanos()} - b.nanos());
  }
  if (ka == Kind::kTimestamp && kb == Kind::kTimestamp) {
    return MakeDuration(a.seconds() - b.seconds(), int64_t{a.nanos()} - b.nanos());
  }
  if (ka == Kind::kDuration && kb == Kind::kDuration) {
    return MakeDuration(a.seconds() - b.seconds(), int64_t{a.nanos()} - b.nanos());
  }
  Value args[] = {a, b};
  return NoOverload("_-_", args, 2);
}

Value Multiply(const Value& a, const Value& b) {
  Kind ka = a.kind(), kb = b.kind();
  if (ka == Kind::kInt && kb == Kind::kInt) {
    int64_t out;
    if (__builtin_mul_overflow(a.int_value(), b.int_value(), &out)) return Overflow();
    return Value::Int(out);
  }
  if (ka == Kind::kUint && kb == Kind::kUint) {
    uint64_t out;
    if (__builtin_mul_overflow(a.uint_value(), b.uint_value(), &out)) return Overflow();
    return Value::Uint(out);
  }
  if (ka == Kind::kDouble && kb == Kind::kDouble) {
    return Value::Double(a.double_value() * b.double_value());
  }
  Value args[] = {a, b};
  return NoOverload("_*_", args, 2);
}

Value Divide(const Value& a, const Value& b) {
  Kind ka = a.kind(), kb = b.kind();
  if (ka == Kind::kInt && kb == Kind::kInt) {
    if (b.int_value() == 0) return Value::Error("division by zero");
    if (a.int_value() == INT64_MIN && b.int_value() == -1) return Overflow();
    return Value::Int(a.int_value() / b.int_value());
  }
  if (ka == Kind::kUint && kb == Kind::kUint) {
    if (b.uint_value() == 0) return Value::Error("division by zero");
    return Value::Uint(a.uint_value() / b.uint_value());
  }
  if (ka == Kind::kDouble && kb == Kind::kDouble) {
    return Value::Double(a.double_value() / b.double_value());
  }
  Value args[] = {a, b};
  return NoOverload("_/_", args, 2);
}

Value Modulo(const Value& a, const Value& b) {
  Kind ka = a.kind(), kb = b.kind();
  if (ka == Kind::kInt && kb == Kind::kInt) {
    if (b.int_value() == 0) return Value::Error("modulus by zero");
    if (a.int_value() == INT64_MIN && b.int_value() == -1) return Overflow();
    return Value::Int(a.int_value() % b.int_value());
  }
  if (ka == Kind::kUint && kb == Kind::kUint) {
    if (b.uint_value() == 0) return Value::Error("modulus by zero");
    return Value::Uint(a.uint_value() % b.uint_value());
  }
  Value args[] = {a, b};
  return NoOverload("_%_", args, 2);
}

Value Relation(Builtin builtin, const Value& a, const Value& b) {
  int c = Compare(a, b);
  if (c == 3) {
    Value args[] = {a, b};
    return NoOverload("comparison", args, 2);
  }
  if (c == 2) return Value::Bool(false);  // NaN is unordered
  switch (builtin) {
    case Builtin::kLess:
      return Value::Bool(c < 0);
    case Builtin::kLessEqual:
      return Value::Bool(c <= 0);
    case Builtin::kGreater:
      return Value::Bool(c > 0);
    default:
      return Value::Bool(c >= 0);
  }
}

// A list position from an int, a uint or an integral double.
bool ToIndex(const Value& index, int64_t& out) {
  switch (index.kind()) {
    case Kind::kInt:
      out = index.int_value();
      return true;
    case Kind::kUint:
      if (index.uint_value() > static_cast<uint64_t>(INT64_MAX)) return false;
      out = static_cast<int64_t>(index.uint_value());
      return true;
    case Kind::kDouble: {
      double d = index.double_value();
      if (d != std::trunc(d) || d < -9.2e18 || d > 9.2e18) return false;
      out = static_cast<int64_t>(d);
      return true;
    }
    default:
      return false;
  }
}

Value Index(const Value& container, const Value& index) {
  if (container.is(Kind::kList)) {
    int64_t position;
    if (!ToIndex(index, position)) {
      Value args[] = {container, index};
      return NoOverload("_[_]", args, 2);
    }
    const auto& elements = container.list_elements();
    if (position < 0 || position >= static_cast<int64_t>(elements.size())) {
      return Value::Error("index out of bounds: " + std::to_string(position));
    }
    return elements[position];
  }
  if (container.is(Kind::kMap)) {
    if (!index.is(Kind::kBool) && !index.is(Kind::kInt) && !index.is(Kind::kUint) &&
        !index.is(Kind::kString) && !index.is(Kind::kDouble)) {
      Value args[] = {container, index};
      return NoOverload("_[_]", args, 2);
    }
    const Value* found = container.MapFind(index);
    if (found == nullptr) return Value::Error("no such key: " + index.DebugString());
    return *found;
  }
  Value args[] = {container, index};
  return NoOverload("_[_]", args, 2);
}

// Adds `maybe` (an unknown) into `unknowns`, which starts as null.
void CollectUnknown(Value& unknowns, const Value& maybe) {
  unknowns = unknowns.is(Kind::kUnknown) ? Value::MergeUnknowns(unknowns, maybe) : maybe;
}

// Equality that looks inside lists and maps for unknown facts: a definite difference makes
// false; otherwise an unknown part makes the whole comparison unknown.
Value Equality(const Value& a, const Value& b) {
  if (a.is(Kind::kUnknown) || b.is(Kind::kUnknown)) {
    if (a.is(Kind::kUnknown) && b.is(Kind::kUnknown)) return Value::MergeUnknowns(a, b);
    return a.is(Kind::kUnknown) ? a : b;
  }
  Value unknowns;
  if (a.is(Kind::kList) && b.is(Kind::kList)) {
    const auto& x = a.list_elements();
    const auto& y = b.list_elements();
    if (x.size() != y.size()) return Value::Bool(false);
    for (size_t i = 0; i < x.size(); ++i) {
      Value element = Equality(x[i], y[i]);
      if (element.is(Kind::kUnknown)) {
        CollectUnknown(unknowns, element);
      } else if (!element.bool_value()) {
        return element;
      }
    }
    return unknowns.is(Kind::kUnknown) ? unknowns : Value::Bool(true);
  }
  if (a.is(Kind::kMap) && b.is(Kind::kMap)) {
    if (a.map_entries().size() != b.map_entries().size()) return Value::Bool(false);
    for (const auto& [key, value] : a.map_entries()) {
      const Value* other = b.MapFind(key);
      if (other == nullptr) return Value::Bool(false);
      Value element = Equality(value, *other);
      if (element.is(Kind::kUnknown)) {
        CollectUnknown(unknowns, element);
      } else if (!element.bool_value()) {
        return element;
      }
    }
    return unknowns.is(Kind::kUnknown) ? unknowns : Value::Bool(true);
  }
  return Value::Bool(Equal(a, b));
}

Value In(const Value& element, const Value& container) {
  if (container.is(Kind::kList) && element.is(Kind::kString)) {
    // A list of strings answers directly (hashed when long); anything else, below.
    int found = container.ListContainsString(element);
    if (found >= 0) return Value::Bool(found == 1);
  }
  if (container.is(Kind::kList)) {
    // Found is true whatever else is unknown; not found is unknown if an element is.
    Value unknowns;
    for (const Value& item : container.list_elements()) {
      Value same = Equality(item, element);
      if (same.is(Kind::kUnknown)) {
        CollectUnknown(unknowns, same);
      } else if (same.bool_value()) {
        return same;
      }
    }
    return unknowns.is(Kind::kUnknown) ? unknowns : Value::Bool(false);
  }
  if (container.is(Kind::kMap)) return Value::Bool(container.MapFind(element) != nullptr);
  Value args[] = {element, container};
  return NoOverload("@in", args, 2);
}

// Compiled regular expressions, shared by all evaluations; bounded so hostile input cannot
// grow it without limit.
const RE2* CompiledPattern(const std::string& pattern, std::string& error) {
  static std::mutex mutex;
  static auto* cache = new std::unordered_map<std::string, std::unique_ptr<RE2>>();
  std::lock_guard lock(mutex);
  auto it = cache->find(pattern);
  if (it == cache->end()) {
    if (cache->size() >= 256) cache->clear();
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(1 << 20);  // a hostile pattern fails to compile rather than hog memory
    auto re = std::make_unique<RE2>(pattern, options);
    it = cache->emplace(pattern, std::move(re)).first;
  }
  if (!it->second->ok()) {
    error = it->second->error();
    return nullptr;
  }
  return it->second.get();
}

Value ToInt(const Value& v) {
  switch (v.kind()) {
    case Kind::kInt:
      return v;
    case Kind::kUint:
      if (v.uint_value() > static_cast<uint64_t>(INT64_MAX))
        return Value::Error("int out of range");
      return Value::Int(static_cast<int64_t>(v.uint_value()));
    case Kind::kDouble: {
      double d = v.double_value();
      if (!(d > -9223372036854775808.0 && d < 9223372036854775808.0)) {
        return Value::Error("int out of range");
      }
      return Value::Int(static_cast<int64_t>(d));
    }
    case Kind::kString: {
      const std::string& s = v.string_value();
      int64_t out;
      auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), out);
      if (error != std::errc() || end != s.data() + s.size()) {
        return Value::Error("cannot convert '" + s + "' to int");
      }
      return Value::Int(out);
    }
    case Kind::kTimestamp:
      return Value::Int(v.seconds());
    default:
      return NoOverload("int", &v, 1);
  }
}

Value ToUint(const Value& v) {
  switch (v.kind()) {
    case Kind::kUint:
      return v;
    case Kind::kInt:
      if (v.int_value() < 0) return Value::Error("uint out of range");
      return Value::Uint(static_cast<uint64_t>(v.int_value()));
    case Kind::kDouble: {
      double d = v.double_value();
      if (!(d > -1.0 && d < 18446744073709551616.0)) return Value::Error("uint out of range");
      return Value::Uint(static_cast<uint64_t>(d));
    }
    case Kind::kString: {
      const std::string& s = v.string_value();
      uint64_t out;
      auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), out);
      if (error != std::errc() || end != s.data() + s.size()) {
        return Value::Error("cannot convert '" + s + "' to uint");
      }
      return Value::Uint(out);
    }
    default:
      return NoOverload("uint", &v, 1);
  }
}

Value ToDouble(const Value& v) {
  switch (v.kind()) {
    case Kind::kDouble:
      return v;
    case Kind::kInt:
      return Value::Double(static_cast<double>(v.int_value()));
    case Kind::kUint:
      return Value::Double(static_cast<double>(v.uint_value()));
    case Kind::kString: {
      const std::string& s = v.string_value();
      double out;
      auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), out);
      if (error == std::errc::result_out_of_range) {
        out = std::strtod(s.c_str(), nullptr);
      } else if (error != std::errc() || end != s.data() + s.size()) {
        return Value::Error("cannot convert '" + s + "' to double");
      }
      return Value::Double(out);
    }
    default:
      return NoOverload("double", &v, 1);
  }
}

Value ToString(const Value& v) {
  switch (v.kind()) {
    case Kind::kString:
      return v;
    case Kind::kInt:
      return Value::String(std::to_string(v.int_value()));
    case Kind::kUint:
      return Value::String(std::to_string(v.uint_value()));
    case Kind::kDouble:
      return Value::String(FormatDouble(v.double_value()));
    case Kind::kBool:
      return Value::String(v.bool_value() ? "true" : "false");
    case Kind::kBytes:
      if (!IsValidUtf8(v.string_value())) return Value::Error("bytes are not valid UTF-8");
      return Value::String(v.string_value());
    case Kind::kTimestamp:
      return Value::String(FormatTimestamp(v.seconds(), v.nanos()));
    case Kind::kDuration:
      return Value::String(FormatDuration(v.seconds(), v.nanos()));
    default:
      return NoOverload("string", &v, 1);
  }
}

Value ToBool(const Value& v) {
  if (v.is(Kind::kBool)) return v;
  if (v.is(Kind::kString)) {
    const std::string& s = v.string_value();
    if (s == "1" || s == "t" || s == "true" || s == "TRUE" || s == "True") {
      return Value::Bool(true);
    }
    if (s == "0" || s == "f" || s == "false" || s == "FALSE" || s == "False") {
      return Value::Bool(false);
    }
    return Value::Error("cannot convert '" + s + "' to bool");
  }
  return NoOverload("bool", &v, 1);
}

Value ToTimestamp(const Value& v) {
  switch (v.kind()) {
    case Kind::kTimestamp:
      return v;
    case Kind::kString: {
      Result<SecondsNanos> parsed = ParseTimestamp(v.string_value());
      if (!parsed.ok()) return Value::Error(parsed.status().message());
      return Value::Timestamp(parsed->seconds, parsed->nanos);
    }
    case Kind::kInt:
      return Value::Timestamp(v.int_value(), 0);
    default:
      return NoOverload("timestamp", &v, 1);
  }
}

Value ToDuration(const Value& v) {
  switch (v.kind()) {
    case Kind::kDuration:
      return v;
    case Kind::kString: {
      Result<SecondsNanos> parsed = ParseDuration(v.string_value());
      if (!parsed.ok()) return Value::Error(parsed.status().message());
      return Value::Duration(parsed->seconds, parsed->nanos);
    }
    default:
      return NoOverload("duration", &v, 1);
  }
}

Value TimeAccessor(Builtin builtin, const Value* const* args, int argc) {
  const Value& subject = *args[0];
  if (subject.is(Kind::kDuration) && argc == 1) {
    int64_t seconds = subject.seconds();
    switch (builtin) {
      case Builtin::kGetHours:
        return Value::Int(seconds / 3600);
      case Builtin::kGetMinutes:
        return Value::Int(seconds / 60);
      case Builtin::kGetSeconds:
        return Value::Int(seconds);
      case Builtin::kGetMilliseconds:
        return Value::Int(subject.nanos() / 1'000'000);
      default:
        break;
    }
  }
  if (!subject.is(Kind::kTimestamp) || (argc == 2 && !args[1]->is(Kind::kString))) {
    return NoOverload("time accessor", args, argc);
  }
  Result<CivilTime> civil =
      ToCivil(subject.seconds(), subject.nanos(), argc == 2 ? args[1]->string_value() : "");
  if (!civil.ok()) return Value::Error(civil.status().message());
  switch (builtin) {
    case Builtin::kGetFullYear:
      return Value::Int(civil->year);
    case Builtin::kGetMonth:
      return Value::Int(civil->month - 1);
    case Builtin::kGetDate:
      return Value::Int(civil->day);
    case Builtin::kGetDayOfMonth:
      return Value::Int(civil->day - 1);
    case Builtin::kGetDayOfWeek:
      return Value::Int(civil->day_of_week);
    case Builtin::kGetDayOfYear:
      return Value::Int(civil->day_of_year);
    case Builtin::kGetHours:
      return Value::Int(civil->hours);
    case Builtin::kGetMinutes:
      return Value::Int(civil->minutes);
    case Builtin::kGetSeconds:
      return Value::Int(civil->seconds);
    case Builtin::kGetMilliseconds:
      return Value::Int(civil->milliseconds);
    default:
      return NoOverload("time accessor", args, argc);
  }
}

Value StringPredicate(Builtin builtin, const Value& a, const Value& b) {
  if (!a.is(Kind::kString) || !b.is(Kind::kString)) {
    Value args[] = {a, b};
    return NoOverload("string function", args, 2);
  }
  const std::string& text = a.string_value();
  const std::string& part = b.string_value();
  switch (builtin) {
    case Builtin::kContains:
      return Value::Bool(text.find(part) != std::string::npos);
    case Builtin::kStartsWith:
      return Value::Bool(text.starts_with(part));
    case Builtin::kEndsWith:
      return Value::Bool(text.ends_with(part));
    default: {
      std::string error;
      const RE2* re = CompiledPattern(part, error);
      if (re == nullptr) return Value::Error("invalid regular expression '" + part + "': " + error);
      return Value::Bool(RE2::PartialMatch(text, *re));
    }
  }
}

}  // namespace

Builtin FindBuiltin(std::string_view name, bool receiver, int argc) {
  struct Entry {
    const char* name;
    Builtin builtin;
    int8_t global_argc;    // -1: not callable as a global function
    int8_t receiver_argc;  // -1: not callable on a receiver; args after the receiver
    int8_t optional_argc;  // another accepted arity (time zone), or -1
  };
  static constexpr Entry kEntries[] = {
      {op::kEqual, Builtin::kEqual, 2, -1, -1},
      {op::kNotEqual, Builtin::kNotEqual, 2, -1, -1},
      {op::kLess, Builtin::kLess, 2, -1, -1},
      {op::kLessEqual, Builtin::kLessEqual, 2, -1, -1},
      {op::kGreater, Builtin::kGreater, 2, -1, -1},
      {op::kGreaterEqual, Builtin::kGreaterEqual, 2, -1, -1},
      {op::kIn, Builtin::kIn, 2, -1, -1},
      {op::kAdd, Builtin::kAdd, 2, -1, -1},
      {op::kSubtract, Builtin::kSubtract, 2, -1, -1},
      {op::kMultiply, Builtin::kMultiply, 2, -1, -1},
      {op::kDivide, Builtin::kDivide, 2, -1, -1},
      {op::kModulo, Builtin::kModulo, 2, -1, -1},
      {op::kNegate, Builtin::kNegate, 1, -1, -1},
      {op::kIndex, Builtin::kIndex, 2, -1, -1},
      {"size", Builtin::kSize, 1, 0, -1},
      {"contains", Builtin::kContains, -1, 1, -1},
      {"startsWith", Builtin::kStartsWith, -1, 1, -1},
      {"endsWith", Builtin::kEndsWith, -1, 1, -1},
      {"matches", Builtin::kMatches, 2, 1, -1},
      {"int", Builtin::kToInt, 1, -1, -1},
      {"uint", Builtin::kToUint, 1, -1, -1},
      {"double", Builtin::kToDouble, 1, -1, -1},
      {"string", Builtin::kToString, 1, -1, -1},
      {"bytes", Builtin::kToBytes, 1, -1, -1},
      {"bool", Builtin::kToBool, 1, -1, -1},
      {"timestamp", Builtin::kToTimestamp, 1, -1, -1},
      {"duration", Builtin::kToDuration, 1, -1, -1},
      {"dyn", Builtin::kDyn, 1, -1, -1},
      {"type", Builtin::kTypeOf, 1, -1, -1},
      {"getFullYear", Builtin::kGetFullYear, -1, 0, 1},
      {"getMonth", Builtin::kGetMonth, -1, 0, 1},
      {"getDate", Builtin::kGetDate, -1, 0, 1},
      {"getDayOfMonth", Builtin::kGetDayOfMonth, -1, 0, 1},
      {"getDayOfWeek", Builtin::kGetDayOfWeek, -1, 0, 1},
      {"getDayOfYear", Builtin::kGetDayOfYear, -1, 0, 1},
      {"getHours", Builtin::kGetHours, -1, 0, 1},
      {"getMinutes", Builtin::kGetMinutes, -1, 0, 1},
      {"getSeconds", Builtin::kGetSeconds, -1, 0, 1},
      {"getMilliseconds", Builtin::kGetMilliseconds, -1, 0, 1},
  };
  for (const Entry& entry : kEntries) {
    if (name != entry.name) continue;
    if (receiver ? (argc == entry.receiver_argc ||
                    (entry.receiver_argc >= 0 && argc == entry.optional_argc))
                 : argc == entry.global_argc) {
      return entry.builtin;
    }
  }
  return Builtin::kNone;
}

Value CallBuiltin(Builtin builtin, const Value* const* args, int argc) {
  switch (builtin) {
    case Builtin::kEqual:
      return Equality((*args[0]), (*args[1]));
    case Builtin::kNotEqual: {
      Value same = Equality((*args[0]), (*args[1]));
      return same.is(Kind::kBool) ? Value::Bool(!same.bool_value()) : same;
    }
    case Builtin::kLess:
    case Builtin::kLessEqual:
    case Builtin::kGreater:
    case Builtin::kGreaterEqual:
      return Relation(builtin, (*args[0]), (*args[1]));
    case Builtin::kIn:
      return In((*args[0]), (*args[1]));
    case Builtin::kAdd:
      return Add((*args[0]), (*args[1]));
    case Builtin::kSubtract:
      return Subtract((*args[0]), (*args[1]));
    case Builtin::kMultiply:
      return Multiply((*args[0]), (*args[1]));
    case Builtin::kDivide:
      return Divide((*args[0]), (*args[1]));
    case Builtin::kModulo:
      return Modulo((*args[0]), (*args[1]));
    case Builtin::kNegate:
      if (args[0]->is(Kind::kInt)) {
        if (args[0]->int_value() == INT64_MIN) return Overflow();
        return Value::Int(-args[0]->int_value());
      }
      if (args[0]->is(Kind::kDouble)) return Value::Double(-args[0]->double_value());
      return NoOverload("-_", args, 1);
    case Builtin::kIndex:
      return Index((*args[0]), (*args[1]));
    case Builtin::kSize:
      switch (args[0]->kind()) {
        case Kind::kString:
          return Value::Int(CodePoints(args[0]->string_value()));
        case Kind::kBytes:
          return Value::Int(static_cast<int64_t>(args[0]->string_value().size()));
        case Kind::kList:
          return Value::Int(static_cast<int64_t>(args[0]->list_elements().size()));
        case Kind::kMap:
          return Value::Int(static_cast<int64_t>(args[0]->map_entries().size()));
        default:
          return NoOverload("size", args, 1);
      }
    case Builtin::kContains:
    case Builtin::kStartsWith:
    case Builtin::kEndsWith:
    case Builtin::kMatches:
      return StringPredicate(builtin, (*args[0]), (*args[1]));
    case Builtin::kToInt:
      return ToInt((*args[0]));
    case Builtin::kToUint:
      return ToUint((*args[0]));
    case Builtin::kToDouble:
      return ToDouble((*args[0]));
    case Builtin::kToString:
      return ToString((*args[0]));
    case Builtin::kToBytes:
      if (args[0]->is(Kind::kBytes)) return (*args[0]);
      if (args[0]->is(Kind::kString)) return Value::Bytes(args[0]->string_value());
      return NoOverload("bytes", args, 1);
    case Builtin::kToBool:
      return ToBool((*args[0]));
    case Builtin::kToTimestamp:
      return ToTimestamp((*args[0]));
    case Builtin::kToDuration:
      return ToDuration((*args[0]));
    case Builtin::kDyn:
      return (*args[0]);
    case Builtin::kTypeOf:
      return args[0]->TypeOf();
    case Builtin::kGetFullYear:
    case Builtin::kGetMonth:
    case Builtin::kGetDate:
    case Builtin::kGetDayOfMonth:
    case Builtin::kGetDayOfWeek:
    case Builtin::kGetDayOfYear:
    case Builtin::kGetHours:
    case Builtin::kGetMinutes:
    case Builtin::kGetSeconds:
    case Builtin::kGetMilliseconds:
      return TimeAccessor(builtin, args, argc);
    case Builtin::kNone:
      break;
  }
  return Value::Error("unknown function");
}

}  // namespace okno::cel::internal
