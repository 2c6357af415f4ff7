#include "cel/parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace okno::cel {
namespace {

using ::testing::HasSubstr;

// The parse tree as a compact S-expression, for readable assertions.
std::string Show(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kConstant:
      return e.constant.DebugString();
    case ExprKind::kIdent:
      return e.name;
    case ExprKind::kSelect:
      return std::string(e.test_only ? "has(" : "(") + Show(*e.args[0]) + "." + e.name + ")";
    case ExprKind::kCall: {
      std::string out = "(" + e.name;
      if (e.has_target) out += "@";
      for (const auto& arg : e.args) out += " " + Show(*arg);
      return out + ")";
    }
    case ExprKind::kList: {
      std::string out = "[";
      for (const auto& arg : e.args) out += " " + Show(*arg);
      return out + " ]";
    }
    case ExprKind::kMap: {
      std::string out = "{";
      for (const auto& arg : e.args) out += " " + Show(*arg);
      return out + " }";
    }
    case ExprKind::kStruct:
      return e.name + "{...}";
    case ExprKind::kComprehension:
      return "(" + e.macro + " " + e.iter_var + " ...)";
  }
  return "?";
}

std::string ParseToString(const std::string& text) {
  Source source(text);
  ParseResult result = Parse(source);
  if (!result.errors.empty()) {
    const Diagnostic& error = result.errors.front();
    return "error " + std::to_string(error.line) + ":" + std::to_string(error.column) + ": " +
           error.message;
  }
  return Show(*result.root);
}

TEST(ParserTest, PrecedenceAndAssociativity) {
  EXPECT_EQ(ParseToString("1 + 2 * 3"), "(_+_ 1 (_*_ 2 3))");
  EXPECT_EQ(ParseToString("1 - 2 - 3"), "(_-_ (_-_ 1 2) 3)");
  EXPECT_EQ(ParseToString("a || b && c"), "(_||_ a (_&&_ b c))");
  EXPECT_EQ(ParseToString("a < b == c"), "(_==_ (_<_ a b) c)");
  EXPECT_EQ(ParseToString("x in [1, 2]"), "(@in x [ 1 2 ])");
  EXPECT_EQ(ParseToString("a ? b : c ? d : e"), "(_?_:_ a b (_?_:_ c d e))");
  EXPECT_EQ(ParseToString("!a.b"), "(!_ (a.b))");
  EXPECT_EQ(ParseToString("-a[0]"), "(-_ (_[_] a 0))");
}

TEST(ParserTest, Literals) {
  EXPECT_EQ(ParseToString("-9223372036854775808"), "-9223372036854775808");
  EXPECT_EQ(ParseToString("9223372036854775808"), "error 1:1: integer literal is out of range");
  EXPECT_EQ(ParseToString("18446744073709551615u"), "18446744073709551615u");
  EXPECT_EQ(ParseToString("0x1F"), "31");
  EXPECT_EQ(ParseToString(".5"), "0.5");
  EXPECT_EQ(ParseToString("1e3"), "1000.0");
  EXPECT_EQ(ParseToString("r'\\n'"), R"("\\n")");
  EXPECT_EQ(ParseToString("b'\\xff\\377'"), R"(b"\xff\xff")");
  EXPECT_EQ(ParseToString("'\\u043e\\U0000043A'"), R"("ок")");
  EXPECT_EQ(ParseToString("'''a\nb'''"), R"("a\nb")");
  EXPECT_EQ(ParseToString("{'k': [1,], }"), R"({ "k" [ 1 ] })");
}

TEST(ParserTest, Macros) {
  EXPECT_EQ(ParseToString("has(a.b)"), "has(a.b)");
  EXPECT_EQ(ParseToString("xs.exists(x, x > 1)"), "(exists x ...)");
  EXPECT_EQ(ParseToString("xs.map(x, x > 1, x * 2)"), "(map x ...)");
  EXPECT_EQ(ParseToString("xs.size()"), "(size@ xs)");
  EXPECT_THAT(ParseToString("has(a)"), HasSubstr("has() needs a field selection"));
  EXPECT_THAT(ParseToString("xs.all(1, true)"), HasSubstr("needs a variable name"));
}

TEST(ParserTest, ErrorsNameLineAndColumn) {
  EXPECT_EQ(ParseToString("1 +"), "error 1:4: unexpected end of expression");
  EXPECT_EQ(ParseToString("a &&\n  (b"), "error 2:5: expected ')', found end of expression");
  EXPECT_EQ(ParseToString("'окно' + $"), "error 1:10: unexpected character '$'");
  EXPECT_THAT(ParseToString("'abc"), HasSubstr("unterminated string"));
  EXPECT_THAT(ParseToString("if"), HasSubstr("reserved word"));
  EXPECT_THAT(ParseToString("'\\q'"), HasSubstr("unknown escape"));
}

TEST(ParserTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep(100'000, '(');
  EXPECT_THAT(ParseToString(deep), HasSubstr("nests deeper than"));
  std::string negations(50'000, '-');
  EXPECT_THAT(ParseToString(negations + "1"), HasSubstr("nests deeper than"));
  std::string ok = std::string(32, '(') + "7" + std::string(32, ')');
  EXPECT_EQ(ParseToString(ok), "7");
}

TEST(ParserTest, ReservedWordsAreFieldNames) {
  EXPECT_EQ(ParseToString("a.as"), "(a.as)");
  EXPECT_EQ(ParseToString("a.while()"), "(while@ a)");
}

}  // namespace
}  // namespace okno::cel
