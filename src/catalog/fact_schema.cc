#include "catalog/fact_schema.h"

#include <charconv>

#include "catalog/internal/yaml_reader.h"

namespace okno::catalog {

using internal::MapReader;
using K = cel::CelType::Kind;

const std::vector<std::string>& MemberRoles() {
  static const std::vector<std::string> roles = {"applicant", "spouse", "partner",
                                                 "child",     "parent", "other"};
  return roles;
}

namespace {

std::string Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(' ');
  size_t end = text.find_last_not_of(' ');
  return begin == std::string_view::npos ? "" : std::string(text.substr(begin, end - begin + 1));
}

// Splits "K, V" at the comma that is not inside parentheses.
std::optional<std::pair<std::string, std::string>> SplitPair(std::string_view text) {
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')') --depth;
    if (text[i] == ',' && depth == 0)
      return std::pair{Trim(text.substr(0, i)), Trim(text.substr(i + 1))};
  }
  return std::nullopt;
}

}  // namespace

std::optional<cel::CelType> ParseFactType(std::string_view raw,
                                          const std::map<std::string, FactRecord>& records) {
  std::string text = Trim(raw);
  static const std::map<std::string, K, std::less<>> kScalars = {
      {"int", K::kInt},   {"double", K::kDouble},       {"string", K::kString},
      {"bool", K::kBool}, {"timestamp", K::kTimestamp}, {"duration", K::kDuration},
      {"dyn", K::kDyn},   {"bytes", K::kBytes},         {"uint", K::kUint}};
  if (auto it = kScalars.find(text); it != kScalars.end()) return cel::CelType::Of(it->second);
  auto inner = [&](std::string_view prefix) -> std::optional<std::string> {
    if (text.starts_with(prefix) && text.ends_with(")")) {
      return text.substr(prefix.size(), text.size() - prefix.size() - 1);
    }
    return std::nullopt;
  };
  if (std::optional<std::string> element = inner("list(")) {
    std::optional<cel::CelType> type = ParseFactType(*element, records);
    if (!type) return std::nullopt;
    return cel::CelType::List(*type);
  }
  if (std::optional<std::string> pair = inner("map(")) {
    auto parts = SplitPair(*pair);
    if (!parts) return std::nullopt;
    std::optional<cel::CelType> key = ParseFactType(parts->first, records);
    std::optional<cel::CelType> value = ParseFactType(parts->second, records);
    if (!key || !value) return std::nullopt;
    return cel::CelType::Map(*key, *value);
  }
  if (records.contains(text)) return cel::CelType::Record(text);
  return std::nullopt;
}

FactSchema LoadFactSchemaText(const std::string& text, const std::string& file,
                              Diagnostics& diagnostics) {
  std::optional<yaml::Node> root = internal::LoadYamlText(text, file, diagnostics);
  return root ? LoadFactSchema(*root, file, diagnostics) : FactSchema{};
}

