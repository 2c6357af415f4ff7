// Evaluates a compiled Program. Errors and unknowns are values: the logical operators absorb
// them where the other side decides, every other operation propagates them (unknowns first,
// merged, so the caller learns every absent fact the result depends on).
//
// Speed: a node's value is returned by reference. Constants, facts and comprehension
// variables are read where they live, without copying (a copy of a string or list would touch
// its reference count); only computed values are written, into scratch space of the caller.

#include <algorithm>

#include "cel/ast.h"
#include "cel/internal/ir.h"
#include "cel/program.h"

namespace okno::cel {

using internal::Builtin;
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

// For a strict operation: true, with `out` set, when an argument is unknown (all unknowns,
// merged) or else an error (the first).
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

// Comparisons of two ints or two doubles, the bulk of eligibility rules, without the generic
// call path. Returns false when the operands are anything else.
bool FastRelation(Builtin builtin, const Value& a, const Value& b, Value& out) {
  int c;
  if (a.is(Kind::kInt) && b.is(Kind::kInt)) {
    c = a.int_value() < b.int_value() ? -1 : (a.int_value() > b.int_value() ? 1 : 0);
  } else if (a.is(Kind::kDouble) && b.is(Kind::kDouble)) {
    double x = a.double_value(), y = b.double_value();
    if (x != x || y != y) return false;  // NaN: the general path
    c = x < y ? -1 : (x > y ? 1 : 0);
  } else {
    return false;
  }
  switch (builtin) {
    case Builtin::kLess:
      out = Value::Bool(c < 0);
      return true;
    case Builtin::kLessEqual:
      out = Value::Bool(c <= 0);
      return true;
    case Builtin::kGreater:
      out = Value::Bool(c > 0);
      return true;
    case Builtin::kGreaterEqual:
      out = Value::Bool(c >= 0);
      return true;
    case Builtin::kEqual:
      out = Value::Bool(c == 0);
      return true;
    case Builtin::kNotEqual:
      out = Value::Bool(c != 0);
      return true;
    default:
      return false;
  }
}

class Evaluator {
 public:
  Evaluator(const ProgramImpl& program, const Activation& activation, const EvalOptions& options,
            std::vector<Value>* trace = nullptr)
      : program_(program), activation_(activation), options_(options), trace_(trace) {
    // Most rules have a few comprehension variables: keep them off the heap.
    if (program.local_count > kInlineLocals) {
      heap_locals_.assign(program.local_count, &null_);
      locals_ = heap_locals_.data();
    } else {
      std::fill(inline_locals_, inline_locals_ + kInlineLocals, &null_);
      locals_ = inline_locals_;
    }
  }

  // The value of node `index`: a reference to where it lives, or to `scratch` where it was
  // computed. An error that arises here (rather than passing through) is stamped with the
  // node's place in the expression.
  const Value& Eval(int32_t index, Value& scratch) {
    const Value& result = EvalNode(index, scratch);
    if (result.is(Kind::kError) && result.error_offset() < 0) [[unlikely]] {
      scratch = Value::Error(result.error_message(), program_.nodes[index].offset);
      if (trace_ != nullptr) (*trace_)[index] = scratch;
      return scratch;
    }
    if (trace_ != nullptr) [[unlikely]]
      (*trace_)[index] = result;
    return result;
  }

  Value EvalToValue(int32_t index) {
    Value scratch;
    const Value& result = Eval(index, scratch);
    return &result == &scratch ? std::move(scratch) : result;
  }

