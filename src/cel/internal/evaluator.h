#pragma once

// The scalar evaluator, shared by Program::Evaluate and the batch evaluator (which falls back
// to it, row by row, for comprehensions).
//
// Speed: a node's value is returned by reference. Constants, facts and comprehension
// variables are read where they live, without copying (a copy of a string or list would touch
// its reference count); only computed values are written, into scratch space of the caller.

#include <algorithm>
#include <vector>

#include "cel/ast.h"
#include "cel/internal/ir.h"
#include "cel/internal/row_ops.h"

namespace okno::cel::internal {

// Evaluates nodes of one program over one row of facts. `Facts` gives `slot(i)`: an Activation
// for scalar evaluation, a row of a fact table in batch mode.
template <typename Facts>
class Evaluator {
 public:
  Evaluator(const ProgramImpl& program, const Facts& activation, const EvalOptions& options,
            std::vector<Value>* trace = nullptr)
      : program_(program), activation_(activation), options_(options), trace_(trace) {
    if constexpr (requires { activation.cache(); }) {
      if (trace == nullptr && program.kept_by_element.size() == program.nodes.size()) {
        cache_ = activation.cache();
      }
    }
    // Most rules have a few comprehension variables: keep them off the heap.
    if (program.local_count > kInlineLocals) {
      heap_locals_.assign(program.local_count, &null_);
      locals_ = heap_locals_.data();
    } else {
      std::fill(inline_locals_, inline_locals_ + program.local_count, &null_);
      locals_ = inline_locals_;
    }
  }

  // The value of node `index`: a reference to where it lives, or to `scratch` where it was
  // computed. An error that arises here (rather than passing through) is stamped with the
  // node's place in the expression.
  const Value& Eval(int32_t index, Value& scratch) {
    if (cache_ != nullptr && program_.kept_by_element[index].element >= 0) [[unlikely]] {
      return KeptByElement(index, scratch);
    }
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

  // Comprehension steps taken so far against EvalOptions::max_iterations; the fast path,
  // which takes steps of its own, keeps the count shared.
  int64_t iterations() const { return iterations_; }
  void set_iterations(int64_t iterations) { iterations_ = iterations; }

  Value EvalToValue(int32_t index) {
    Value scratch;
    const Value& result = Eval(index, scratch);
    return &result == &scratch ? std::move(scratch) : result;
  }

  // The value of node `index` when it is a plain boolean: 1 or 0, computed without making
  // values for the logic and comparisons on the way (the common case of an eligibility rule
  // over known facts). Otherwise -1, with the full value (unknown, error, non-boolean) in
  // `other`. Not for explanations: it records nothing.
  int EvalBool(int32_t index, Value& other) {
    if (cache_ != nullptr && program_.kept_by_element[index].element >= 0) [[unlikely]] {
      const Value& value = KeptByElement(index, other);
      if (value.is(Kind::kBool)) return value.bool_value() ? 1 : 0;
      other = value;
      return -1;
    }
    const Node& node = program_.nodes[index];
    switch (node.op) {
      case Op::kAnd:
      case Op::kOr: {
        int decides = node.op == Op::kOr ? 1 : 0;
        Value left_other;
        int left = EvalBool(program_.arg_index(node, 0), left_other);
        if (left == decides) return decides;
        Value right_other;
        int right = EvalBool(program_.arg_index(node, 1), right_other);
        if (right == decides) return decides;
        if (left >= 0 && right >= 0) return 1 - decides;
        other = CombineLogic(left >= 0 ? Value::Bool(left == 1) : left_other,
                             right >= 0 ? Value::Bool(right == 1) : right_other, decides == 1);
        return Stamp(node, other);
      }
      case Op::kNot: {
        int operand = EvalBool(program_.arg_index(node, 0), other);
        if (operand >= 0) return 1 - operand;
        other = ApplyNot(other);
        return Stamp(node, other);
      }
      case Op::kNotStrictlyFalse: {
        Value ignored;
        return EvalBool(program_.arg_index(node, 0), ignored) == 0 ? 0 : 1;
      }
      case Op::kCall:
        if (node.argc == 2) {
          Value a_scratch, b_scratch;
          const Value& a = Operand(program_.arg_index(node, 0), a_scratch);
          const Value& b = Operand(program_.arg_index(node, 1), b_scratch);
          int compared = PlainRelation(node.builtin, a, b);
          if (compared >= 0) return compared;
          const Value* args[2] = {&a, &b};
          other = ApplyCall(node.builtin, args, 2);
          return Stamp(node, other);
        }
        break;
      default:
        break;
    }
    const Value& value = Operand(index, other);
    if (value.is(Kind::kBool)) return value.bool_value() ? 1 : 0;
    if (&value != &other) other = value;
    return -1;
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
        const Value& operand = Operand(program_.arg_index(node, 0), operand_scratch);
        bool test_only = node.op == Op::kHas;
        const Value& key = program_.constants[node.aux];
        if (!test_only && operand.is(Kind::kMap) && &operand != &operand_scratch) {
          // The operand outlives this call: a reference into it will do.
          if (const Value* found = operand.MapFind(key)) return *found;
        }
        return scratch = SelectField(operand, key, program_.names[node.index], test_only);
      }
      case Op::kList:
        return scratch = BuildList(EvalArgs(node));
      case Op::kMap:
        return scratch = BuildMap(EvalArgs(node));
      case Op::kAnd:
        return Logic(node, false, scratch);
      case Op::kOr:
        return Logic(node, true, scratch);
      case Op::kNot: {
        Value operand_scratch;
        return scratch = ApplyNot(Eval(program_.arg_index(node, 0), operand_scratch));
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
        if (condition.IsErrorOrUnknown()) return scratch = condition;
        return scratch = NoSuchOverload("_?_:_", condition);
      }
      case Op::kComprehension:
        return scratch = CachedComprehension(index, node);
      case Op::kCall: {
        if (node.argc > 3) return scratch = Value::Error("too many arguments");
        Value arg_scratch[3];
        const Value* args[3];
        for (int i = 0; i < node.argc; ++i) {
          args[i] = &Operand(program_.arg_index(node, i), arg_scratch[i]);
        }
        return scratch = ApplyCall(node.builtin, args, node.argc);
      }
    }
    return scratch = Value::Error("unsupported operation");
  }