FactSchema LoadFactSchema(const yaml::Node& root, const std::string& file,
                          Diagnostics& diagnostics) {
  FactSchema schema;
  MapReader top(root, "", file, diagnostics);
  std::optional<yaml::Node> records = top.Child("records");
  std::optional<yaml::Node> variables = top.Child("variables");
  top.Finish();

  // Record names first: a field may be of any record type, declared before or after it.
  if (records && records->IsMap()) {
    for (const auto& entry : *records)
      schema.records[entry.first.Scalar()].name = entry.first.Scalar();
  } else if (records) {
    top.Report(*records, "records", "expected a mapping of record types");
  }
  if (records && records->IsMap()) {
    for (const auto& entry : *records) {
      const std::string& name = entry.first.Scalar();
      MapReader record(entry.second, "records." + name, file, diagnostics);
      std::optional<yaml::Node> fields = record.Child("fields");
      record.Finish();
      if (!fields) continue;
      if (!fields->IsMap()) {
        record.Report(*fields, record.PathOf("fields"), "expected a mapping of fields");
        continue;
      }
      MapReader field_names(*fields, record.PathOf("fields"), file, diagnostics);
      for (const auto& field_entry : *fields) {
        const std::string& field_name = field_entry.first.Scalar();
        field_names.Child(field_name);  // every key here is a field: mark it read
        MapReader reader(field_entry.second, field_names.PathOf(field_name), file, diagnostics);
        FactField field;
        field.name = field_name;
        field.file = file;
        field.line = field_entry.first.Mark().line + 1;
        if (std::optional<std::string> type_text = reader.String("type")) {
          std::optional<cel::CelType> type = ParseFactType(*type_text, schema.records);
          if (type) {
            field.type = *type;
          } else {
            reader.Report(field_entry.second["type"], reader.PathOf("type"),
                          "unknown type '" + *type_text +
                              "' (int, double, string, bool, timestamp, duration, dyn, list(T), "
                              "map(K, V) or a record of this schema)");
          }
        }
        field.values =
            reader.StringList("values", /*required=*/false).value_or(std::vector<std::string>{});
        bool textual = field.type.is(K::kString) ||
                       (field.type.is(K::kList) && field.type.Param(0).is(K::kString));
        if (!field.values.empty() && !textual) {
          reader.Report(field_entry.second["values"], reader.PathOf("values"),
                        "a closed list of values is for text facts, not " + field.type.Name());
        }
        if (std::optional<yaml::Node> labels = reader.Child("value_labels", /*required=*/false)) {
          MapReader by_value(*labels, reader.PathOf("value_labels"), file, diagnostics);
          for (const std::string& value : field.values) {
            if (std::optional<LocalizedText> text = by_value.Text(value)) {
              field.value_labels[value] = *text;
            }
          }
          by_value.Finish();  // a label for a value the field does not have
        }
        field.derived = reader.Bool("derived", /*required=*/false).value_or(false);
        field.label = reader.Text("label", /*required=*/false).value_or(LocalizedText{});
        field.unit = reader
                         .OneOf("unit", {"rub", "years", "months", "weeks", "days", "m2", "km"},
                                /*required=*/false)
                         .value_or("");
        field.question =
            reader.Text("question", /*required=*/!field.derived).value_or(LocalizedText{});
        field.max = reader.Number("max", /*required=*/false);
        if (field.max && !field.type.is(K::kInt) && !field.type.is(K::kDouble)) {
          reader.Report(field_entry.second["max"], reader.PathOf("max"),
                        "a largest value is for numbers, not " + field.type.Name());
        }
        field.earliest = reader.DateField("earliest", /*required=*/false);
        if (field.earliest && !field.type.is(K::kTimestamp)) {
          reader.Report(field_entry.second["earliest"], reader.PathOf("earliest"),
                        "an earliest date is for dates, not " + field.type.Name());
        }
        if (std::optional<yaml::Node> defaults = reader.Child("defaults", /*required=*/false)) {
          MapReader roles(*defaults, reader.PathOf("defaults"), file, diagnostics);
          for (const std::string& role : MemberRoles()) {
            if (std::optional<std::string> value = roles.String(role, /*required=*/false)) {
              field.defaults_by_role[role] = *value;
            }
          }
          for (const char* sex : {"male", "female"}) {
            std::string key = std::string("sex_") + sex;
            if (std::optional<std::string> value = roles.String(key, /*required=*/false)) {
              field.defaults_by_sex[sex] = *value;
            }
          }
          // under_N: for any member whose age is known and below N; from_N: N or older.
          for (const auto& entry : *defaults) {
            const std::string& key = entry.first.Scalar();
            for (auto [prefix, into] :
                 {std::pair{std::string_view("under_"), &field.defaults_under_age},
                  std::pair{std::string_view("from_"), &field.defaults_from_age}}) {
              if (!key.starts_with(prefix)) continue;
              int age = 0;
              auto [end, error] =
                  std::from_chars(key.data() + prefix.size(), key.data() + key.size(), age);
              if (error != std::errc() || end != key.data() + key.size() || age < 1 || age > 120) {
                continue;  // left unread: Finish() reports it
              }
              if (std::optional<std::string> value = roles.String(key, /*required=*/false)) {
                (*into)[age] = *value;
              }
            }
          }
          roles.Finish();
        }
        reader.Finish();
        schema.records[name].fields[field_name] = std::move(field);
      }
      field_names.Finish();
    }
  }

  if (variables && variables->IsMap()) {
    MapReader reader(*variables, "variables", file, diagnostics);
    for (const auto& entry : *variables) {
      const std::string& name = entry.first.Scalar();
      std::optional<std::string> type_text = reader.String(name);
      if (!type_text) continue;
      std::optional<cel::CelType> type = ParseFactType(*type_text, schema.records);
      if (!type) {
        reader.Report(entry.second, reader.PathOf(name),
                      "unknown type '" + *type_text + "' for a variable");
        continue;
      }
      schema.variables[name] = *type;
    }
    reader.Finish();
  } else if (variables) {
    top.Report(*variables, "variables", "expected a mapping of variable names to types");
  }
  return schema;
}

cel::Environment FactSchema::ToEnvironment() const {
  cel::Environment environment;
  for (const auto& [name, record] : records) {
    std::map<std::string, cel::CelType> fields;
    for (const auto& [field_name, field] : record.fields) fields[field_name] = field.type;
    environment.AddRecord(name, std::move(fields));
  }
  for (const auto& [name, type] : variables) environment.AddVariable(name, type);
  return environment;
}

}  // namespace okno::catalog