 private:
  const Value& EvalNode(int32_t index, Value& scratch) {
    const Node& node = program_.nodes[index];
    switch (node.op) {
      case Op::kConstant:
        return program_.constants[node.index];
      case Op::kSlot:
        return activation_.slot(node.index);
      case Op::kLocal:
        return *locals_[node.index];
      case Op::kHasSlot: {
        const Value& value = activation_.slot(node.index);
        if (value.is(Kind::kUnknown)) return value;
        return scratch = Value::Bool(true);
      }
      case Op::kSelect:
      case Op::kHas: {
        Value operand_scratch;
        const Value& operand = Eval(program_.arg_index(node, 0), operand_scratch);
        return Select(operand, &operand == &operand_scratch, node, node.op == Op::kHas, scratch);
      }
      case Op::kList: {
        std::vector<Value> elements;
        elements.reserve(node.argc);
        for (int i = 0; i < node.argc; ++i)
          elements.push_back(EvalToValue(program_.arg_index(node, i)));
        Value problem;
        if (FirstUnknownOrErrorIn(elements, problem)) return scratch = std::move(problem);
        return scratch = Value::List(std::move(elements));
      }
      case Op::kMap: {
        std::vector<Value> parts;
        parts.reserve(node.argc);
        for (int i = 0; i < node.argc; ++i)
          parts.push_back(EvalToValue(program_.arg_index(node, i)));
        Value problem;
        if (FirstUnknownOrErrorIn(parts, problem)) return scratch = std::move(problem);
        std::vector<std::pair<Value, Value>> entries;
        entries.reserve(node.argc / 2);
        for (int i = 0; i + 1 < node.argc; i += 2) {
          entries.emplace_back(std::move(parts[i]), std::move(parts[i + 1]));
        }
        return scratch = Value::Map(std::move(entries));
      }
      case Op::kAnd:
        return Logic(node, false, scratch);
      case Op::kOr:
        return Logic(node, true, scratch);
      case Op::kNot: {
        Value operand_scratch;
        const Value& operand = Eval(program_.arg_index(node, 0), operand_scratch);
        if (operand.is(Kind::kBool)) return scratch = Value::Bool(!operand.bool_value());
        if (operand.IsErrorOrUnknown()) return Keep(operand, operand_scratch, scratch);
        return scratch = NoSuchOverload("!_", operand);
      }
      case Op::kNotStrictlyFalse: {
        Value operand_scratch;
        const Value& operand = Eval(program_.arg_index(node, 0), operand_scratch);
        return scratch = Value::Bool(!IsFalse(operand));
      }
      case Op::kConditional: {
        Value condition_scratch;
        const Value& condition = Eval(program_.arg_index(node, 0), condition_scratch);
        if (IsTrue(condition)) return Eval(program_.arg_index(node, 1), scratch);
        if (IsFalse(condition)) return Eval(program_.arg_index(node, 2), scratch);
        if (condition.IsErrorOrUnknown()) return Keep(condition, condition_scratch, scratch);
        return scratch = NoSuchOverload("_?_:_", condition);
      }
      case Op::kComprehension:
        return scratch = Comprehension(node);
      case Op::kCall:
        return Call(node, scratch);
    }
    return scratch = Value::Error("unsupported operation");
  }

  // Returns `value` so that it outlives this frame: moved into the caller's scratch when it
  // lives in our own.
  static const Value& Keep(const Value& value, Value& own, Value& scratch) {
    if (&value == &own) return scratch = std::move(own);
    return value;
  }

  static bool FirstUnknownOrErrorIn(const std::vector<Value>& values, Value& out) {
    std::vector<const Value*> pointers;
    pointers.reserve(values.size());
    for (const Value& v : values) pointers.push_back(&v);
    return FirstErrorOrUnknown(pointers.data(), static_cast<int>(pointers.size()), out);
  }

  const Value& Call(const Node& node, Value& scratch) {
    if (node.argc > 3) return scratch = Value::Error("too many arguments");
    Value arg_scratch[3];
    const Value* args[3];
    for (int i = 0; i < node.argc; ++i) {
      args[i] = &Eval(program_.arg_index(node, i), arg_scratch[i]);
    }
    if (node.argc == 2 && FastRelation(node.builtin, *args[0], *args[1], scratch)) {
      return scratch;
    }
    Value problem;
    if (FirstErrorOrUnknown(args, node.argc, problem)) return scratch = std::move(problem);
    return scratch = internal::CallBuiltin(node.builtin, args, node.argc);
  }

