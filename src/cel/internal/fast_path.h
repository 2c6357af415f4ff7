#pragma once

// A second, faster form of the common parts of a rule: boolean logic, comparisons of facts
// with constants or other facts, double arithmetic and membership in string lists, each node
// a function chosen at compile time for its operand shapes (a fact slot, a constant, a
// subexpression) so that evaluation does no dispatch on the operation and makes no Value.
// Whenever a node meets something else at run time (an unknown, an error, another kind) it
// hands that node to the general evaluator, which gives exactly what it always gives.

#include <cstdint>
#include <vector>

#include "cel/internal/evaluator.h"
#include "cel/internal/ir.h"
#include "cel/program.h"

namespace okno::cel::internal {

// Chooses fast forms for the nodes of `program` that have one.
FastProgram BuildFastProgram(const ProgramImpl& program);

// Evaluates the rule's fast form (requires program.fast.root >= 0): 1 or 0, or -1 with the
// value in `other` (from the general evaluator, which every node falls back to).
int EvaluateFast(const ProgramImpl& program, const Activation& facts, const EvalOptions& options,
                 Value& other);

}  // namespace okno::cel::internal
