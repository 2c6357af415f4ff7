#include "common/yaml.h"

#include <yaml.h>

#include <map>

namespace okno::yaml {

const std::string& Node::Scalar() const {
  static const std::string kEmpty;
  return data_ ? data_->scalar : kEmpty;
}

size_t Node::size() const { return data_ ? data_->items.size() : 0; }

Node Node::operator[](std::string_view key) const {
  if (!IsMap()) return Node();
  for (const Item& entry : data_->items) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) return entry.second;
  }
  return Node();
}

Node Node::operator[](size_t index) const {
  if (!IsSequence() || index >= data_->items.size()) return Node();
  return data_->items[index];
}

std::vector<Item>::const_iterator Node::begin() const {
  static const std::vector<Item> kNone;
  return data_ ? data_->items.begin() : kNone.begin();
}

std::vector<Item>::const_iterator Node::end() const {
  static const std::vector<Item> kNone;
  return data_ ? data_->items.end() : kNone.end();
}

// Builds the tree from libyaml's events: collections under construction are kept on a stack,
// and a mapping's key waits in its frame for the value that follows it.
class Builder {
 public:
  explicit Builder(std::string_view text) : text_(text) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  Parsed Run() {
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text_.data()),
                                 text_.size());
    Parsed parsed;
    bool first_document_done = false;
    while (true) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser, &event)) {
        parsed.error = Error(parser);
        break;
      }
      yaml_event_type_t type = event.type;
      // Later documents are checked for syntax but not kept.
      if (!first_document_done && !Handle(event)) {
        parsed.error = SyntaxError{MarkOf(event.start_mark),
                                   "nested more than " + std::to_string(kMaxDepth) +
                                       " deep, or aliases that expand to more than " +
                                       std::to_string(kMaxWeight) + " nodes"};
        yaml_event_delete(&event);
        break;
      }
      if (type == YAML_DOCUMENT_END_EVENT) first_document_done = true;
      yaml_event_delete(&event);
      if (type == YAML_STREAM_END_EVENT) break;
    }
    yaml_parser_delete(&parser);
    if (!parsed.error) parsed.root = root_ ? root_ : Null();
    return parsed;
  }

 private:
  // Deeper documents are refused: the tree is freed recursively, and no file of ours nests
  // past a dozen.
  static constexpr size_t kMaxDepth = 200;
  // Aliases share their node, but a reader that walks the tree walks each use: a few lines of
  // nested aliases would otherwise expand past memory ("billion laughs").
  static constexpr size_t kMaxWeight = 10'000'000;

  struct Frame {
    std::shared_ptr<Node::Data> data;
    std::string anchor;       // named when the collection ends, so it cannot contain itself
    std::optional<Node> key;  // a mapping's key awaiting its value
  };

  static Node Null() { return Node(std::make_shared<Node::Data>()); }

  // libyaml counts columns in characters; the readers count bytes.
  yaml::Mark MarkOf(const yaml_mark_t& mark) const {
    yaml::Mark result{static_cast<int>(mark.line), static_cast<int>(mark.column)};
    if (mark.line >= line_starts_.size()) return result;
    size_t byte = line_starts_[mark.line];
    for (size_t characters = 0; characters < mark.column && byte < text_.size(); ++characters) {
      ++byte;
      while (byte < text_.size() && (static_cast<unsigned char>(text_[byte]) & 0xC0) == 0x80) {
        ++byte;
      }
    }
    result.column = static_cast<int>(byte - line_starts_[mark.line]);
    return result;
  }

  SyntaxError Error(const yaml_parser_t& parser) const {
    SyntaxError error;
    error.mark = MarkOf(parser.problem_mark);
    error.message = parser.problem ? parser.problem : "cannot be read";
    if (parser.context) error.message += std::string(" ") + parser.context;
    return error;
  }

  // False when the document nests too deep or its aliases expand too far.
  bool Handle(const yaml_event_t& event) {
    switch (event.type) {
      case YAML_SCALAR_EVENT: {
        auto data = std::make_shared<Node::Data>();
        const auto& scalar = event.data.scalar;
        data->scalar.assign(reinterpret_cast<const char*>(scalar.value), scalar.length);
        data->plain = scalar.style == YAML_PLAIN_SCALAR_STYLE && scalar.tag == nullptr;
        bool null =
            data->plain && (data->scalar.empty() || data->scalar == "~" || data->scalar == "null" ||
                            data->scalar == "Null" || data->scalar == "NULL");
        data->type = null ? NodeType::kNull : NodeType::kScalar;
        data->mark = MarkOf(event.start_mark);
        if (scalar.anchor) anchors_[reinterpret_cast<const char*>(scalar.anchor)] = data;
        return Add(Node(std::move(data)));
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        auto data = std::make_shared<Node::Data>();
        bool sequence = event.type == YAML_SEQUENCE_START_EVENT;
        data->type = sequence ? NodeType::kSequence : NodeType::kMap;
        data->mark = MarkOf(event.start_mark);
        const yaml_char_t* anchor =
            sequence ? event.data.sequence_start.anchor : event.data.mapping_start.anchor;
        if (stack_.size() >= kMaxDepth) return false;
        stack_.push_back(
            {std::move(data), anchor ? reinterpret_cast<const char*>(anchor) : "", std::nullopt});
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Frame& frame = stack_.back();
        if (!frame.anchor.empty()) anchors_[frame.anchor] = frame.data;
        Node done(std::move(frame.data));
        stack_.pop_back();
        return Add(std::move(done));
      }
      case YAML_ALIAS_EVENT: {
        auto it = anchors_.find(reinterpret_cast<const char*>(event.data.alias.anchor));
        // An alias to a collection still open (one inside itself) is null.
        return Add(it != anchors_.end() ? Node(it->second) : Null());
      }
      default:
        break;
    }
    return true;
  }

  // False when the collection it joins grows past kMaxWeight.
  bool Add(Node node) {
    if (stack_.empty()) {
      root_ = std::move(node);
      return true;
    }
    Frame& frame = stack_.back();
    frame.data->weight += node.data_->weight;
    if (frame.data->weight > kMaxWeight) return false;
    Item item;
    if (frame.data->type == NodeType::kSequence) {
      static_cast<Node&>(item) = std::move(node);
    } else if (!frame.key) {
      frame.key = std::move(node);
      return true;
    } else {
      item.first = std::move(*frame.key);
      item.second = std::move(node);
      frame.key.reset();
    }
    frame.data->items.push_back(std::move(item));
    return true;
  }

  std::string_view text_;
  std::vector<size_t> line_starts_;
  std::vector<Frame> stack_;
  std::map<std::string, std::shared_ptr<Node::Data>> anchors_;
  Node root_;
};

Parsed Parse(std::string_view text) { return Builder(text).Run(); }

}  // namespace okno::yaml
