// Which sub-expressions decided a result: a walk down the logic of a rule over the values that
// evaluation recorded for every node.

#include "cel/internal/ir.h"
#include "cel/program.h"
#include "cel/unparser.h"

namespace okno::cel {
namespace internal {
namespace {

bool IsBool(const Value& v, bool b) { return v.is(Kind::kBool) && v.bool_value() == b; }

const std::string& TextOf(const ProgramImpl& program, const Node& node) {
  static const std::string kUnknownText = "?";
  bool known = node.expr_id >= 0 && node.expr_id < static_cast<int32_t>(program.texts.size()) &&
               program.exprs[node.expr_id] != nullptr;
  return known ? program.texts[node.expr_id] : kUnknownText;
}

void AddLeaf(const ProgramImpl& program, const std::vector<Value>& trace, int32_t index,
             std::vector<Reason>& reasons) {
  const Node& node = program.nodes[index];
  Reason reason;
  reason.text = TextOf(program, node);
  reason.value = trace[index];
  const Expr* expr = program.exprs[node.expr_id];
  switch (node.op) {
    case Op::kCall:
      reason.function = expr != nullptr ? DisplayName(expr->name) : "";
      for (int i = 0; i < node.argc; ++i) {
        const Node& arg = program.arg(node, i);
        reason.operands.push_back(
            {TextOf(program, arg), trace[program.arg_index(node, i)], arg.op == Op::kConstant});
      }
      break;
    case Op::kHas:
    case Op::kHasSlot:
      reason.function = "has";
      break;
    case Op::kComprehension: {
      reason.function = expr != nullptr ? expr->macro : "";
      const Node& range = program.arg(node, kComprehensionRange);
      reason.operands.push_back({TextOf(program, range),
                                 trace[program.arg_index(node, kComprehensionRange)],
                                 range.op == Op::kConstant});
      break;
    }
    default:
      break;
  }
  reasons.push_back(std::move(reason));
}

}  // namespace

void CollectReasons(const ProgramImpl& program, const std::vector<Value>& trace, int32_t index,
                    std::vector<Reason>& reasons) {
  const Node& node = program.nodes[index];
  const Value& value = trace[index];
  auto child = [&](int i) { return program.arg_index(node, i); };
  switch (node.op) {
    case Op::kAnd:
    case Op::kOr: {
      // The side(s) that gave the result: for && false (|| true) the falsifying (satisfying)
      // ones; when it held (failed) every side; when undecided the unknown or failing sides.
      bool deciding = node.op == Op::kOr;  // the value that decides alone
      for (int i = 0; i < 2; ++i) {
        const Value& side = trace[child(i)];
        bool relevant;
        if (IsBool(value, deciding)) {
          relevant = IsBool(side, deciding);
        } else if (IsBool(value, !deciding)) {
          relevant = true;
        } else {
          relevant = !side.is(Kind::kBool);
        }
        if (relevant && !(side.is(Kind::kUnknown) &&
                          side.unknown_paths() == std::vector<std::string>{"@not_evaluated"})) {
          CollectReasons(program, trace, child(i), reasons);
        }
      }
      return;
    }
    case Op::kNot:
      CollectReasons(program, trace, child(0), reasons);
      return;
    case Op::kConditional: {
      const Value& condition = trace[child(0)];
      CollectReasons(program, trace, child(0), reasons);
      if (condition.is(Kind::kBool)) {
        CollectReasons(program, trace, child(condition.bool_value() ? 1 : 2), reasons);
      }
      return;
    }
    default:
      AddLeaf(program, trace, index, reasons);
      return;
  }
}

}  // namespace internal

std::string Reason::ToString() const {
  std::string out;
  auto operand_text = [](const Operand& operand) {
    if (operand.literal) return operand.text;
    return operand.text + " = " + operand.value.DebugString();
  };
  bool infix = operands.size() == 2 && !function.empty() &&
               (function == "<" || function == "<=" || function == ">" || function == ">=" ||
                function == "==" || function == "!=" || function == "in" || function == "+" ||
                function == "-" || function == "*" || function == "/" || function == "%");
  if (infix) {
    out = operand_text(operands[0]) + " " + function + " " + operand_text(operands[1]);
  } else if (!operands.empty()) {
    out = text + " with ";
    for (size_t i = 0; i < operands.size(); ++i) {
      if (i) out += ", ";
      out += operand_text(operands[i]);
    }
  } else {
    out = text;
  }
  return out + ": " + value.DebugString();
}

}  // namespace okno::cel
