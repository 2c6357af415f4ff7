// Evaluates a compiled Program. Errors and unknowns are values: the logical operators absorb
// them where the other side decides, every other operation propagates them (unknowns first,
// merged, so the caller learns every absent fact the result depends on).

#include "cel/ast.h"
#include "cel/internal/ir.h"
#include "cel/program.h"

namespace okno::cel {

using internal::Node;
using internal::Op;
using internal::ProgramImpl;

namespace {

bool IsFalse(const Value& v) { return v.is(Kind::kBool) && !v.bool_value(); }
bool IsTrue(const Value& v) { return v.is(Kind::kBool) && v.bool_value(); }

Value NoSuchOverload(const char* what, const Value& v) {
  return Value::Error(std::string("no such overload: ") + what + " of " +
                      std::string(KindName(v.kind())));
}

// For a strict operation over `args`: the merged unknown if any is unknown, else the first
// error, else nullopt-equivalent (kNull with `found` false).
bool FirstErrorOrUnknown(const Value* args, int argc, Value& out) {
  int unknown = -1;
  int error = -1;
  for (int i = 0; i < argc; ++i) {
    if (args[i].is(Kind::kUnknown)) {
      out = unknown < 0 ? args[i] : Value::MergeUnknowns(out, args[i]);
      unknown = i;
    } else if (args[i].is(Kind::kError) && error < 0) {
      error = i;
    }
  }
  if (unknown >= 0) return true;
  if (error >= 0) {
    out = args[error];
    return true;
  }
  return false;
}

class Evaluator {
 public:
  Evaluator(const ProgramImpl& program, const Activation& activation, const EvalOptions& options,
            std::vector<Value>* trace = nullptr)
      : program_(program),
        activation_(activation),
        options_(options),
        locals_(program.local_count),
        trace_(trace) {}

  // Evaluates node `index`; an error that arises here (rather than passing through) is
  // stamped with the node's place in the expression.
  Value Eval(int32_t index) {
    Value result = EvalNode(index);
    if (result.is(Kind::kError) && result.error_offset() < 0) {
      result = Value::Error(result.error_message(), program_.nodes[index].offset);
    }
    if (trace_ != nullptr) (*trace_)[index] = result;
    return result;
  }

  Value EvalNode(int32_t index) {
    const Node& node = program_.nodes[index];
    switch (node.op) {
      case Op::kConstant:
        return program_.constants[node.index];
      case Op::kSlot:
        return activation_.slot(node.index);
      case Op::kLocal:
        return locals_[node.index];
      case Op::kHasSlot: {
        const Value& value = activation_.slot(node.index);
        if (value.is(Kind::kUnknown)) return value;
        return Value::Bool(true);
      }
      case Op::kSelect:
        return Select(Eval(program_.arg_index(node, 0)), node, false);
      case Op::kHas:
        return Select(Eval(program_.arg_index(node, 0)), node, true);
      case Op::kList: {
        std::vector<Value> elements;
        elements.reserve(node.argc);
        for (int i = 0; i < node.argc; ++i) elements.push_back(Eval(program_.arg_index(node, i)));
        Value problem;
        if (FirstErrorOrUnknown(elements.data(), node.argc, problem)) return problem;
        return Value::List(std::move(elements));
      }
      case Op::kMap: {
        std::vector<Value> parts;
        parts.reserve(node.argc);
        for (int i = 0; i < node.argc; ++i) parts.push_back(Eval(program_.arg_index(node, i)));
        Value problem;
        if (FirstErrorOrUnknown(parts.data(), node.argc, problem)) return problem;
        std::vector<std::pair<Value, Value>> entries;
        entries.reserve(node.argc / 2);
        for (int i = 0; i + 1 < node.argc; i += 2) {
          entries.emplace_back(std::move(parts[i]), std::move(parts[i + 1]));
        }
        return Value::Map(std::move(entries));
      }
      case Op::kAnd:
        return And(node);
      case Op::kOr:
        return Or(node);
      case Op::kNot: {
        Value operand = Eval(program_.arg_index(node, 0));
        if (operand.is(Kind::kBool)) return Value::Bool(!operand.bool_value());
        if (operand.IsErrorOrUnknown()) return operand;
        return NoSuchOverload("!_", operand);
      }
      case Op::kNotStrictlyFalse: {
        Value operand = Eval(program_.arg_index(node, 0));
        return Value::Bool(!IsFalse(operand));
      }
      case Op::kConditional: {
        Value condition = Eval(program_.arg_index(node, 0));
        if (IsTrue(condition)) return Eval(program_.arg_index(node, 1));
        if (IsFalse(condition)) return Eval(program_.arg_index(node, 2));
        if (condition.IsErrorOrUnknown()) return condition;
        return NoSuchOverload("_?_:_", condition);
      }
      case Op::kComprehension:
        return Comprehension(node);
      case Op::kCall: {
        Value args[3];
        if (node.argc > 3) return Value::Error("too many arguments");
        for (int i = 0; i < node.argc; ++i) args[i] = Eval(program_.arg_index(node, i));
        Value problem;
        if (FirstErrorOrUnknown(args, node.argc, problem)) return problem;
        return internal::CallBuiltin(node.builtin, args, node.argc);
      }
    }
    return Value::Error("unsupported operation");
  }

