#include "planner/explanation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "catalog/facts.h"
#include "cel/time_util.h"

namespace okno::planner {
namespace {

bool Russian(const std::string& language) { return language != "en"; }

// Digits in groups of three: "23 400" (no-break space) or "23,400".
std::string Grouped(int64_t number, const std::string& language) {
  std::string digits = std::to_string(number < 0 ? -number : number);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += Russian(language) ? "\u00A0" : ",";
    out += digits[i];
  }
  return (number < 0 ? "-" : "") + out;
}

std::string Number(double value, const std::string& language) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
    return Grouped(static_cast<int64_t>(value), language);
  }
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", value);
  std::string out = text;
  while (!out.empty() && out.back() == '0') out.pop_back();
  if (!out.empty() && out.back() == '.') out.pop_back();
  if (Russian(language)) {
    for (char& c : out) {
      if (c == '.') c = ',';
    }
  }
  return out;
}

// Russian counts take one of three forms: 1 год, 2 года, 5 лет (and 21 год, 11 лет).
const std::string& RussianPlural(int64_t count, const std::string& one, const std::string& few,
                                 const std::string& many) {
  int64_t n = count < 0 ? -count : count;
  if (n % 100 >= 11 && n % 100 <= 14) return many;
  if (n % 10 == 1) return one;
  if (n % 10 >= 2 && n % 10 <= 4) return few;
  return many;
}

std::string UnitSuffix(const std::string& unit, const std::string& language,
                       std::optional<int64_t> count) {
  struct Words {
    std::string one, few, many, english_one, english_many;
  };
  static const std::map<std::string, Words> units = {
      {"rub", {"₽", "₽", "₽", "RUB", "RUB"}},
      {"years", {"год", "года", "лет", "year", "years"}},
      {"months", {"месяц", "месяца", "месяцев", "month", "months"}},
      {"weeks", {"неделя", "недели", "недель", "week", "weeks"}},
      {"days", {"день", "дня", "дней", "day", "days"}},
      {"m2", {"м²", "м²", "м²", "m²", "m²"}},
      {"km", {"км", "км", "км", "km", "km"}}};
  auto it = units.find(unit);
  if (it == units.end()) return "";
  const Words& words = it->second;
  if (!Russian(language)) {
    return "\u00A0" + (count && *count == 1 ? words.english_one : words.english_many);
  }
  // A fraction, or a count not known, takes the "few" form (2,5 года).
  return "\u00A0" + (count ? RussianPlural(*count, words.one, words.few, words.many) : words.few);
}

}  // namespace

// The schema field an operand names: "household.income_per_capita" or, inside a macro,
// "m.age" (the last segment of a selection); null for anything else.
const catalog::FactField* FieldOf(const std::string& text, const catalog::FactSchema& schema) {
  size_t dot = text.rfind('.');
  if (dot == std::string::npos) return nullptr;
  for (char c : text) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return nullptr;
  }
  std::string head = text.substr(0, text.find('.'));
  std::string field = text.substr(dot + 1);
  static const std::map<std::string, std::string> records = {{"household", "household"},
                                                             {"person", "person"},
                                                             {"applicant", "person"},
                                                             {"region", "region"}};
  auto record_name = records.find(head);
  // A comprehension variable (m, c) ranges over members: persons.
  std::string record = record_name != records.end() ? record_name->second : "person";
  auto found = schema.records.find(record);
  if (found == schema.records.end()) return nullptr;
  auto entry = found->second.fields.find(field);
  return entry == found->second.fields.end() ? nullptr : &entry->second;
}

// A closed value in words when the schema names it ("нет жилья" for homeless).
std::string ValueWords(const std::string& value, const catalog::FactField* field,
                       const std::string& language) {
  if (field != nullptr) {
    auto label = field->value_labels.find(value);
    if (label != field->value_labels.end() && !label->second.In(language).empty()) {
      return label->second.In(language);
    }
  }
  return value;
}

namespace {

std::string Label(const cel::Reason::Operand& operand, const catalog::FactSchema& schema,
                  const std::string& language) {
  if (operand.literal || operand.text.starts_with("timestamp(") ||
      operand.text.starts_with("duration(")) {
    return "";
  }
  const catalog::FactField* field = FieldOf(operand.text, schema);
  if (field != nullptr && !field->label.In(language).empty()) return field->label.In(language);
  return operand.text;
}

// An operand's value in words: a closed value by its label, anything else formatted.
std::string ValueOf(const cel::Reason::Operand& operand, const catalog::FactSchema& schema,
                    const std::string& language) {
  if (operand.value.is(cel::Kind::kString)) {
    return ValueWords(operand.value.string_value(), FieldOf(operand.text, schema), language);
  }
  return FormatValue(operand.value, "", language);
}

std::string Described(const cel::Reason::Operand& operand, const catalog::FactSchema& schema,
                      const std::string& language) {
  const catalog::FactField* field = FieldOf(operand.text, schema);
  std::string value = FormatValue(operand.value, field ? field->unit : "", language);
  std::string label = Label(operand, schema, language);
  return label.empty() ? value : label + " " + value;
}

}  // namespace

