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

Reads FindReads(ProgramImpl& program, int32_t index, std::vector<Reads>& reads_of) {
  const Node& node = program.nodes[index];
  Reads reads;
  if (node.op == Op::kSlot || node.op == Op::kHasSlot) reads.slots.insert(node.index);
  if (node.op == Op::kLocal) reads.free_locals.insert(node.index);
  for (int i = 0; i < node.argc; ++i) {
    Reads child = FindReads(program, program.arg_index(node, i), reads_of);
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
  reads_of[index] = reads;
  return reads;
}

// Whether keeping a node's value saves more than the lookup costs: it computes something,
// rather than reading a variable, a constant or a field.
bool Computes(const Node& node) {
  switch (node.op) {
    case Op::kConstant:
    case Op::kSlot:
    case Op::kLocal:
    case Op::kSelect:
    case Op::kHas:
    case Op::kHasSlot:
      return false;
    default:
      return true;
  }
}

// Marks the largest parts under `index` that read comprehension variable `element` and no
// other (a predicate on the element, not the accumulator): their value depends on the
// element and the facts they read alone.
void FindElementValues(ProgramImpl& program, int32_t index, int32_t element,
                       const std::vector<Reads>& reads_of) {
  const Reads& reads = reads_of[index];
  if (!reads.free_locals.contains(element)) return;
  const Node& node = program.nodes[index];
  if (reads.free_locals.size() == 1 && Computes(node)) {
    program.kept_by_element[index] = {element, {reads.slots.begin(), reads.slots.end()}};
    return;
  }
  for (int i = 0; i < node.argc; ++i) {
    FindElementValues(program, program.arg_index(node, i), element, reads_of);
  }
}

}  // namespace

void FindCacheableComprehensions(ProgramImpl& program) {
  program.cacheable_inputs.assign(program.nodes.size(), {});
  program.kept_by_element.assign(program.nodes.size(), {});
  program.quantifiers.assign(program.nodes.size(), {});
  if (program.nodes.empty()) return;
  std::vector<Reads> reads_of(program.nodes.size());
  (void)FindReads(program, program.root, reads_of);
  for (size_t index = 0; index < program.nodes.size(); ++index) {
    const Node& node = program.nodes[index];
    if (node.op != Op::kComprehension) continue;
    int32_t step_index = program.arg_index(node, kComprehensionStep);
    FindElementValues(program, step_index, node.index, reads_of);
    // The macros' own expansion: the accumulator, then the predicate, which must not read it.
    const Expr* expr = static_cast<size_t>(node.expr_id) < program.exprs.size()
                           ? program.exprs[node.expr_id]
                           : nullptr;
    const Node& step = program.nodes[step_index];
    bool all = expr != nullptr && expr->macro == "all" && step.op == Op::kAnd;
    bool exists = expr != nullptr && expr->macro == "exists" && step.op == Op::kOr;
    if (!all && !exists) continue;
    int32_t predicate = program.arg_index(step, 1);
    if (reads_of[predicate].free_locals.contains(node.aux)) continue;
    program.quantifiers[index] = {predicate, exists};
  }
}

}  // namespace internal

struct EvalCache::Impl {
  struct Key {
    const void* program;
    int32_t node;
    std::vector<Value> inputs;
  };
  // What a lookup gives: the inputs where they are, not copied.
  struct KeyView {
    const void* program;
    int32_t node;
    std::span<const Value> inputs;
  };
  static KeyView View(const Key& key) { return {key.program, key.node, key.inputs}; }
  static KeyView View(const KeyView& key) { return key; }
  struct Hash {
    using is_transparent = void;
    size_t operator()(const auto& key) const {
      KeyView view = View(key);
      size_t hash = std::hash<const void*>()(view.program) ^ (static_cast<size_t>(view.node) << 7);
      for (const Value& input : view.inputs) hash = hash * 31 + input.IdentityHash();
      return hash;
    }
  };
  struct Equal {
    using is_transparent = void;
    bool operator()(const auto& a, const auto& b) const {
      KeyView left = View(a), right = View(b);
      if (left.program != right.program || left.node != right.node ||
          left.inputs.size() != right.inputs.size()) {
        return false;
      }
      for (size_t i = 0; i < left.inputs.size(); ++i) {
        if (!left.inputs[i].IdenticalTo(right.inputs[i])) return false;
      }
      return true;
    }
  };
  using Values = std::unordered_map<Key, Value, Hash, Equal>;
  Values kept;
  Values since_mark;  // what Rewind forgets
  bool marked = false;
};

EvalCache::EvalCache() : impl_(std::make_unique<Impl>()) {}
EvalCache::~EvalCache() = default;

const Value* EvalCache::Find(const void* program, int32_t node,
                             std::span<const Value> inputs) const {
  Impl::KeyView key{program, node, inputs};
  if (auto found = impl_->kept.find(key); found != impl_->kept.end()) return &found->second;
  if (!impl_->marked) return nullptr;
  auto found = impl_->since_mark.find(key);
  return found == impl_->since_mark.end() ? nullptr : &found->second;
}

const Value& EvalCache::Keep(const void* program, int32_t node, std::vector<Value> inputs,
                             Value value) {
  Impl::Values& into = impl_->marked ? impl_->since_mark : impl_->kept;
  // Never over a value kept already: a caller may hold a reference to it.
  return into.try_emplace({program, node, std::move(inputs)}, std::move(value)).first->second;
}

void EvalCache::Mark() { impl_->marked = true; }
void EvalCache::Rewind() { impl_->since_mark.clear(); }

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
