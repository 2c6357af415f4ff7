// Marking facts unknown by path, inside the values of an activation.

#include <charconv>

#include "cel/program.h"

namespace okno::cel {
namespace {

// One step of a path: a field name (or map key) or a list index.
struct Step {
  bool is_index = false;
  std::string key;
  int64_t index = 0;
};

Result<std::vector<Step>> ParsePath(std::string_view path) {
  auto bad = [&](const std::string& why) {
    return InvalidArgumentError("unknown path '" + std::string(path) + "': " + why);
  };
  std::vector<Step> steps;
  size_t pos = 0;
  auto read_name = [&]() -> std::string {
    size_t start = pos;
    while (pos < path.size() && path[pos] != '.' && path[pos] != '[') ++pos;
    return std::string(path.substr(start, pos - start));
  };
  std::string first = read_name();
  if (first.empty()) return bad("it must start with a name");
  steps.push_back({false, first, 0});
  while (pos < path.size()) {
    if (path[pos] == '.') {
      ++pos;
      std::string name = read_name();
      if (name.empty()) return bad("a '.' must be followed by a name");
      steps.push_back({false, name, 0});
    } else {  // '['
      ++pos;
      if (pos < path.size() && (path[pos] == '"' || path[pos] == '\'')) {
        char quote = path[pos++];
        size_t end = path.find(quote, pos);
        if (end == std::string_view::npos) return bad("unterminated key");
        steps.push_back({false, std::string(path.substr(pos, end - pos)), 0});
        pos = end + 1;
      } else {
        size_t end = path.find(']', pos);
        if (end == std::string_view::npos) return bad("missing ']'");
        Step step{true, "", 0};
        auto [ptr, error] = std::from_chars(path.data() + pos, path.data() + end, step.index);
        if (error != std::errc() || ptr != path.data() + end || step.index < 0) {
          return bad("an index must be a non-negative integer or a quoted key");
        }
        steps.push_back(step);
        pos = end;
      }
      if (pos >= path.size() || path[pos] != ']') return bad("missing ']'");
      ++pos;
    }
  }
  return steps;
}

// Returns `container` with the value at steps[from...] replaced by `unknown`.
Result<Value> Replace(const Value& container, const std::vector<Step>& steps, size_t from,
                      const Value& unknown, std::string_view path) {
  if (from == steps.size() || container.is(Kind::kUnknown)) {
    return from == steps.size() ? unknown : container;
  }
  const Step& step = steps[from];
  if (container.is(Kind::kList) && step.is_index) {
    std::vector<Value> elements = container.list_elements();
    if (step.index >= static_cast<int64_t>(elements.size())) {
      return InvalidArgumentError("unknown path '" + std::string(path) + "': index " +
                                  std::to_string(step.index) + " is past the list's end");
    }
    elements[step.index] = OKNO_TRY(Replace(elements[step.index], steps, from + 1, unknown, path));
    return Value::List(std::move(elements));
  }
  if (container.is(Kind::kMap) || container.is(Kind::kNull)) {
    Value key = step.is_index ? Value::Int(step.index) : Value::String(step.key);
    std::vector<std::pair<Value, Value>> entries;
    if (container.is(Kind::kMap)) entries = container.map_entries();
    bool replaced = false;
    for (auto& [k, v] : entries) {
      if (Equal(k, key)) {
        v = OKNO_TRY(Replace(v, steps, from + 1, unknown, path));
        replaced = true;
      }
    }
    if (!replaced) {
      entries.emplace_back(key, OKNO_TRY(Replace(Value::Null(), steps, from + 1, unknown, path)));
    }
    return Value::Map(std::move(entries));
  }
  return InvalidArgumentError("unknown path '" + std::string(path) + "' leads through a " +
                              std::string(KindName(container.kind())) +
                              ", which has no fields or elements");
}

}  // namespace

Status Activation::SetUnknown(std::string_view path) {
  std::vector<Step> steps = OKNO_TRY(ParsePath(path));
  Value unknown = Value::Unknown({std::string(path)});
  // The slot whose path is the longest prefix of `path` (slots may be dotted: "x.y").
  const std::vector<std::string>& slots = program_->attributes();
  int best = -1;
  size_t consumed = 0;
  for (size_t i = 0; i < slots.size(); ++i) {
    std::string prefix;
    for (size_t k = 0; k < steps.size() && !steps[k].is_index; ++k) {
      prefix += (k ? "." : "") + steps[k].key;
      if (prefix == slots[i] && k + 1 > consumed) {
        best = static_cast<int>(i);
        consumed = k + 1;
      }
    }
  }
  if (best < 0) return Status::Ok();
  slots_[best] = OKNO_TRY(Replace(slots_[best], steps, consumed, unknown, path));
  return Status::Ok();
}

}  // namespace okno::cel