std::string RelationWords(const std::string& function, bool holds, bool dates,
                          const std::string& language) {
  static const std::map<std::string, std::pair<std::string, std::string>> ru = {
      {"<=", {"не выше, чем", "выше, чем"}}, {"<", {"ниже, чем", "не ниже, чем"}},
      {">=", {"не ниже, чем", "ниже, чем"}}, {">", {"выше, чем", "не выше, чем"}},
      {"==", {"равно", "не равно"}},         {"!=", {"не равно", "равно"}}};
  static const std::map<std::string, std::pair<std::string, std::string>> en = {
      {"<=", {"at most", "above"}},         {"<", {"below", "not below"}},
      {">=", {"at least", "below"}},        {">", {"above", "not above"}},
      {"==", {"equal to", "not equal to"}}, {"!=", {"not equal to", "equal to"}}};
  // Dates compare as earlier and later.
  static const std::map<std::string, std::pair<std::string, std::string>> ru_dates = {
      {"<=", {"не позже, чем", "позже, чем"}},
      {"<", {"раньше, чем", "не раньше, чем"}},
      {">=", {"не раньше, чем", "раньше, чем"}},
      {">", {"позже, чем", "не позже, чем"}},
      {"==", {"равно", "не равно"}},
      {"!=", {"не равно", "равно"}}};
  static const std::map<std::string, std::pair<std::string, std::string>> en_dates = {
      {"<=", {"no later than", "later than"}},     {"<", {"earlier than", "not earlier than"}},
      {">=", {"no earlier than", "earlier than"}}, {">", {"later than", "not later than"}},
      {"==", {"equal to", "not equal to"}},        {"!=", {"not equal to", "equal to"}}};
  const auto& words =
      dates ? (Russian(language) ? ru_dates : en_dates) : (Russian(language) ? ru : en);
  auto relation = words.find(function);
  if (relation == words.end()) return function;
  return holds ? relation->second.first : relation->second.second;
}

namespace {

std::string Comparison(const cel::Reason& reason, const catalog::FactSchema& schema,
                       const std::string& language) {
  bool truth = reason.value.bool_value();
  bool dates = reason.operands[0].value.is(cel::Kind::kTimestamp) ||
               reason.operands[1].value.is(cel::Kind::kTimestamp);
  const cel::Reason::Operand& left = reason.operands[0];
  const cel::Reason::Operand& right = reason.operands[1];
  // A fact against a word of a closed list: "жильё: нет жилья" / "занятость: работаю по найму,
  // а не «не работаю»".
  // A fact against true or false: "посещает детский сад: да".
  if ((reason.function == "==" || reason.function == "!=") && right.literal &&
      right.value.is(cel::Kind::kBool) && left.value.is(cel::Kind::kBool)) {
    return Label(left, schema, language) + ": " + FormatValue(left.value, "", language);
  }
  if ((reason.function == "==" || reason.function == "!=") && right.literal &&
      right.value.is(cel::Kind::kString)) {
    std::string label = Label(left, schema, language);
    std::string value = ValueOf(left, schema, language);
    bool equal = (reason.function == "==") == truth;
    if (equal) return label + ": " + value;
    // The other value quoted: «занятость: на пенсии, а не «не работаю»».
    std::string other =
        ValueWords(right.value.string_value(), FieldOf(left.text, schema), language);
    return label + ": " + value +
           (Russian(language) ? ", а не «" + other + "»" : ", not \"" + other + "\"");
  }
  std::string relation_text = RelationWords(reason.function, truth, dates, language);
  return Described(left, schema, language) + " " + relation_text + " " +
         Described(right, schema, language);
}

std::string Membership(const cel::Reason& reason, const catalog::FactSchema& schema,
                       const std::string& language) {
  bool truth = reason.value.bool_value();
  const cel::Reason::Operand& element = reason.operands[0];
  const cel::Reason::Operand& list = reason.operands[1];
  if (element.literal) {  // 'oms_policy' in person.documents
    std::string what =
        element.value.is(cel::Kind::kString)
            ? ValueWords(element.value.string_value(), FieldOf(list.text, schema), language)
            : FormatValue(element.value, "", language);
    std::string label = Label(list, schema, language);
    if (Russian(language)) return label + (truth ? ": есть " : ": нет ") + what;
    return label + (truth ? ": has " : ": no ") + what;
  }
  std::string label = Label(element, schema, language);
  std::string value = ValueOf(element, schema, language);
  if (truth) return label + ": " + value;
  // The values it is not, in words: «группа инвалидности: нет — не из: I группа, II группа».
  std::string choices;
  if (list.value.is(cel::Kind::kList)) {
    const catalog::FactField* field = FieldOf(element.text, schema);
    for (const cel::Value& item : list.value.list_elements()) {
      choices += (choices.empty() ? "" : ", ") +
                 (item.is(cel::Kind::kString) ? ValueWords(item.string_value(), field, language)
                                              : FormatValue(item, "", language));
    }
  } else {
    choices = list.text;
  }
  return label + ": " + value + (Russian(language) ? " — не из: " : " — not one of: ") + choices;
}

}  // namespace

