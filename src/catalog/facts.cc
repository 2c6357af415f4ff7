#include "catalog/facts.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <utility>

namespace okno::catalog {

using cel::Kind;
using cel::Value;
using K = cel::CelType::Kind;

int Situation::MemberIndex(std::string_view id) const {
  for (size_t i = 0; i < members.size(); ++i) {
    if (members[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

std::map<std::string, cel::Value>* Situation::FactsOf(const FactPath& path) {
  return const_cast<std::map<std::string, cel::Value>*>(std::as_const(*this).FactsOf(path));
}

const std::map<std::string, cel::Value>* Situation::FactsOf(const FactPath& path) const {
  if (path.record == "household") return &household;
  int member = path.record == "person" ? MemberIndex(path.member) : -1;
  return member < 0 ? nullptr : &members[member].facts;
}

std::optional<FactPath> ParseFactPath(std::string_view path) {
  size_t last = path.rfind('.');
  if (last == std::string_view::npos || last + 1 == path.size()) return std::nullopt;
  std::string field(path.substr(last + 1));
  if (path.starts_with("members.")) {
    if (last <= 8) return std::nullopt;
    return FactPath{"person", std::string(path.substr(8, last - 8)), field};
  }
  for (const char* record : {"household", "region"}) {
    if (path.substr(0, last) == record) return FactPath{record, "", field};
  }
  return std::nullopt;
}

namespace {

// Derived facts computed here rather than asked; every region field is a parameter.
const std::set<std::string, std::less<>> kComputedPerson = {"id", "role", "age", "age_months"};
const std::set<std::string, std::less<>> kComputedHousehold = {
    "size", "members", "income_per_capita", "children_under_18", "children_under_3"};
const std::set<std::string, std::less<>> kComputedRegion = {"code", "federal_values",
                                                            "approximate"};

// The dates a plan can be made for: the law Okno's catalog can hold, not a typo's year 9999.
const Date kEarliestAsOf{2000, 1, 1};
const Date kLatestAsOf{2100, 12, 31};

// Characters of UTF-8 text (bytes that do not continue a character).
size_t Utf8Length(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string JsonKind(const nlohmann::json& json) {
  if (json.is_null()) return "empty";
  if (json.is_boolean()) return "true/false";
  if (json.is_number()) return "a number";
  if (json.is_string()) return "text";
  if (json.is_array()) return "a list";
  return "a mapping";
}

std::string Quoted(const nlohmann::json& json) {
  return json.is_string() ? "'" + json.get<std::string>() + "'" : json.dump();
}

class SituationParser {
 public:
  SituationParser(const Catalog& catalog, std::vector<SituationError>& errors,
                  const SituationLimits& limits)
      : catalog_(catalog), errors_(errors), limits_(limits) {}

  Situation Parse(const nlohmann::json& json) {
    Situation situation;
    if (!json.is_object()) {
      Fail("", "a situation is a mapping (as_of, region, household, ...), found " + JsonKind(json));
      return situation;
    }
    for (const auto& [key, value] : json.items()) {
      if (key != "as_of" && key != "region" && key != "narrative" && key != "needs" &&
          key != "household") {
        Fail(key, "unknown field (as_of, region, narrative, needs, household)");
      }
    }
    if (json.contains("as_of")) {
      std::optional<Date> as_of = DateOf(json["as_of"], "as_of");
      if (as_of && (*as_of < kEarliestAsOf || kLatestAsOf < *as_of)) {
        Fail("as_of", as_of->ToString() + " is outside " + kEarliestAsOf.ToString() + " to " +
                          kLatestAsOf.ToString() + ", the dates a plan can be made for");
      } else if (as_of) {
        situation.as_of = *as_of;
      }
    } else {
      situation.as_of = Date::Today();  // DESIGN.md §4.1: the default is today
    }
    as_of_ = situation.as_of;
    if (!json.contains("region") || !json["region"].is_string()) {
      Fail("region", "required: a region code the catalog knows (e.g. RU-SPE)");
    } else {
      situation.region = json["region"].get<std::string>();
      if (!catalog_.regions.contains(situation.region)) {
        Fail("region", "unknown region '" + situation.region + "'");
      }
    }
    if (json.contains("narrative")) {
      if (json["narrative"].is_string()) {
        situation.narrative = json["narrative"].get<std::string>();
        if (Utf8Length(situation.narrative) > limits_.narrative_characters) {
          Fail("narrative", "longer than " + std::to_string(limits_.narrative_characters) +
                                " characters; tell the story in short");
        }
      } else {
        Fail("narrative", "expected text, found " + JsonKind(json["narrative"]));
      }
    }
    if (json.contains("needs")) {
      const nlohmann::json& needs = json["needs"];
      if (!needs.is_array()) Fail("needs", "expected a list of needs");
      if (needs.is_array() && needs.size() > limits_.needs) {
        Fail("needs", std::to_string(needs.size()) + " needs; at most " +
                          std::to_string(limits_.needs) + " in one situation");
        return situation;
      }
      for (size_t i = 0; needs.is_array() && i < needs.size(); ++i) {
        std::string path = "needs[" + std::to_string(i) + "]";
        if (!needs[i].is_string() || !catalog_.needs.contains(needs[i].get<std::string>())) {
          Fail(path, "unknown need " + Quoted(needs[i]));
        } else {
          situation.needs.push_back(needs[i].get<std::string>());
        }
      }
    }
    if (!json.contains("household") || !json["household"].is_object()) {
      Fail("household", "required: a mapping with the household's facts and its members");
      return situation;
    }
    ParseHousehold(json["household"], situation);
    return situation;
  }

 private:
  void Fail(std::string path, std::string message) {
    errors_.push_back({std::move(path), std::move(message)});
  }

  // Within the schema's plausibility bound; reported otherwise.
  bool Plausible(const FactField& field, double value, const std::string& path) {
    if (!field.max || value <= *field.max) return true;
    std::ostringstream bound;
    bound << *field.max;
    Fail(path, "is larger than " + bound.str() + ", the largest plausible");
    return false;
  }

  std::optional<Date> DateOf(const nlohmann::json& json, const std::string& path) {
    std::optional<Date> date;
    if (json.is_string()) date = ParseDate(json.get<std::string>());
    if (!date) Fail(path, "expected a date (YYYY-MM-DD), found " + Quoted(json));
    return date;
  }

  const FactRecord* Record(const std::string& name) const {
    auto it = catalog_.facts.records.find(name);
    return it == catalog_.facts.records.end() ? nullptr : &it->second;
  }

  // A base fact's value as its schema type says; nullopt (reported) when it is not one.
  std::optional<Value> Convert(const FactField& field, const nlohmann::json& json,
                               const std::string& path) {
    const cel::CelType& type = field.type;
    auto closed = [&](const std::string& text, const std::string& where) {
      if (field.values.empty() ||
          std::find(field.values.begin(), field.values.end(), text) != field.values.end()) {
        return true;
      }
      std::string list;
      for (const std::string& value : field.values) list += (list.empty() ? "" : ", ") + value;
      Fail(where, "'" + text + "' is not one of " + list);
      return false;
    };
    // Closed lists may hold numbers-as-words ("1", "2" for disability groups): accept 1 too.
    auto text_of = [](const nlohmann::json& value) -> std::optional<std::string> {
      if (value.is_string()) return value.get<std::string>();
      if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
      return std::nullopt;
    };
    switch (type.kind) {
      case K::kBool:
        if (json.is_boolean()) return Value::Bool(json.get<bool>());
        break;
      case K::kInt:
        if (json.is_number_integer()) {
          int64_t value = json.get<int64_t>();
          if (value < 0) {
            Fail(path, "must not be negative");
            return std::nullopt;
          }
          if (!Plausible(field, static_cast<double>(value), path)) return std::nullopt;
          return Value::Int(value);
        }
        break;
      case K::kDouble:
        if (json.is_number()) {
          double value = json.get<double>();
          if (value < 0 || !std::isfinite(value)) {
            Fail(path, "must not be negative");
            return std::nullopt;
          }
          if (!Plausible(field, value, path)) return std::nullopt;
          return Value::Double(value);
        }
        break;
      case K::kString:
        if (std::optional<std::string> text = text_of(json)) {
          if (!closed(*text, path)) return std::nullopt;
          return Value::String(*text);
        }
        break;
      case K::kTimestamp:
        if (std::optional<Date> date = DateOf(json, path)) {
          if (as_of_ < *date) {
            Fail(path, date->ToString() + " is after as_of " + as_of_.ToString());
            return std::nullopt;
          }
          if (field.earliest && *date < *field.earliest) {
            Fail(path, date->ToString() + " is before " + field.earliest->ToString() +
                           ", the earliest plausible");
            return std::nullopt;
          }
          return Value::Timestamp(date->EpochSeconds(), 0);
        }
        return std::nullopt;
      case K::kList:
        if (json.is_array() && type.Param(0).is(K::kString)) {
          std::vector<Value> items;
          bool ok = true;
          for (size_t i = 0; i < json.size(); ++i) {
            std::string item_path = path + "[" + std::to_string(i) + "]";
            std::optional<std::string> text = text_of(json[i]);
            if (!text) {
              Fail(item_path, "expected text, found " + JsonKind(json[i]));
              ok = false;
            } else if (!closed(*text, item_path)) {
              ok = false;
            } else {
              items.push_back(Value::String(*text));
            }
          }
          if (!ok) return std::nullopt;
          return Value::List(std::move(items));
        }
        break;
      default:
        break;
    }
    Fail(path, "expected " + type.Name() + ", found " + JsonKind(json));
    return std::nullopt;
  }

  // Reads the base facts of `record` from `json` into `out`; `skip` are keys handled elsewhere.
  void ReadFacts(const std::string& record_name, const nlohmann::json& json,
                 const std::string& path, const std::set<std::string>& skip,
                 std::map<std::string, Value>& out) {
    const FactRecord* record = Record(record_name);
    if (record == nullptr) return;
    for (const auto& [key, value] : json.items()) {
      if (skip.contains(key)) continue;
      std::string field_path = path + "." + key;
      auto field = record->fields.find(key);
      if (field == record->fields.end()) {
        Fail(field_path, "unknown fact '" + key + "' of " + record_name);
        continue;
      }
      if (field->second.derived) {
        Fail(field_path, "'" + key + "' is computed by Okno, not given");
        continue;
      }
      if (value.is_null()) continue;  // written but empty: unknown
      if (std::optional<Value> converted = Convert(field->second, value, field_path)) {
        out[key] = std::move(*converted);
      }
    }
  }

  void ParseHousehold(const nlohmann::json& household, Situation& situation) {
    ReadFacts("household", household, "household", {"members"}, situation.household);
    if (!household.contains("members") || !household["members"].is_array() ||
        household["members"].empty()) {
      Fail("household.members", "required: a list of the household's members (at least one)");
      return;
    }
    if (household["members"].size() > limits_.members) {
      Fail("household.members", std::to_string(household["members"].size()) + " members; at most " +
                                    std::to_string(limits_.members) +
                                    " in one household (a larger group is several households)");
      return;
    }
    static const std::regex kId("[A-Za-z0-9_-]{1,64}");
    std::set<std::string> ids;
    int applicants = 0;
    const nlohmann::json& members = household["members"];
    for (size_t i = 0; i < members.size(); ++i) {
      std::string path = "household.members[" + std::to_string(i) + "]";
      const nlohmann::json& json = members[i];
      if (!json.is_object()) {
        Fail(path, "expected a mapping of the member's facts, found " + JsonKind(json));
        continue;
      }
      MemberFacts member;
      if (!json.contains("id") || !json["id"].is_string() ||
          !std::regex_match(json["id"].get<std::string>(), kId)) {
        Fail(path + ".id", "required: a short id of letters, digits, _ or - (e.g. anna)");
      } else {
        member.id = json["id"].get<std::string>();
        if (!ids.insert(member.id).second) Fail(path + ".id", "id '" + member.id + "' is repeated");
      }
      const std::vector<std::string>& roles = MemberRoles();
      if (!json.contains("role") || !json["role"].is_string() ||
          std::find(roles.begin(), roles.end(), json["role"].get<std::string>()) == roles.end()) {
        Fail(path + ".role", "required: one of applicant, spouse, partner, child, parent, other");
      } else {
        member.role = json["role"].get<std::string>();
        if (member.role == "applicant") ++applicants;
      }
      ReadFacts("person", json, path, {"id", "role"}, member.facts);
      situation.members.push_back(std::move(member));
    }
    if (applicants > 1) Fail("household.members", "more than one member is the applicant");
    // A child is younger than the applicant and the applicant's spouse or partner (their
    // parents, or whoever raises them); a parent of the applicant is older.
    auto born = [&](const MemberFacts& member) -> std::optional<int64_t> {
      auto it = member.facts.find("birth_date");
      if (it == member.facts.end()) return std::nullopt;
      return it->second.seconds();
    };
    for (size_t i = 0; i < situation.members.size(); ++i) {
      const MemberFacts& child = situation.members[i];
      if (child.role != "child" || !born(child)) continue;
      for (const MemberFacts& adult : situation.members) {
        if ((adult.role != "applicant" && adult.role != "spouse" && adult.role != "partner") ||
            !born(adult) || *born(adult) < *born(child)) {
          continue;
        }
        Fail("household.members[" + std::to_string(i) + "].birth_date",
             "a child born before " + adult.id + " (" + adult.role + "), who raises them");
      }
    }
  }

  const Catalog& catalog_;
  std::vector<SituationError>& errors_;
  const SituationLimits& limits_;
  Date as_of_;
};

Value Field(const Value& record, const std::string& name) {
  if (!record.is(Kind::kMap)) return record;  // an unknown record: its fields are unknown too
  const Value* found = record.MapFind(Value::String(name));
  return found != nullptr ? *found : Value::Unknown({name});
}

// Parses a default written as a CEL literal ("0.0", "false", "[]") once per text.
Value Literal(const std::string& text) {
  static std::mutex mutex;
  static std::map<std::string, Value> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(text);
  if (it != cache.end()) return it->second;
  cel::CompileResult compiled = cel::Compile(text, cel::Environment{});
  Value value = compiled.program ? compiled.program->Evaluate(cel::Activation(*compiled.program))
                                 : Value::Error("default '" + text + "' is not a CEL literal");
  cache.emplace(text, value);
  return value;
}

// The schema's default for `field` of `member`: by role, else by sex when it is known, else by
// age (under or from an age) when the age is known.
std::optional<std::string> DefaultFor(const FactField& field, const MemberFacts& member,
                                      const Date& as_of) {
  if (auto by_role = field.defaults_by_role.find(member.role);
      by_role != field.defaults_by_role.end()) {
    return by_role->second;
  }
  if (auto sex = member.facts.find("sex");
      sex != member.facts.end() && sex->second.is(Kind::kString)) {
    if (auto by_sex = field.defaults_by_sex.find(sex->second.string_value());
        by_sex != field.defaults_by_sex.end()) {
      return by_sex->second;
    }
  }
  auto birth = member.facts.find("birth_date");
  if (birth == member.facts.end() ||
      (field.defaults_under_age.empty() && field.defaults_from_age.empty())) {
    return std::nullopt;
  }
  int age = YearsBetween(Date::FromEpochSeconds(birth->second.seconds()), as_of);
  for (const auto& [limit, value] : field.defaults_under_age) {
    if (age < limit) return value;
  }
  for (auto it = field.defaults_from_age.rbegin(); it != field.defaults_from_age.rend(); ++it) {
    if (age >= it->first) return it->second;
  }
  return std::nullopt;
}

}  // namespace

bool IsComputedFact(std::string_view record, std::string_view field) {
  if (record == "person") return kComputedPerson.contains(field);
  if (record == "household") return kComputedHousehold.contains(field);
  if (record == "region") return true;
  return false;
}

Situation ParseSituation(const nlohmann::json& json, const Catalog& catalog,
                         std::vector<SituationError>& errors, const SituationLimits& limits) {
  return SituationParser(catalog, errors, limits).Parse(json);
}

FactSet::FactSet(const Catalog& catalog, const Situation& situation)
    : catalog_(&catalog), situation_(&situation) {
  for (size_t i = 0; i < situation.members.size(); ++i) {
    persons_.push_back(Person(situation.members[i]));
    if (situation.members[i].role == "applicant") applicant_ = static_cast<int>(i);
  }
  household_ = Household();
  region_ = Region();
  as_of_ = Value::Timestamp(situation.as_of.EpochSeconds(), 0);
}

FactSet::FactSet(const FactSet& base, const Situation& changed, const std::string& path)
    : catalog_(base.catalog_),
      situation_(&changed),
      persons_(base.persons_),
      household_(base.CurrentHousehold()),
      region_(base.region_),
      as_of_(base.as_of_),
      applicant_(base.applicant_),
      federal_parameters_(base.federal_parameters_),
      approximate_parameters_(base.approximate_parameters_) {
  std::optional<FactPath> parts = ParseFactPath(path);
  if (!parts) {
    household_ = Household();
    return;
  }
  // Only what depends on the changed fact is computed again: its own entry, and the
  // household's derived facts, which read the members.
  if (parts->record == "person") {
    int member = changed.MemberIndex(parts->member);
    if (member < 0) return;
    const MemberFacts& facts = changed.members[member];
    if (parts->field == "birth_date" || parts->field == "sex") {
      persons_[member] = Person(facts);  // age, and the defaults by age or sex, follow them
    } else {
      persons_[member] = Replaced(persons_[member], [&](const std::string& name) {
        return name == parts->field ? std::optional(PersonField(name, facts)) : std::nullopt;
      });
    }
  }
  household_lags_ = std::move(parts);
}

const Value& FactSet::CurrentHousehold() const {
  if (!household_lags_) return household_;
  const FactPath& changed = *household_lags_;
  // A household fact derived from the members follows only the member facts it reads.
  auto follows = [&](const std::string& name) {
    if (changed.record == "household") return name == changed.field;
    if (name == "members") return true;
    // A birth date or sex rebuilds the person, defaults by age among them (a baby's income).
    if (name == "income_per_capita") {
      return changed.field == "monthly_income" || changed.field == "birth_date" ||
             changed.field == "sex";
    }
    if (name.starts_with("children_under_")) return changed.field == "birth_date";
    return false;
  };
  household_ = Replaced(household_, [&](const std::string& name) {
    return follows(name) ? std::optional(HouseholdField(name)) : std::nullopt;
  });
  household_lags_.reset();
  return household_;
}

Value FactSet::Replaced(const Value& record,
                        const std::function<std::optional<Value>(const std::string&)>& fresh) {
  std::vector<std::pair<Value, Value>> entries = record.map_entries();
  for (auto& [key, value] : entries) {
    if (std::optional<Value> replacement = fresh(key.string_value())) {
      value = std::move(*replacement);
    }
  }
  return Value::Map(std::move(entries));
}

Value FactSet::Person(const MemberFacts& member) {
  std::vector<std::pair<Value, Value>> entries;
  auto record = catalog_->facts.records.find("person");
  if (record == catalog_->facts.records.end()) return Value::Map({});
  for (const auto& [name, field] : record->second.fields) {
    entries.emplace_back(Value::String(name), PersonField(name, member));
  }
  return Value::Map(std::move(entries));
}

Value FactSet::PersonField(const std::string& name, const MemberFacts& member) {
  std::string prefix = "members." + member.id + ".";
  if (name == "id") return Value::String(member.id);
  if (name == "role") return Value::String(member.role);
  if (name == "age" || name == "age_months") {
    auto birth = member.facts.find("birth_date");
    if (birth == member.facts.end()) return Value::Unknown({prefix + "birth_date"});
    Date born = Date::FromEpochSeconds(birth->second.seconds());
    return Value::Int(name == "age" ? YearsBetween(born, situation_->as_of)
                                    : MonthsBetween(born, situation_->as_of));
  }
  if (auto given = member.facts.find(name); given != member.facts.end()) return given->second;
  const FactField& field = catalog_->facts.records.at("person").fields.at(name);
  if (std::optional<std::string> fallback = DefaultFor(field, member, situation_->as_of)) {
    defaults_applied_.push_back(prefix + name + " = " + *fallback);
    return Literal(*fallback);
  }
  return Value::Unknown({prefix + name});
}

Value FactSet::Household() {
  std::vector<std::pair<Value, Value>> entries;
  auto record = catalog_->facts.records.find("household");
  if (record == catalog_->facts.records.end()) return Value::Map({});
  for (const auto& [name, field] : record->second.fields) {
    entries.emplace_back(Value::String(name), HouseholdField(name));
  }
  return Value::Map(std::move(entries));
}

Value FactSet::HouseholdField(const std::string& name) const {
  // Sums and counts over members: unknown, naming the inputs, when any input is unknown.
  auto over_members = [&](const std::string& field, auto combine, Value initial) {
    Value total = std::move(initial);
    std::vector<Value> unknowns;
    for (const Value& person : persons_) {
      Value value = Field(person, field);
      if (value.is(Kind::kUnknown)) {
        unknowns.push_back(std::move(value));
      } else {
        total = combine(total, value);
      }
    }
    return unknowns.empty() ? total : Value::MergeUnknowns(std::move(unknowns));
  };
  auto count_younger = [&](int64_t years) {
    return over_members(
        "age",
        [years](const Value& count, const Value& age) {
          return Value::Int(count.int_value() + (age.int_value() < years ? 1 : 0));
        },
        Value::Int(0));
  };
  if (name == "size") return Value::Int(static_cast<int64_t>(persons_.size()));
  if (name == "members") return Value::List(persons_);
  if (name == "income_per_capita") {
    Value value = over_members(
        "monthly_income",
        [](const Value& sum, const Value& income) {
          return Value::Double(sum.double_value() + income.double_value());
        },
        Value::Double(0));
    if (value.is(Kind::kDouble) && !persons_.empty()) {
      value = Value::Double(value.double_value() / static_cast<double>(persons_.size()));
    }
    return value;
  }
  if (name == "children_under_18") return count_younger(18);
  if (name == "children_under_3") return count_younger(3);
  if (auto given = situation_->household.find(name); given != situation_->household.end()) {
    return given->second;
  }
  return Value::Unknown({"household." + name});
}

Value FactSet::Region() {
  std::vector<std::pair<Value, Value>> entries;
  auto record = catalog_->facts.records.find("region");
  if (record == catalog_->facts.records.end()) return Value::Map({});
  for (const auto& [name, field] : record->second.fields) {
    if (kComputedRegion.contains(name)) continue;
    Value value = Value::Unknown({"region." + name});
    if (std::optional<ParameterValue> parameter =
            catalog_->Parameter(situation_->region, name, situation_->as_of)) {
      value = field.type.is(K::kInt) ? Value::Int(std::llround(parameter->value))
                                     : Value::Double(parameter->value);
      if (parameter->federal) federal_parameters_.push_back(name);
      if (parameter->approximate) approximate_parameters_.push_back(name);
    }
    entries.emplace_back(Value::String(name), std::move(value));
  }
  entries.emplace_back(Value::String("code"), Value::String(situation_->region));
  entries.emplace_back(Value::String("federal_values"), Value::Bool(!federal_parameters_.empty()));
  entries.emplace_back(Value::String("approximate"), Value::Bool(!approximate_parameters_.empty()));
  return Value::Map(std::move(entries));
}

cel::Activation FactSet::Bind(const cel::Program& program, int member,
                              cel::EvalCache* cache) const {
  cel::Activation activation(program);
  activation.set_cache(cache);
  const std::vector<cel::Program::AttributeSteps>& attributes = program.attribute_steps();
  for (size_t slot = 0; slot < attributes.size(); ++slot) {
    const std::string& variable = attributes[slot].variable;
    Value value;
    if (variable == "household") {
      value = CurrentHousehold();
    } else if (variable == "region") {
      value = region_;
    } else if (variable == "as_of") {
      value = as_of_;
    } else if (variable == "person") {
      value = member >= 0 ? persons_[member] : Value::Unknown({"person"});
    } else if (variable == "applicant") {
      value = applicant_ >= 0 ? persons_[applicant_] : Value::Unknown({"applicant"});
    } else {
      continue;  // not a fact: left unknown
    }
    for (const Value& field : attributes[slot].fields) {
      if (!value.is(Kind::kMap)) break;
      const Value* found = value.MapFind(field);
      Value next = found != nullptr ? *found : Value::Unknown({field.string_value()});
      value = std::move(next);  // `found` points into `value`
    }
    activation.SetSlot(static_cast<int>(slot), std::move(value));
  }
  return activation;
}

namespace {

// `missing`: whether an unknown result's fact paths are listed (the question ranker needs only
// the status, and listing them is most of an evaluation's cost in a large household).
RuleOutcome Outcome(const Value& result, bool missing = true) {
  RuleOutcome outcome;
  if (result.is(Kind::kBool)) {
    outcome.status = result.bool_value() ? "eligible" : "ineligible";
  } else if (result.is(Kind::kUnknown)) {
    outcome.status = "needs_info";
    if (missing) outcome.missing = result.unknown_paths();
  } else if (result.is(Kind::kError)) {
    outcome.status = "error";
    outcome.error = result.error_message();
  } else {
    outcome.status = "error";
    outcome.error = "the rule gave " + result.DebugString() + ", not true or false";
  }
  return outcome;
}

}  // namespace

namespace {

RuleOutcome Evaluate(const Service& service, const cel::Program& rule, const FactSet& facts,
                     int member, const cel::Program* applies_to, std::vector<cel::Reason>* reasons,
                     bool missing, cel::EvalCache* cache = nullptr) {
  if (applies_to == nullptr) applies_to = service.applies_to_program.get();
  RuleOutcome applies;
  if (applies_to != nullptr && member >= 0) {
    applies = Outcome(applies_to->Evaluate(facts.Bind(*applies_to, member, cache)), missing);
    if (applies.status == "ineligible") return {"not_applicable", {}, "", nullptr};
    if (applies.status == "error") return applies;
  }
  RuleOutcome outcome =
      Outcome(reasons != nullptr ? rule.Explain(facts.Bind(rule, member), *reasons)
                                 : rule.Evaluate(facts.Bind(rule, member, cache)),
              missing);
  // Whether the service is for this member is itself unknown: the rule's own answer is
  // only conditional on it, unless the rule already rules the member out.
  if (applies.status == "needs_info" && outcome.status != "ineligible" &&
      outcome.status != "error") {
    outcome.status = "needs_info";
    outcome.missing.insert(outcome.missing.end(), applies.missing.begin(), applies.missing.end());
    std::sort(outcome.missing.begin(), outcome.missing.end());
    outcome.missing.erase(std::unique(outcome.missing.begin(), outcome.missing.end()),
                          outcome.missing.end());
  }
  return outcome;
}

}  // namespace

RuleOutcome EvaluateRule(const Service& service, const cel::Program& rule, const FactSet& facts,
                         int member, const cel::Program* applies_to,
                         std::vector<cel::Reason>* reasons) {
  return Evaluate(service, rule, facts, member, applies_to, reasons, /*missing=*/true);
}

std::string ServiceStatus(const Service& service, const FactSet& facts, int member,
                          cel::EvalCache* cache) {
  const RuleVersion* version = service.RuleAt(facts.situation().as_of);
  if (version == nullptr) return "ineligible";
  if (!version->program) return "error";
  return Evaluate(service, *version->program, facts, member, nullptr, nullptr, /*missing=*/false,
                  cache)
      .status;
}

RuleOutcome EvaluateService(const Service& service, const FactSet& facts, int member,
                            std::vector<cel::Reason>* reasons) {
  const RuleVersion* version = service.RuleAt(facts.situation().as_of);
  if (version == nullptr) {
    return {"ineligible", {}, "", nullptr};  // not in force on that date
  }
  if (!version->program) return {"error", {}, "the rule did not compile", version};
  RuleOutcome outcome = EvaluateRule(service, *version->program, facts, member, nullptr, reasons);
  outcome.version = version;
  return outcome;
}

}  // namespace okno::catalog
