// Evaluates a compiled Program, one activation at a time. Errors and unknowns are values: the
// logical operators absorb them where the other side decides, every other operation
// propagates them (unknowns first, merged, so the caller learns every absent fact the result
// depends on). What each operation does on a row of values is in row_ops.cc, shared with the
// batch evaluator; the evaluator itself is in internal/evaluator.h.

#include "cel/internal/evaluator.h"
#include "cel/internal/fast_path.h"
#include "cel/program.h"

namespace okno::cel {

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
