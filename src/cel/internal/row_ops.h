#pragma once

// The semantics of each operation on one row of values, shared by the scalar evaluator and the
// batch evaluator, so that both compute exactly the same thing.

#include <string>
#include <vector>

#include "cel/internal/ir.h"
#include "cel/value.h"

namespace okno::cel::internal {

inline bool IsFalse(const Value& v) { return v.is(Kind::kBool) && !v.bool_value(); }
inline bool IsTrue(const Value& v) { return v.is(Kind::kBool) && v.bool_value(); }

Value NoSuchOverload(const char* what, const Value& v);

// For a strict operation: true, with `out` set, when an argument is unknown (all unknowns,
// merged) or else an error (the first).
bool FirstErrorOrUnknown(const Value* const* args, int argc, Value& out);

// Comparisons that give a plain boolean without the generic call path: numbers of one kind,
// string equality, and a string in a list of strings. 1 or 0, or -1 for anything else (then
// the general path decides).
int PlainRelation(Builtin builtin, const Value& a, const Value& b);

// PlainRelation as a value: false when it gives -1.
bool FastRelation(Builtin builtin, const Value& a, const Value& b, Value& out);

// A call with its arguments evaluated: errors and unknowns propagate, then the builtin runs.
Value ApplyCall(Builtin builtin, const Value* const* args, int argc);

// && (decides_on = false) or || (decides_on = true) once both sides are known, commutative
// as CEL defines it: the deciding value wins; else unknowns (merged) before errors, errors
// before a non-boolean operand.
Value CombineLogic(const Value& left, const Value& right, bool decides_on);

Value ApplyNot(const Value& operand);

// `operand.field` (or has(operand.field) when test_only); `key` is the field's name as a value.
Value SelectField(const Value& operand, const Value& key, const std::string& field, bool test_only);

// A list or map literal from its evaluated parts; strict in every part.
Value BuildList(std::vector<Value> elements);
Value BuildMap(std::vector<Value> parts);

}  // namespace okno::cel::internal