  // Eval for an operand: a fact, constant or comprehension variable is read in place without
  // the bookkeeping of Eval (which it would not need: such a value arises nowhere).
  const Value& Operand(int32_t index, Value& scratch) {
    const Node& node = program_.nodes[index];
    if (trace_ == nullptr) {
      const Value* value = node.op == Op::kSlot       ? &activation_.slot(node.index)
                           : node.op == Op::kConstant ? &program_.constants[node.index]
                           : node.op == Op::kLocal    ? locals_[node.index]
                                                      : nullptr;
      // An error value still goes through Eval, which gives it this node's place.
      if (value != nullptr && !value->is(Kind::kError)) return *value;
    }
    return Eval(index, scratch);
  }

  // A computed value that is not a boolean: an error arising here takes the node's place, as
  // in Eval. Returns the boolean as 1 or 0 when it is one after all.
  int Stamp(const Node& node, Value& value) {
    if (value.is(Kind::kBool)) return value.bool_value() ? 1 : 0;
    if (value.is(Kind::kError) && value.error_offset() < 0) {
      value = Value::Error(value.error_message(), node.offset);
    }
    return -1;
  }

  std::vector<Value> EvalArgs(const Node& node) {
    std::vector<Value> values;
    values.reserve(node.argc);
    for (int i = 0; i < node.argc; ++i) values.push_back(EvalToValue(program_.arg_index(node, i)));
    return values;
  }

  // && and || short-circuit: the right side is evaluated only when the left did not decide.
  const Value& Logic(const Node& node, bool decides_on, Value& scratch) {
    Value left_scratch;
    const Value& left = Eval(program_.arg_index(node, 0), left_scratch);
    if (left.is(Kind::kBool) && left.bool_value() == decides_on) {
      return scratch = Value::Bool(decides_on);
    }
    Value right_scratch;
    const Value& right = Eval(program_.arg_index(node, 1), right_scratch);
    return scratch = CombineLogic(left, right, decides_on);
  }

  // The value of a part of a comprehension's step that reads the element alone, kept by the
  // activation's EvalCache for that very element and the facts the part reads.
  // A value computed after the cost limit was passed is not kept: it is this evaluation's
  // error, not the part's. (A kept value found costs no steps: the limit bounds work done.)
  const Value& KeptByElement(int32_t index, Value& scratch) {
    const ProgramImpl::KeptByElement& kept = program_.kept_by_element[index];
    size_t count = 1 + kept.slots.size();
    Value inline_inputs[kInlineInputs];
    std::vector<Value> many;
    Value* inputs = inline_inputs;
    if (count > kInlineInputs) {
      many.resize(count);
      inputs = many.data();
    }
    inputs[0] = *locals_[kept.element];
    for (size_t i = 0; i < kept.slots.size(); ++i) inputs[1 + i] = activation_.slot(kept.slots[i]);
    if (const Value* found = cache_->Find(&program_, index, {inputs, count})) return *found;
    Value computed_scratch;
    const Value& computed = EvalNode(index, computed_scratch);
    Value value = &computed == &computed_scratch ? std::move(computed_scratch) : computed;
    if (value.is(Kind::kError) && value.error_offset() < 0) {
      value = Value::Error(value.error_message(), program_.nodes[index].offset);
    }
    if (iterations_ > options_.max_iterations) return scratch = std::move(value);
    return cache_->Keep(&program_, index, std::vector<Value>(inputs, inputs + count),
                        std::move(value));
  }

