#pragma once

#include <string>

#include "cel/ast.h"

namespace okno::cel {

// Writes a parsed expression back as CEL source, with only the parentheses precedence needs and
// macros in the form they were written (`members.exists(m, m.age < 18)`): for explanations and
// messages that quote part of a rule.
std::string Unparse(const Expr& expr);

// How a person writes a function: "+" for "_+_", "in" for "@in", "[]" for "_[_]".
std::string DisplayName(const std::string& function);

}  // namespace okno::cel
