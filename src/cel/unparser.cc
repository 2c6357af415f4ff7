#include "cel/unparser.h"

#include <cstring>

namespace okno::cel {
namespace {

// Binding strength of an operator call; higher binds tighter. 0 for everything that is not
// an infix or prefix operator.
int Precedence(const Expr& expr) {
  if (expr.kind != ExprKind::kCall || expr.has_target) return 0;
  const std::string& f = expr.name;
  if (f == op::kConditional) return 1;
  if (f == op::kOr) return 2;
  if (f == op::kAnd) return 3;
  if (f == op::kEqual || f == op::kNotEqual || f == op::kLess || f == op::kLessEqual ||
      f == op::kGreater || f == op::kGreaterEqual || f == op::kIn) {
    return 4;
  }
  if (f == op::kAdd || f == op::kSubtract) return 5;
  if (f == op::kMultiply || f == op::kDivide || f == op::kModulo) return 6;
  if (f == op::kNot || f == op::kNegate) return 7;
  return 0;
}

std::string Wrapped(const Expr& expr, int min_precedence) {
  std::string text = Unparse(expr);
  int precedence = Precedence(expr);
  if (precedence != 0 && precedence < min_precedence) return "(" + text + ")";
  return text;
}

std::string Joined(const std::vector<std::unique_ptr<Expr>>& args, size_t from) {
  std::string out;
  for (size_t i = from; i < args.size(); ++i) {
    if (i > from) out += ", ";
    out += Unparse(*args[i]);
  }
  return out;
}

// The predicate and the transform of a macro, recovered from its expansion (see the parser).
std::string UnparseMacro(const Expr& expr) {
  const Expr& range = *expr.args[kComprehensionRange];
  const Expr& step = *expr.args[kComprehensionStep];
  std::string head = Wrapped(range, 8) + "." + expr.macro + "(" + expr.iter_var + ", ";
  if (expr.macro == "all" || expr.macro == "exists") return head + Unparse(*step.args[1]) + ")";
  if (expr.macro == "exists_one") return head + Unparse(*step.args[0]) + ")";
  if (expr.macro == "filter") return head + Unparse(*step.args[0]) + ")";
  // map: accu + [t], or p ? accu + [t] : accu
  if (step.name == op::kConditional) {
    const Expr& appended = *step.args[1];
    return head + Unparse(*step.args[0]) + ", " + Unparse(*appended.args[1]->args[0]) + ")";
  }
  return head + Unparse(*step.args[1]->args[0]) + ")";
}

}  // namespace

std::string DisplayName(const std::string& function) {
  if (function == op::kIndex) return "[]";
  if (function == op::kIn) return "in";
  if (function == op::kConditional) return "?:";
  if (function.size() > 2 && function.front() == '_' && function.back() == '_') {
    return function.substr(1, function.size() - 2);
  }
  if (function == op::kNot || function == op::kNegate) return function.substr(0, 1);
  return function;
}

std::string Unparse(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kConstant:
      return expr.constant.DebugString();
    case ExprKind::kIdent:
      return expr.name;
    case ExprKind::kSelect: {
      std::string operand = Wrapped(*expr.args[0], 8);
      if (expr.test_only) return "has(" + operand + "." + expr.name + ")";
      return operand + "." + expr.name;
    }
    case ExprKind::kList:
      return "[" + Joined(expr.args, 0) + "]";
    case ExprKind::kMap: {
      std::string out = "{";
      for (size_t i = 0; i + 1 < expr.args.size(); i += 2) {
        if (i) out += ", ";
        out += Unparse(*expr.args[i]) + ": " + Unparse(*expr.args[i + 1]);
      }
      return out + "}";
    }
    case ExprKind::kStruct: {
      std::string out = expr.name + "{";
      for (size_t i = 0; i < expr.args.size(); ++i) {
        if (i) out += ", ";
        out += expr.field_names[i] + ": " + Unparse(*expr.args[i]);
      }
      return out + "}";
    }
    case ExprKind::kComprehension:
      if (!expr.macro.empty()) return UnparseMacro(expr);
      return "comprehension(" + expr.iter_var + ")";
    case ExprKind::kCall:
      break;
  }
  const std::string& f = expr.name;
  if (expr.has_target) {
    return Wrapped(*expr.args[0], 8) + "." + f + "(" + Joined(expr.args, 1) + ")";
  }
  int precedence = Precedence(expr);
  if (f == op::kConditional) {
    return Wrapped(*expr.args[0], 2) + " ? " + Wrapped(*expr.args[1], 2) + " : " +
           Wrapped(*expr.args[2], 1);
  }
  if (f == op::kIndex) return Wrapped(*expr.args[0], 8) + "[" + Unparse(*expr.args[1]) + "]";
  if (f == op::kNot || f == op::kNegate) return DisplayName(f) + Wrapped(*expr.args[0], 7);
  if (precedence != 0 && expr.args.size() == 2) {
    // Left-associative: the right operand needs parentheses at equal precedence.
    return Wrapped(*expr.args[0], precedence) + " " + DisplayName(f) + " " +
           Wrapped(*expr.args[1], precedence + 1);
  }
  return f + "(" + Joined(expr.args, 0) + ")";
}

}  // namespace okno::cel