 private:
  Value Select(Value operand, const Node& node, bool test_only) {
    if (operand.IsErrorOrUnknown()) return operand;
    const std::string& field = program_.names[node.index];
    if (operand.is(Kind::kMap)) {
      const Value* found = operand.MapFind(Value::String(field));
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

  Value And(const Node& node) {
    Value left = Eval(program_.arg_index(node, 0));
    if (IsFalse(left)) return left;
    Value right = Eval(program_.arg_index(node, 1));
    if (IsFalse(right)) return right;
    if (IsTrue(left) && IsTrue(right)) return left;
    return Undecided(left, right, "_&&_");
  }

  Value Or(const Node& node) {
    Value left = Eval(program_.arg_index(node, 0));
    if (IsTrue(left)) return left;
    Value right = Eval(program_.arg_index(node, 1));
    if (IsTrue(right)) return right;
    if (IsFalse(left) && IsFalse(right)) return left;
    return Undecided(left, right, "_||_");
  }

  // Neither side of && or || decided: unknowns (merged) before errors, errors before a
  // non-boolean operand.
  static Value Undecided(const Value& left, const Value& right, const char* op) {
    if (left.is(Kind::kUnknown) && right.is(Kind::kUnknown)) {
      return Value::MergeUnknowns(left, right);
    }
    if (left.is(Kind::kUnknown)) return left;
    if (right.is(Kind::kUnknown)) return right;
    if (left.is(Kind::kError)) return left;
    if (right.is(Kind::kError)) return right;
    return NoSuchOverload(op, left.is(Kind::kBool) ? right : left);
  }

  Value Comprehension(const Node& node) {
    Value range = Eval(program_.arg_index(node, kComprehensionRange));
    if (range.IsErrorOrUnknown()) return range;
    Value& accu = locals_[node.aux];
    Value& iter = locals_[node.index];
    Value saved_accu = accu;
    Value saved_iter = iter;
    accu = Eval(program_.arg_index(node, kComprehensionInit));
    auto step = [&](const Value& element) -> bool {
      if (++iterations_ > options_.max_iterations) return false;
      iter = element;
      Value condition = Eval(program_.arg_index(node, kComprehensionCondition));
      if (IsFalse(condition)) return false;
      accu = Eval(program_.arg_index(node, kComprehensionStep));
      return true;
    };
    if (range.is(Kind::kList)) {
      for (const Value& element : range.list_elements()) {
        if (!step(element)) break;
      }
    } else if (range.is(Kind::kMap)) {
      for (const auto& entry : range.map_entries()) {
        if (!step(entry.first)) break;
      }
    } else {
      accu = std::move(saved_accu);
      iter = std::move(saved_iter);
      return NoSuchOverload("comprehension over", range);
    }
    Value result;
    if (iterations_ > options_.max_iterations) {
      result = Value::Error("evaluation cost limit exceeded: more than " +
                            std::to_string(options_.max_iterations) + " comprehension iterations");
    } else {
      result = Eval(program_.arg_index(node, kComprehensionResult));
    }
    accu = std::move(saved_accu);
    iter = std::move(saved_iter);
    return result;
  }

  const ProgramImpl& program_;
  const Activation& activation_;
  const EvalOptions& options_;
  std::vector<Value> locals_;
  std::vector<Value>* trace_;
  int64_t iterations_ = 0;
};

}  // namespace

Value Program::Evaluate(const Activation& activation, const EvalOptions& options) const {
  Evaluator evaluator(*impl_, activation, options);
  return evaluator.Eval(impl_->root);
}

Value Program::Explain(const Activation& activation, std::vector<Reason>& reasons,
                       const EvalOptions& options) const {
  // Nodes never reached (the skipped side of a short circuit) keep this marker.
  std::vector<Value> trace(impl_->nodes.size(), Value::Unknown({"@not_evaluated"}));
  Evaluator evaluator(*impl_, activation, options, &trace);
  Value result = evaluator.Eval(impl_->root);
  internal::CollectReasons(*impl_, trace, impl_->root, reasons);
  return result;
}

}  // namespace okno::cel