  // A comprehension whose value an EvalCache of the activation keeps, when it reads only facts
  // (not an enclosing comprehension's variables) and nothing is being traced.
  Value CachedComprehension(int32_t index, const Node& node) {
    if constexpr (requires { activation_.cache(); }) {
      EvalCache* cache = activation_.cache();
      if (cache != nullptr && trace_ == nullptr &&
          static_cast<size_t>(index) < program_.cacheable_inputs.size() &&
          !program_.cacheable_inputs[index].empty()) {
        std::vector<Value> inputs;
        inputs.reserve(program_.cacheable_inputs[index].size());
        for (int32_t slot : program_.cacheable_inputs[index])
          inputs.push_back(activation_.slot(slot));
        if (const Value* kept = cache->Find(&program_, index, inputs)) return *kept;
        Value value = Comprehension(index, node);
        if (iterations_ <= options_.max_iterations) {
          cache->Keep(&program_, index, std::move(inputs), value);
        }
        return value;
      }
    }
    return Comprehension(index, node);
  }

  Value Comprehension(int32_t index, const Node& node) {
    if (trace_ == nullptr && static_cast<size_t>(index) < program_.quantifiers.size() &&
        program_.quantifiers[index].predicate >= 0) {
      return Quantify(node, program_.quantifiers[index]);
    }
    Value range_scratch;
    const Value& range = Eval(program_.arg_index(node, kComprehensionRange), range_scratch);
    if (range.IsErrorOrUnknown()) return range;
    if (!range.is(Kind::kList) && !range.is(Kind::kMap)) {
      return NoSuchOverload("comprehension over", range);
    }
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
      Value other;
      if (EvalBool(condition_index, other) == 0) return false;
      int step_value = EvalBool(step_index, other);
      accu = step_value >= 0 ? Value::Bool(step_value == 1) : std::move(other);
      return true;
    };
    ForEachElement(range, step);
    Value result;
    if (iterations_ > options_.max_iterations) {
      result = CostLimitExceeded();
    } else {
      result = EvalToValue(program_.arg_index(node, kComprehensionResult));
    }
    locals_[node.aux] = saved_accu;
    locals_[node.index] = saved_iter;
    return result;
  }

  // all() or exists() with the value its expansion gives, without an accumulator value per
  // element: the deciding boolean as soon as an element gives it; otherwise the unknowns of
  // every element merged at once (the expansion's || or && merges them one by one, a new
  // value each), else the first error, else the other boolean.
  Value Quantify(const Node& node, const ProgramImpl::Quantifier& quantifier) {
    Value range_scratch;
    const Value& range = Eval(program_.arg_index(node, kComprehensionRange), range_scratch);
    if (range.IsErrorOrUnknown()) return range;
    if (!range.is(Kind::kList) && !range.is(Kind::kMap)) {
      return NoSuchOverload("comprehension over", range);
    }
    const Value* saved_iter = locals_[node.index];
    int decides = quantifier.decides_on ? 1 : 0;
    bool decided = false;
    size_t size = range.is(Kind::kList) ? range.list_elements().size() : range.map_entries().size();
    std::vector<Value> unknowns;
    Value error;
    // As in the expansion, the element after the deciding one is a step taken (its loop
    // condition is what stops it).
    auto step = [&](const Value& element) -> bool {
      if (++iterations_ > options_.max_iterations || decided) return false;
      locals_[node.index] = &element;
      Value other;
      int holds = EvalBool(quantifier.predicate, other);
      if (holds == decides) {
        decided = true;
        return true;
      }
      if (holds >= 0) return true;
      if (other.is(Kind::kUnknown)) {
        if (unknowns.empty()) unknowns.reserve(size);
        unknowns.push_back(std::move(other));
      } else if (!error.is(Kind::kError)) {
        error = other.is(Kind::kError)
                    ? std::move(other)
                    : NoSuchOverload(quantifier.decides_on ? "_||_" : "_&&_", other);
        if (error.error_offset() < 0) error = Value::Error(error.error_message(), node.offset);
      }
      return true;
    };
    ForEachElement(range, step);
    locals_[node.index] = saved_iter;
    if (iterations_ > options_.max_iterations) {
      return CostLimitExceeded();
    }
    if (decided) return Value::Bool(quantifier.decides_on);
    if (!unknowns.empty()) return Value::MergeUnknowns(std::move(unknowns));
    if (error.is(Kind::kError)) return error;
    return Value::Bool(!quantifier.decides_on);
  }

  // Calls `step` with each element of a list, or each key of a map, until it returns false.
  template <typename Step>
  static void ForEachElement(const Value& range, const Step& step) {
    if (range.is(Kind::kList)) {
      for (const Value& element : range.list_elements()) {
        if (!step(element)) return;
      }
    } else {
      for (const auto& entry : range.map_entries()) {
        if (!step(entry.first)) return;
      }
    }
  }

  Value CostLimitExceeded() const {
    return Value::Error("evaluation cost limit exceeded: more than " +
                        std::to_string(options_.max_iterations) + " comprehension iterations");
  }

  static constexpr int kInlineLocals = 8;
  static constexpr size_t kInlineInputs = 4;  // a kept part's element and facts, off the heap
  const ProgramImpl& program_;
  const Facts& activation_;
  const EvalOptions& options_;
  std::vector<Value>* trace_;
  EvalCache* cache_ = nullptr;  // for values kept by element; null while tracing
  const Value null_;
  const Value* inline_locals_[kInlineLocals];
  std::vector<const Value*> heap_locals_;
  const Value** locals_;
  int64_t iterations_ = 0;
};

}  // namespace okno::cel::internal