std::string FactPathLabel(const std::string& path, const catalog::FactSchema& schema,
                          const std::string& language) {
  std::optional<catalog::FactPath> parts = catalog::ParseFactPath(path);
  if (!parts) return path;
  std::string label = parts->field;
  auto found = schema.records.find(parts->record);
  if (found != schema.records.end()) {
    auto entry = found->second.fields.find(parts->field);
    if (entry != found->second.fields.end() && !entry->second.label.In(language).empty()) {
      label = entry->second.label.In(language);
    }
  }
  return parts->member.empty() ? label : label + " (" + parts->member + ")";
}

std::string FormatValue(const cel::Value& value, const std::string& unit,
                        const std::string& language) {
  switch (value.kind()) {
    case cel::Kind::kBool:
      return Russian(language) ? (value.bool_value() ? "да" : "нет")
                               : (value.bool_value() ? "yes" : "no");
    case cel::Kind::kInt:
      return Grouped(value.int_value(), language) + UnitSuffix(unit, language, value.int_value());
    case cel::Kind::kUint:
      return Grouped(static_cast<int64_t>(value.uint_value()), language) +
             UnitSuffix(unit, language, static_cast<int64_t>(value.uint_value()));
    case cel::Kind::kDouble: {
      double number = value.double_value();
      std::optional<int64_t> whole;
      if (std::isfinite(number) && number == std::floor(number) && std::fabs(number) < 1e15) {
        whole = static_cast<int64_t>(number);
      }
      return Number(number, language) + UnitSuffix(unit, language, whole);
    }
    case cel::Kind::kString:
      return value.string_value();
    case cel::Kind::kTimestamp:
      return cel::FormatTimestamp(value.seconds(), value.nanos()).substr(0, 10);
    case cel::Kind::kUnknown:
      return Russian(language) ? "неизвестно" : "unknown";
    case cel::Kind::kList: {
      std::string out;
      for (const cel::Value& item : value.list_elements()) {
        out += (out.empty() ? "" : ", ") + FormatValue(item, unit, language);
      }
      return out.empty() ? (Russian(language) ? "нет" : "none") : out;
    }
    default:
      return value.DebugString();
  }
}

std::vector<std::string> RenderReasons(const std::vector<cel::Reason>& reasons,
                                       const catalog::FactSchema& schema,
                                       const std::string& language) {
  std::vector<std::string> sentences;
  for (const cel::Reason& reason : reasons) {
    std::string sentence;
    bool decided = reason.value.is(cel::Kind::kBool);
    if (reason.value.is(cel::Kind::kUnknown)) {
      std::string facts;
      for (const std::string& path : reason.value.unknown_paths()) {
        facts += (facts.empty() ? "" : ", ") + FactPathLabel(path, schema, language);
      }
      sentence = Russian(language) ? "нужны сведения: " + facts : "information needed: " + facts;
    } else if (decided && reason.operands.size() == 2 &&
               (reason.function == "<" || reason.function == "<=" || reason.function == ">" ||
                reason.function == ">=" || reason.function == "==" || reason.function == "!=")) {
      sentence = Comparison(reason, schema, language);
    } else if (decided && reason.function == "in" && reason.operands.size() == 2) {
      sentence = Membership(reason, schema, language);
    } else if (decided && reason.text == "true" && reason.value.bool_value()) {
      sentence = Russian(language) ? "доступно всем" : "open to everyone";
    } else if (decided && reason.function.empty() && FieldOf(reason.text, schema) != nullptr) {
      cel::Reason::Operand fact{reason.text, reason.value, false};
      sentence = Label(fact, schema, language) + ": " + FormatValue(reason.value, "", language);
    } else if (decided) {
      bool truth = reason.value.bool_value();
      sentence = Russian(language) ? "«" + reason.text + "»: " + (truth ? "да" : "нет")
                                   : "'" + reason.text + "': " + (truth ? "yes" : "no");
    } else {
      sentence = Russian(language) ? "«" + reason.text + "»: ошибка в правиле"
                                   : "'" + reason.text + "': error in the rule";
    }
    if (std::find(sentences.begin(), sentences.end(), sentence) == sentences.end()) {
      sentences.push_back(std::move(sentence));
    }
  }
  return sentences;
}

}  // namespace okno::planner