  // `temporary`: the operand lives in this frame's scratch and dies with it, so what is found
  // in it must be copied out; otherwise a reference into the operand is enough.
  const Value& Select(const Value& operand, bool temporary, const Node& node, bool test_only,
                      Value& scratch) {
    if (operand.IsErrorOrUnknown()) return temporary ? scratch = operand : operand;
    if (operand.is(Kind::kMap)) {
      // The field's name as a key value was made once, at compile time.
      const Value* found = operand.MapFind(program_.constants[node.aux]);
      if (test_only) {
        if (found != nullptr && found->is(Kind::kUnknown)) return scratch = *found;
        return scratch = Value::Bool(found != nullptr);
      }
      if (found == nullptr) {
        return scratch = Value::Error("no such key: '" + program_.names[node.index] + "'");
      }
      return temporary ? scratch = *found : *found;
    }
    return scratch =
               Value::Error("type '" + std::string(KindName(operand.kind())) +
                            "' has no fields (selecting '" + program_.names[node.index] + "')");
  }

  // && (decides_on = false) and || (decides_on = true), commutative as CEL defines them.
  const Value& Logic(const Node& node, bool decides_on, Value& scratch) {
    Value left_scratch;
    const Value& left = Eval(program_.arg_index(node, 0), left_scratch);
    if (left.is(Kind::kBool) && left.bool_value() == decides_on) {
      return scratch = Value::Bool(decides_on);
    }
    Value right_scratch;
    const Value& right = Eval(program_.arg_index(node, 1), right_scratch);
    if (right.is(Kind::kBool)) {
      if (right.bool_value() == decides_on) return scratch = Value::Bool(decides_on);
      if (left.is(Kind::kBool)) return scratch = Value::Bool(!decides_on);
    }
    return scratch = Undecided(left, right, decides_on ? "_||_" : "_&&_");
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
    Value range_scratch;
    const Value& range = Eval(program_.arg_index(node, kComprehensionRange), range_scratch);
    if (range.IsErrorOrUnknown()) return range;
    // The element variable points into the range, which outlives the loop; only the
    // accumulator is a value of its own.
    const Value* saved_accu = locals_[node.aux];
    const Value* saved_iter = locals_[node.index];
    Value accu = EvalToValue(program_.arg_index(node, kComprehensionInit));
    locals_[node.aux] = &accu;
    int32_t condition_index = program_.arg_index(node, kComprehensionCondition);
    int32_t step_index = program_.arg_index(node, kComprehensionStep);
    auto step = [&](const Value& element) -> bool {
      if (++iterations_ > options_.max_iterations) return false;
      locals_[node.index] = &element;
      Value condition_scratch;
      if (IsFalse(Eval(condition_index, condition_scratch))) return false;
      accu = EvalToValue(step_index);
      return true;
    };
    Value result;
    bool failed = false;
    if (range.is(Kind::kList)) {
      for (const Value& element : range.list_elements()) {
        if (!step(element)) break;
      }
    } else if (range.is(Kind::kMap)) {
      for (const auto& entry : range.map_entries()) {
        if (!step(entry.first)) break;
      }
    } else {
      result = NoSuchOverload("comprehension over", range);
      failed = true;
    }
    if (!failed) {
      if (iterations_ > options_.max_iterations) {
        result =
            Value::Error("evaluation cost limit exceeded: more than " +
                         std::to_string(options_.max_iterations) + " comprehension iterations");
      } else {
        result = EvalToValue(program_.arg_index(node, kComprehensionResult));
      }
    }
    locals_[node.aux] = saved_accu;
    locals_[node.index] = saved_iter;
    return result;
  }

  const ProgramImpl& program_;
  const Activation& activation_;
  const EvalOptions& options_;
  static constexpr int kInlineLocals = 8;
  const Value null_;
  const Value* inline_locals_[kInlineLocals];
  std::vector<const Value*> heap_locals_;
  const Value** locals_;
  std::vector<Value>* trace_;
  int64_t iterations_ = 0;
};

}  // namespace

Value Program::Evaluate(const Activation& activation, const EvalOptions& options) const {
  Evaluator evaluator(*impl_, activation, options);
  return evaluator.EvalToValue(impl_->root);
}

Value Program::Explain(const Activation& activation, std::vector<Reason>& reasons,
                       const EvalOptions& options) const {
  // Nodes never reached (the skipped side of a short circuit) keep this marker.
  std::vector<Value> trace(impl_->nodes.size(), Value::Unknown({"@not_evaluated"}));
  Evaluator evaluator(*impl_, activation, options, &trace);
  Value result = evaluator.EvalToValue(impl_->root);
  internal::CollectReasons(*impl_, trace, impl_->root, reasons);
  return result;
}

}  // namespace okno::cel
