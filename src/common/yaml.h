#pragma once

// A YAML document as a tree of nodes, parsed by libyaml. libyaml reads the catalog about five
// times faster than yaml-cpp, and reading the catalog is most of what `okno plan` does before it
// plans. The tree holds syntax only: whether a scalar is a number, a boolean or null is for
// the reader to say (plain `~`, `null` and an empty value are null here, as in YAML's core
// schema), so each reader keeps its own rules for values.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace okno::yaml {

// A position in the text, counted from 0, the column in bytes. A node that is
// not in the text (a missing key's) has -1.
struct Mark {
  int line = -1;
  int column = -1;
};

enum class NodeType { kUndefined, kNull, kScalar, kSequence, kMap };

struct Item;

// A shared, immutable node. Looking up a key that is absent (or a key of a node that is not a
// mapping) gives an undefined node, which tests false, so `if (node["x"])` asks for presence.
class Node {
 public:
  Node() = default;

  NodeType Type() const { return data_ ? data_->type : NodeType::kUndefined; }
  bool IsDefined() const { return data_ != nullptr; }
  bool IsNull() const { return Type() == NodeType::kNull; }
  bool IsScalar() const { return Type() == NodeType::kScalar; }
  bool IsSequence() const { return Type() == NodeType::kSequence; }
  bool IsMap() const { return Type() == NodeType::kMap; }
  explicit operator bool() const { return IsDefined(); }

  // A scalar's text ("" for any other node).
  const std::string& Scalar() const;
  // Written without quotes or a block indicator (| >), so it may spell a number, a boolean or
  // null; a quoted or block scalar is a string whatever it spells.
  bool IsPlain() const { return data_ && data_->plain; }
  yaml::Mark Mark() const { return data_ ? data_->mark : yaml::Mark{}; }

  // Items of a list, entries of a mapping; 0 for anything else.
  size_t size() const;
  // The value of the first entry whose key is the scalar `key`.
  Node operator[](std::string_view key) const;
  // The item at `index` of a list.
  Node operator[](size_t index) const;
  Node operator[](int index) const { return (*this)[static_cast<size_t>(index)]; }

  // A list yields its items; a mapping yields entries with `first` (the key) and `second`.
  std::vector<Item>::const_iterator begin() const;
  std::vector<Item>::const_iterator end() const;

 private:
  friend class Builder;
  struct Data {
    NodeType type = NodeType::kNull;
    bool plain = false;
    yaml::Mark mark;
    std::string scalar;
    std::vector<Item> items;
    size_t weight = 1;  // nodes under this one with every alias expanded, itself included
  };
  explicit Node(std::shared_ptr<Data> data) : data_(std::move(data)) {}

  std::shared_ptr<const Data> data_;
};

// What iterating a node yields: a list's item is the Node itself; a mapping's entry has its key
// and value in `first` and `second`.
struct Item : Node {
  Node first;
  Node second;
};

struct SyntaxError {
  yaml::Mark mark;
  std::string
      message;  // libyaml's words: "did not find expected key while parsing a block mapping"
};

struct Parsed {
  Node root;  // the first document; null for an empty text; undefined when `error` is set
  std::optional<SyntaxError> error;
};

// Parses `text` (UTF-8); only its first document is kept.
Parsed Parse(std::string_view text);

}  // namespace okno::yaml
