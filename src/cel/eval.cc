// Evaluates a compiled Program, one activation at a time. Errors and unknowns are values: the
// logical operators absorb them where the other side decides, every other operation
// propagates them (unknowns first, merged, so the caller learns every absent fact the result
// depends on). What each operation does on a row of values is in row_ops.cc, shared with the
// batch evaluator; the evaluator itself is in internal/evaluator.h.

#include <set>
#include <unordered_map>

#include "cel/internal/evaluator.h"
#include "cel/internal/fast_path.h"
#include "cel/program.h"

namespace okno::cel {

namespace internal {
namespace {

// The slots a node's subtree reads and the comprehension variables it reads without binding.
struct Reads {
  std::set<int32_t> slots;
  std::set<int32_t> free_locals;
};

Reads FindReads(ProgramImpl& program, int32_t index) {
  const Node& node = program.nodes[index];
  Reads reads;
  if (node.op == Op::kSlot || node.op == Op::kHasSlot) reads.slots.insert(node.index);
  if (node.op == Op::kLocal) reads.free_locals.insert(node.index);
  for (int i = 0; i < node.argc; ++i) {
    Reads child = FindReads(program, program.arg_index(node, i));
    reads.slots.insert(child.slots.begin(), child.slots.end());
    reads.free_locals.insert(child.free_locals.begin(), child.free_locals.end());
  }
  if (node.op == Op::kComprehension) {
    reads.free_locals.erase(node.index);
    reads.free_locals.erase(node.aux);
    if (reads.free_locals.empty() && !reads.slots.empty()) {
      program.cacheable_inputs[index].assign(reads.slots.begin(), reads.slots.end());
    }
  }
  return reads;
}

}  // namespace

void FindCacheableComprehensions(ProgramImpl& program) {
  program.cacheable_inputs.assign(program.nodes.size(), {});
  if (!program.nodes.empty()) (void)FindReads(program, program.root);
}

}  // namespace internal

struct EvalCache::Impl {
  struct Key {
    const void* program;
    int32_t node;
    std::vector<Value> inputs;
    bool operator==(const Key& other) const {
      if (program != other.program || node != other.node) return false;
      for (size_t i = 0; i < inputs.size(); ++i) {
        if (!inputs[i].IdenticalTo(other.inputs[i])) return false;
      }
      return inputs.size() == other.inputs.size();
    }
  };
  struct Hash {
    size_t operator()(const Key& key) const {
      size_t hash = std::hash<const void*>()(key.program) ^ (static_cast<size_t>(key.node) << 7);
      for (const Value& input : key.inputs) hash = hash * 31 + input.IdentityHash();
      return hash;
    }
  };
  std::unordered_map<Key, Value, Hash> values;
};

EvalCache::EvalCache() : impl_(std::make_unique<Impl>()) {}
EvalCache::~EvalCache() = default;

const Value* EvalCache::Find(const void* program, int32_t node,
                             const std::vector<Value>& inputs) const {
  auto found = impl_->values.find({program, node, inputs});
  return found == impl_->values.end() ? nullptr : &found->second;
}

void EvalCache::Keep(const void* program, int32_t node, std::vector<Value> inputs, Value value) {
  impl_->values.insert_or_assign({program, node, std::move(inputs)}, std::move(value));
}

Value Program::Evaluate(const Activation& activation, const EvalOptions& options) const {
  Value other;
  int result;
  if (impl_->fast.root >= 0 && options.use_fast_path) {
    result = internal::EvaluateFast(*impl_, activation, options, other);
  } else {
    internal::Evaluator<Activation> evaluator(*impl_, activation, options);
    result = evaluator.EvalBool(impl_->root, other);
  }
  return result >= 0 ? Value::Bool(result == 1) : other;
}

Value Program::Explain(const Activation& activation, std::vector<Reason>& reasons,
                       const EvalOptions& options) const {
  // Nodes never reached (the skipped side of a short circuit) keep this marker.
  std::vector<Value> trace(impl_->nodes.size(), Value::Unknown({"@not_evaluated"}));
  internal::Evaluator<Activation> evaluator(*impl_, activation, options, &trace);
  Value result = evaluator.EvalToValue(impl_->root);
  internal::CollectReasons(*impl_, trace, impl_->root, reasons);
  return result;
}

}  // namespace okno::cel
