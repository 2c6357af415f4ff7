#include "cel/internal/checker.h"

namespace okno::cel::internal {
namespace {

using K = CelType::Kind;

Typing Ok(CelType type) { return {std::move(type), ""}; }
Typing Ok(K kind) { return {CelType::Of(kind), ""}; }

Typing NoOverload(const std::string& function, const std::vector<CelType>& args) {
  std::string message = "no matching overload for '" + function + "' applied to (";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) message += ", ";
    message += args[i].Name();
  }
  return {CelType::Dyn(), message + ")"};
}

// Whether `type` (or dyn) is one of `kinds`.
bool OneOf(const CelType& type, std::initializer_list<K> kinds) {
  if (type.IsDyn()) return true;
  for (K kind : kinds) {
    if (type.kind == kind) return true;
  }
  return false;
}

bool Orderable(const CelType& a, const CelType& b) {
  if (a.IsDyn() || b.IsDyn()) {
    const CelType& other = a.IsDyn() ? b : a;
    return OneOf(other, {K::kInt, K::kUint, K::kDouble, K::kString, K::kBytes, K::kBool,
                         K::kTimestamp, K::kDuration});
  }
  if (a.IsNumber() && b.IsNumber()) return true;
  return a.kind == b.kind &&
         OneOf(a, {K::kString, K::kBytes, K::kBool, K::kTimestamp, K::kDuration});
}

Typing Arithmetic(Builtin builtin, const std::string& function, const std::vector<CelType>& args) {
  const CelType& a = args[0];
  const CelType& b = args[1];
  if (a.IsDyn() && b.IsDyn()) return Ok(K::kDyn);
  if (a.IsDyn() || b.IsDyn()) {
    const CelType& known = a.IsDyn() ? b : a;
    bool possible = false;
    switch (builtin) {
      case Builtin::kAdd:
        possible = OneOf(known, {K::kInt, K::kUint, K::kDouble, K::kString, K::kBytes, K::kList,
                                 K::kTimestamp, K::kDuration});
        break;
      case Builtin::kSubtract:
        possible = OneOf(known, {K::kInt, K::kUint, K::kDouble, K::kTimestamp, K::kDuration});
        break;
      case Builtin::kModulo:
        possible = OneOf(known, {K::kInt, K::kUint});
        break;
      default:
        possible = known.IsNumber();
        break;
    }
    if (!possible) return NoOverload(function, args);
    // Time arithmetic may change the kind; plain arithmetic keeps it.
    if (known.IsNumber() || known.is(K::kString) || known.is(K::kBytes)) return Ok(known);
    return Ok(K::kDyn);
  }
  switch (builtin) {
    case Builtin::kAdd:
      if (a.kind == b.kind &&
          OneOf(a, {K::kInt, K::kUint, K::kDouble, K::kString, K::kBytes, K::kDuration})) {
        return Ok(a);
      }
      if (a.is(K::kList) && b.is(K::kList)) return Ok(CelType::List(Join(a.Param(0), b.Param(0))));
      if ((a.is(K::kTimestamp) && b.is(K::kDuration)) ||
          (a.is(K::kDuration) && b.is(K::kTimestamp))) {
        return Ok(K::kTimestamp);
      }
      break;
    case Builtin::kSubtract:
      if (a.kind == b.kind && OneOf(a, {K::kInt, K::kUint, K::kDouble, K::kDuration})) {
        return Ok(a);
      }
      if (a.is(K::kTimestamp) && b.is(K::kTimestamp)) return Ok(K::kDuration);
      if (a.is(K::kTimestamp) && b.is(K::kDuration)) return Ok(K::kTimestamp);
      break;
    case Builtin::kModulo:
      if (a.kind == b.kind && OneOf(a, {K::kInt, K::kUint})) return Ok(a);
      break;
    default:
      if (a.kind == b.kind && a.IsNumber()) return Ok(a);
      break;
  }
  return NoOverload(function, args);
}

}  // namespace

CelType TypeOfValue(const Value& value) {
  switch (value.kind()) {
    case Kind::kNull:
      return CelType::Of(K::kNull);
    case Kind::kBool:
      return CelType::Of(K::kBool);
    case Kind::kInt:
      return CelType::Of(K::kInt);
    case Kind::kUint:
      return CelType::Of(K::kUint);
    case Kind::kDouble:
      return CelType::Of(K::kDouble);
    case Kind::kString:
      return CelType::Of(K::kString);
    case Kind::kBytes:
      return CelType::Of(K::kBytes);
    case Kind::kTimestamp:
      return CelType::Of(K::kTimestamp);
    case Kind::kDuration:
      return CelType::Of(K::kDuration);
    case Kind::kType:
      return CelType::Of(K::kType);
    default:
      return CelType::Dyn();
  }
}

CelType Join(const CelType& a, const CelType& b) {
  if (a == b) return a;
  if (a.kind == b.kind && (a.is(K::kList) || a.is(K::kMap))) {
    CelType joined = a;
    for (size_t i = 0; i < joined.params.size(); ++i) {
      joined.params[i] = Join(a.Param(i), b.Param(i));
    }
    return joined;
  }
  return CelType::Dyn();
}

bool Comparable(const CelType& a, const CelType& b) {
  if (a.IsDyn() || b.IsDyn() || a.is(K::kNull) || b.is(K::kNull)) return true;
  if (a.IsNumber() && b.IsNumber()) return true;
  if (a.kind != b.kind) return false;
  if (a.is(K::kRecord)) return a.record == b.record;
  for (size_t i = 0; i < a.params.size() && i < b.params.size(); ++i) {
    if (!Comparable(a.params[i], b.params[i])) return false;
  }
  return true;
}

