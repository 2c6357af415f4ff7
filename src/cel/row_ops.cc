#include "cel/internal/row_ops.h"

namespace okno::cel::internal {

Value NoSuchOverload(const char* what, const Value& v) {
  return Value::Error(std::string("no such overload: ") + what + " of " +
                      std::string(KindName(v.kind())));
}

bool FirstErrorOrUnknown(const Value* const* args, int argc, Value& out) {
  int unknown = -1;
  int error = -1;
  for (int i = 0; i < argc; ++i) {
    if (args[i]->is(Kind::kUnknown)) {
      out = unknown < 0 ? *args[i] : Value::MergeUnknowns(out, *args[i]);
      unknown = i;
    } else if (args[i]->is(Kind::kError) && error < 0) {
      error = i;
    }
  }
  if (unknown >= 0) return true;
  if (error >= 0) {
    out = *args[error];
    return true;
  }
  return false;
}

// Comparisons that give a plain boolean without making a value: numbers of one kind,
// strings, and membership of a string in a list of strings. -1 for anything else.
int PlainRelation(Builtin builtin, const Value& a, const Value& b) {
  if (builtin == Builtin::kIn) {
    if (a.is(Kind::kString) && b.is(Kind::kList)) return b.ListContainsString(a);
    return -1;
  }
  int c;
  if (a.is(Kind::kInt) && b.is(Kind::kInt)) {
    c = a.int_value() < b.int_value() ? -1 : (a.int_value() > b.int_value() ? 1 : 0);
  } else if (a.is(Kind::kDouble) && b.is(Kind::kDouble)) {
    double x = a.double_value(), y = b.double_value();
    if (x != x || y != y) return -1;
    c = x < y ? -1 : (x > y ? 1 : 0);
  } else if (a.is(Kind::kString) && b.is(Kind::kString) &&
             (builtin == Builtin::kEqual || builtin == Builtin::kNotEqual)) {
    bool same = a.string_value() == b.string_value();
    return (builtin == Builtin::kEqual) == same ? 1 : 0;
  } else {
    return -1;
  }
  switch (builtin) {
    case Builtin::kLess:
      return c < 0;
    case Builtin::kLessEqual:
      return c <= 0;
    case Builtin::kGreater:
      return c > 0;
    case Builtin::kGreaterEqual:
      return c >= 0;
    case Builtin::kEqual:
      return c == 0;
    case Builtin::kNotEqual:
      return c != 0;
    default:
      return -1;
  }
}

bool FastRelation(Builtin builtin, const Value& a, const Value& b, Value& out) {
  int result = PlainRelation(builtin, a, b);
  if (result < 0) return false;
  out = Value::Bool(result == 1);
  return true;
}

// Arithmetic on two doubles, which cannot fail, without the generic call path.
bool FastDoubleArithmetic(Builtin builtin, const Value& a, const Value& b, Value& out) {
  if (!a.is(Kind::kDouble) || !b.is(Kind::kDouble)) return false;
  double x = a.double_value(), y = b.double_value();
  switch (builtin) {
    case Builtin::kAdd:
      out = Value::Double(x + y);
      return true;
    case Builtin::kSubtract:
      out = Value::Double(x - y);
      return true;
    case Builtin::kMultiply:
      out = Value::Double(x * y);
      return true;
    case Builtin::kDivide:
      out = Value::Double(x / y);
      return true;
    default:
      return false;
  }
}

Value ApplyCall(Builtin builtin, const Value* const* args, int argc) {
  Value out;
  if (argc == 2 && (FastDoubleArithmetic(builtin, *args[0], *args[1], out) ||
                    FastRelation(builtin, *args[0], *args[1], out))) {
    return out;
  }
  if (FirstErrorOrUnknown(args, argc, out)) return out;
  return CallBuiltin(builtin, args, argc);
}

Value CombineLogic(const Value& left, const Value& right, bool decides_on) {
  if (left.is(Kind::kBool) && left.bool_value() == decides_on) return left;
  if (right.is(Kind::kBool) && right.bool_value() == decides_on) return right;
  if (left.is(Kind::kBool) && right.is(Kind::kBool)) return left;
  if (left.is(Kind::kUnknown) && right.is(Kind::kUnknown)) {
    return Value::MergeUnknowns(left, right);
  }
  if (left.is(Kind::kUnknown)) return left;
  if (right.is(Kind::kUnknown)) return right;
  if (left.is(Kind::kError)) return left;
  if (right.is(Kind::kError)) return right;
  return NoSuchOverload(decides_on ? "_||_" : "_&&_", left.is(Kind::kBool) ? right : left);
}

Value ApplyNot(const Value& operand) {
  if (operand.is(Kind::kBool)) return Value::Bool(!operand.bool_value());
  if (operand.IsErrorOrUnknown()) return operand;
  return NoSuchOverload("!_", operand);
}

Value SelectField(const Value& operand, const Value& key, const std::string& field,
                  bool test_only) {
  if (operand.IsErrorOrUnknown()) return operand;
  if (operand.is(Kind::kMap)) {
    const Value* found = operand.MapFind(key);
    if (test_only) {
      if (found != nullptr && found->is(Kind::kUnknown)) return *found;
      return Value::Bool(found != nullptr);
    }
    if (found == nullptr) return Value::Error("no such key: '" + field + "'");
    return *found;
  }
  return Value::Error("type '" + std::string(KindName(operand.kind())) +
                      "' has no fields (selecting '" + field + "')");
}

namespace {

bool FirstProblem(const std::vector<Value>& values, Value& out) {
  std::vector<const Value*> pointers;
  pointers.reserve(values.size());
  for (const Value& v : values) pointers.push_back(&v);
  return FirstErrorOrUnknown(pointers.data(), static_cast<int>(pointers.size()), out);
}

}  // namespace

Value BuildList(std::vector<Value> elements) {
  Value problem;
  if (FirstProblem(elements, problem)) return problem;
  return Value::List(std::move(elements));
}

Value BuildMap(std::vector<Value> parts) {
  Value problem;
  if (FirstProblem(parts, problem)) return problem;
  std::vector<std::pair<Value, Value>> entries;
  entries.reserve(parts.size() / 2);
  for (size_t i = 0; i + 1 < parts.size(); i += 2) {
    entries.emplace_back(std::move(parts[i]), std::move(parts[i + 1]));
  }
  return Value::Map(std::move(entries));
}

}  // namespace okno::cel::internal
