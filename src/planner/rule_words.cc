#include "planner/rule_words.h"

#include <map>
#include <optional>
#include <set>
#include <vector>

#include "cel/ast.h"
#include "cel/parser.h"
#include "cel/time_util.h"
#include "cel/unparser.h"
#include "planner/explanation.h"

namespace okno::planner {
namespace {

using cel::Expr;
using cel::ExprKind;
using nlohmann::json;

class Writer {
 public:
  Writer(const catalog::FactSchema& schema, const std::string& language)
      : schema_(schema), russian_(language != "en"), language_(language) {}

  json Node(const Expr& expr) const {
    if (IsCall(expr, cel::op::kAnd) || IsCall(expr, cel::op::kOr)) {
      std::vector<const Expr*> parts;
      Flatten(expr, expr.name, parts);
      json list = json::array();
      for (const Expr* part : parts) list.push_back(Node(*part));
      return {{IsCall(expr, cel::op::kAnd) ? "all" : "any", std::move(list)}};
    }
    if (IsCall(expr, cel::op::kNot) && expr.args.size() == 1) {
      const Expr& inner = *expr.args[0];
      if (const catalog::FactField* field = FactOf(inner); field && IsBool(*field)) {
        return Text(LabelOf(inner, *field) + ": " + YesNo(false));
      }
      return {{"not", Node(inner)}};
    }
    if (expr.kind == ExprKind::kComprehension && expr.args.size() == 5 &&
        IsMembers(*expr.args[cel::kComprehensionRange])) {
      const Expr& step = *expr.args[cel::kComprehensionStep];
      if ((expr.macro == "exists" || expr.macro == "all") && step.args.size() == 2) {
        return {{expr.macro == "exists" ? "some_member" : "every_member", Node(*step.args[1])}};
      }
      if (expr.macro == "exists_one" && !step.args.empty()) {
        return {{"one_member", Node(*step.args[0])}};
      }
    }
    if (std::optional<std::string> sentence = Sentence(expr)) return Text(*sentence);
    return {{"code", cel::Unparse(expr)}};
  }

 private:
  static bool IsCall(const Expr& expr, const char* function) {
    return expr.kind == ExprKind::kCall && !expr.has_target && expr.name == function;
  }

  static void Flatten(const Expr& expr, const std::string& function,
                      std::vector<const Expr*>& out) {
    if (expr.kind == ExprKind::kCall && !expr.has_target && expr.name == function &&
        expr.args.size() == 2) {
      Flatten(*expr.args[0], function, out);
      Flatten(*expr.args[1], function, out);
    } else {
      out.push_back(&expr);
    }
  }

  static json Text(std::string sentence) { return {{"text", std::move(sentence)}}; }

  static bool IsBool(const catalog::FactField& field) {
    return field.type.is(cel::CelType::Kind::kBool);
  }

  static bool IsMembers(const Expr& expr) {
    return expr.kind == ExprKind::kSelect && !expr.test_only && expr.name == "members" &&
           expr.args.size() == 1 && expr.args[0]->kind == ExprKind::kIdent &&
           expr.args[0]->name == "household";
  }

  // The schema field a selection names: household.housing, person.age, applicant.documents,
  // region.code, or m.age inside a macro over the members (FieldOf reads it as an operand's text).
  const catalog::FactField* FactOf(const Expr& expr) const {
    if (expr.kind != ExprKind::kSelect || expr.test_only || expr.args.size() != 1 ||
        expr.args[0]->kind != ExprKind::kIdent) {
      return nullptr;
    }
    return FieldOf(expr.args[0]->name + "." + expr.name, schema_);
  }

  std::string LabelOf(const Expr& expr, const catalog::FactField& field) const {
    std::string label = field.label.In(language_);
    if (label.empty()) label = cel::Unparse(expr);
    // The applicant's own fact in a household rule: say whose it is.
    if (expr.args[0]->name == "applicant") {
      label += russian_ ? " заявителя" : " of the applicant";
    }
    return label;
  }

  std::string YesNo(bool value) const {
    return FormatValue(cel::Value::Bool(value), "", language_);
  }

  // An operand in words: a fact by its label, a constant (in the unit of the fact it is
  // compared with), a date, or arithmetic of those.
  std::optional<std::string> Term(const Expr& expr, const catalog::FactField* beside) const {
    if (const catalog::FactField* field = FactOf(expr)) return LabelOf(expr, *field);
    if (expr.kind == ExprKind::kConstant) {
      if (expr.constant.is(cel::Kind::kString))
        return ValueWords(expr.constant.string_value(), beside, language_);
      return FormatValue(expr.constant, beside ? beside->unit : "", language_);
    }
    if (expr.kind == ExprKind::kCall && expr.name == "timestamp" && expr.args.size() == 1 &&
        expr.args[0]->kind == ExprKind::kConstant &&
        expr.args[0]->constant.is(cel::Kind::kString)) {
      auto parsed = cel::ParseTimestamp(expr.args[0]->constant.string_value());
      if (!parsed.ok()) return std::nullopt;
      return FormatValue(cel::Value::Timestamp(parsed->seconds, parsed->nanos), "", language_);
    }
    static const std::map<std::string, std::string> arithmetic = {{cel::op::kMultiply, " × "},
                                                                  {cel::op::kAdd, " + "},
                                                                  {cel::op::kSubtract, " − "},
                                                                  {cel::op::kDivide, " / "}};
    if (IsArithmetic(expr)) {
      // A constant in arithmetic is a factor, not an amount in the fact's unit (1,5 × ПМ); a
      // sum or difference inside is bracketed.
      auto operand = [&](const Expr& part) -> std::optional<std::string> {
        std::optional<std::string> words = Term(part, nullptr);
        if (words && IsArithmetic(part)) return "(" + *words + ")";
        return words;
      };
      std::optional<std::string> left = operand(*expr.args[0]);
      std::optional<std::string> right = operand(*expr.args[1]);
      if (left && right) return *left + arithmetic.at(expr.name) + *right;
    }
    return std::nullopt;
  }