Typing TypeOfCall(Builtin builtin, const std::string& function, const std::vector<CelType>& args) {
  auto arg = [&](size_t i) -> const CelType& { return args[i]; };
  switch (builtin) {
    case Builtin::kEqual:
    case Builtin::kNotEqual:
      if (Comparable(arg(0), arg(1))) return Ok(K::kBool);
      return NoOverload(function, args);
    case Builtin::kLess:
    case Builtin::kLessEqual:
    case Builtin::kGreater:
    case Builtin::kGreaterEqual:
      if (Orderable(arg(0), arg(1))) return Ok(K::kBool);
      return NoOverload(function, args);
    case Builtin::kIn: {
      const CelType& container = arg(1);
      if (container.IsDyn()) return Ok(K::kBool);
      if (container.is(K::kList) && Comparable(arg(0), container.Param(0))) return Ok(K::kBool);
      if (container.is(K::kMap) && Comparable(arg(0), container.Param(0))) return Ok(K::kBool);
      return NoOverload(function, args);
    }
    case Builtin::kAdd:
    case Builtin::kSubtract:
    case Builtin::kMultiply:
    case Builtin::kDivide:
    case Builtin::kModulo:
      return Arithmetic(builtin, function, args);
    case Builtin::kNegate:
      if (OneOf(arg(0), {K::kInt, K::kDouble})) return Ok(arg(0));
      return NoOverload(function, args);
    case Builtin::kIndex: {
      const CelType& container = arg(0);
      if (container.IsDyn()) return Ok(K::kDyn);
      if (container.is(K::kList) && OneOf(arg(1), {K::kInt, K::kUint, K::kDouble})) {
        return Ok(container.Param(0));
      }
      if (container.is(K::kMap) && Comparable(arg(1), container.Param(0))) {
        return Ok(container.Param(1));
      }
      return NoOverload(function, args);
    }
    case Builtin::kSize:
      if (OneOf(arg(0), {K::kString, K::kBytes, K::kList, K::kMap})) return Ok(K::kInt);
      return NoOverload(function, args);
    case Builtin::kContains:
    case Builtin::kStartsWith:
    case Builtin::kEndsWith:
    case Builtin::kMatches:
      if (OneOf(arg(0), {K::kString}) && OneOf(arg(1), {K::kString})) return Ok(K::kBool);
      return NoOverload(function, args);
    case Builtin::kToInt:
      if (OneOf(arg(0), {K::kInt, K::kUint, K::kDouble, K::kString, K::kTimestamp})) {
        return Ok(K::kInt);
      }
      return NoOverload(function, args);
    case Builtin::kToUint:
      if (OneOf(arg(0), {K::kInt, K::kUint, K::kDouble, K::kString})) return Ok(K::kUint);
      return NoOverload(function, args);
    case Builtin::kToDouble:
      if (OneOf(arg(0), {K::kInt, K::kUint, K::kDouble, K::kString})) return Ok(K::kDouble);
      return NoOverload(function, args);
    case Builtin::kToString:
      if (OneOf(arg(0), {K::kInt, K::kUint, K::kDouble, K::kBool, K::kString, K::kBytes,
                         K::kTimestamp, K::kDuration})) {
        return Ok(K::kString);
      }
      return NoOverload(function, args);
    case Builtin::kToBytes:
      if (OneOf(arg(0), {K::kString, K::kBytes})) return Ok(K::kBytes);
      return NoOverload(function, args);
    case Builtin::kToBool:
      if (OneOf(arg(0), {K::kBool, K::kString})) return Ok(K::kBool);
      return NoOverload(function, args);
    case Builtin::kToTimestamp:
      if (OneOf(arg(0), {K::kString, K::kInt, K::kTimestamp})) return Ok(K::kTimestamp);
      return NoOverload(function, args);
    case Builtin::kToDuration:
      if (OneOf(arg(0), {K::kString, K::kDuration})) return Ok(K::kDuration);
      return NoOverload(function, args);
    case Builtin::kDyn:
      return Ok(K::kDyn);
    case Builtin::kTypeOf:
      return Ok(K::kType);
    case Builtin::kGetFullYear:
    case Builtin::kGetMonth:
    case Builtin::kGetDate:
    case Builtin::kGetDayOfMonth:
    case Builtin::kGetDayOfWeek:
    case Builtin::kGetDayOfYear:
    case Builtin::kGetHours:
    case Builtin::kGetMinutes:
    case Builtin::kGetSeconds:
    case Builtin::kGetMilliseconds: {
      bool duration_accessor = builtin == Builtin::kGetHours || builtin == Builtin::kGetMinutes ||
                               builtin == Builtin::kGetSeconds ||
                               builtin == Builtin::kGetMilliseconds;
      bool subject_ok = duration_accessor && args.size() == 1
                            ? OneOf(arg(0), {K::kTimestamp, K::kDuration})
                            : OneOf(arg(0), {K::kTimestamp});
      if (subject_ok && (args.size() == 1 || OneOf(arg(1), {K::kString}))) return Ok(K::kInt);
      return NoOverload(function, args);
    }
    case Builtin::kNone:
      break;
  }
  return NoOverload(function, args);
}

}  // namespace okno::cel::internal