  static bool IsArithmetic(const Expr& expr) {
    return expr.kind == ExprKind::kCall && !expr.has_target && expr.args.size() == 2 &&
           (expr.name == cel::op::kMultiply || expr.name == cel::op::kAdd ||
            expr.name == cel::op::kSubtract || expr.name == cel::op::kDivide);
  }

  static bool IsDate(const Expr& expr, const catalog::FactField* field) {
    return (field && field->type.is(cel::CelType::Kind::kTimestamp)) ||
           (expr.kind == ExprKind::kCall && expr.name == "timestamp");
  }

  std::optional<std::string> Sentence(const Expr& expr) const {
    if (const catalog::FactField* field = FactOf(expr); field && IsBool(*field)) {
      return LabelOf(expr, *field) + ": " + YesNo(true);
    }
    if (expr.kind != ExprKind::kCall || expr.has_target || expr.args.size() != 2) {
      return std::nullopt;
    }
    const Expr& left = *expr.args[0];
    const Expr& right = *expr.args[1];
    if (expr.name == cel::op::kIn) return Membership(left, right);
    static const std::set<std::string> comparisons = {cel::op::kLessEqual,    cel::op::kLess,
                                                      cel::op::kGreaterEqual, cel::op::kGreater,
                                                      cel::op::kEqual,        cel::op::kNotEqual};
    if (!comparisons.contains(expr.name)) return std::nullopt;
    const catalog::FactField* field = FactOf(left);
    bool equality = expr.name == cel::op::kEqual || expr.name == cel::op::kNotEqual;
    bool negated = expr.name == cel::op::kNotEqual;
    // A fact against yes or no, or against one of its closed values: «жильё: нет жилья».
    if (field && equality && right.kind == ExprKind::kConstant) {
      if (right.constant.is(cel::Kind::kBool)) {
        return LabelOf(left, *field) + ": " + YesNo(right.constant.bool_value() != negated);
      }
      std::string value = right.constant.is(cel::Kind::kString)
                              ? ValueWords(right.constant.string_value(), field, language_)
                              : FormatValue(right.constant, field->unit, language_);
      if (!negated) return LabelOf(left, *field) + ": " + value;
      // «жильё: любое, кроме «нет жилья»», not «не нет жилья».
      return LabelOf(left, *field) +
             (russian_ ? ": любое, кроме «" + value + "»" : ": other than \"" + value + "\"");
    }
    std::optional<std::string> left_words = Term(left, nullptr);
    std::optional<std::string> right_words = Term(right, field);
    if (!left_words || !right_words) return std::nullopt;
    bool timestamps = IsDate(left, field) || IsDate(right, FactOf(right));
    return *left_words + " " +
           RelationWords(cel::DisplayName(expr.name), /*holds=*/true, timestamps, language_) + " " +
           *right_words;
  }

  // x in [a, b]: «занятость: работаю по найму или учусь»; 'passport' in documents: «документы
  // на руках: есть Паспорт гражданина РФ».
  std::optional<std::string> Membership(const Expr& element, const Expr& list) const {
    const catalog::FactField* field = FactOf(element);
    if (field && list.kind == ExprKind::kList) {
      std::string choices;
      for (const auto& item : list.args) {
        std::optional<std::string> words = Term(*item, field);
        if (!words) return std::nullopt;
        if (!choices.empty()) choices += russian_ ? " или " : " or ";
        choices += *words;
      }
      return LabelOf(element, *field) + ": " + choices;
    }
    const catalog::FactField* list_field = FactOf(list);
    if (list_field && element.kind == ExprKind::kConstant &&
        element.constant.is(cel::Kind::kString)) {
      return LabelOf(list, *list_field) + ": " + (russian_ ? "есть " : "includes ") +
             ValueWords(element.constant.string_value(), list_field, language_);
    }
    return std::nullopt;
  }

  const catalog::FactSchema& schema_;
  bool russian_;
  std::string language_;
};

}  // namespace

json RuleInWords(const std::string& expression, const catalog::FactSchema& schema,
                 const std::string& language) {
  cel::ParseResult parsed = cel::Parse(cel::Source(expression));
  if (!parsed.root) return {{"code", expression}};
  return Writer(schema, language).Node(*parsed.root);
}

}  // namespace okno::planner
