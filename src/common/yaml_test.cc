#include "common/yaml.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace okno::yaml {
namespace {

using ::testing::HasSubstr;

Node Root(const std::string& text) {
  Parsed parsed = Parse(text);
  EXPECT_FALSE(parsed.error) << parsed.error->message;
  return parsed.root;
}

TEST(YamlTest, ScalarsKeepTheirTextAndWhetherTheyWereQuoted) {
  Node root = Root("plain: 12\nquoted: '12'\ndouble: \"yes\"\nblock: |\n  line one\n  line two\n");
  ASSERT_TRUE(root.IsMap());
  EXPECT_EQ(root.size(), 4u);
  EXPECT_EQ(root["plain"].Scalar(), "12");
  EXPECT_TRUE(root["plain"].IsPlain());
  EXPECT_EQ(root["quoted"].Scalar(), "12");
  EXPECT_FALSE(root["quoted"].IsPlain());
  EXPECT_FALSE(root["double"].IsPlain());
  EXPECT_EQ(root["block"].Scalar(), "line one\nline two\n");
  EXPECT_FALSE(root["block"].IsPlain());
}

TEST(YamlTest, NullIsATildeANullOrNothingUnquoted) {
  Node root = Root("a: ~\nb: null\nc:\nd: 'null'\ne: NULL\n");
  EXPECT_TRUE(root["a"].IsNull());
  EXPECT_TRUE(root["b"].IsNull());
  EXPECT_TRUE(root["c"].IsNull());
  EXPECT_TRUE(root["d"].IsScalar());
  EXPECT_TRUE(root["e"].IsNull());
  EXPECT_TRUE(Root("").IsNull());
  EXPECT_TRUE(Root("# only a comment\n").IsNull());
}

TEST(YamlTest, AnAbsentKeyOrIndexIsUndefined) {
  Node root = Root("list: [a, b]\nname: x\n");
  EXPECT_FALSE(root["missing"]);
  EXPECT_FALSE(root["name"]["inner"]);  // a key of a scalar
  EXPECT_FALSE(root["list"][2]);
  EXPECT_EQ(root["list"][1].Scalar(), "b");
  EXPECT_EQ(root["missing"].Mark().line, -1);
  EXPECT_EQ(root["name"].Scalar(), "x");
  EXPECT_EQ(root["missing"].Scalar(), "");
  EXPECT_EQ(root["missing"].size(), 0u);
  EXPECT_EQ(root["missing"].begin(), root["missing"].end());
}

TEST(YamlTest, AMappingKeepsEveryEntryInOrderEvenAKeyGivenTwice) {
  // Readers report a key given twice, so the tree must keep both.
  Node root = Root("b: 1\na: 2\nb: 3\n");
  std::vector<std::string> keys, values;
  for (const Item& entry : root) {
    keys.push_back(entry.first.Scalar());
    values.push_back(entry.second.Scalar());
  }
  EXPECT_THAT(keys, ::testing::ElementsAre("b", "a", "b"));
  EXPECT_THAT(values, ::testing::ElementsAre("1", "2", "3"));
  EXPECT_EQ(root["b"].Scalar(), "1");  // the first
}

TEST(YamlTest, AListYieldsItsItems) {
  Node root = Root("- one\n- [two, three]\n- {four: 4}\n");
  ASSERT_TRUE(root.IsSequence());
  std::vector<NodeType> types;
  for (const Node& item : root) types.push_back(item.Type());
  EXPECT_THAT(types,
              ::testing::ElementsAre(NodeType::kScalar, NodeType::kSequence, NodeType::kMap));
  EXPECT_EQ(root[2]["four"].Scalar(), "4");
}

TEST(YamlTest, MarksCountLinesAndByteColumnsFromZero) {
  // Cyrillic letters are two bytes each: "имя: " is 8 bytes (5 characters) before the value.
  Node root = Root("first: 1\nимя: Анна\nlist:\n  - x\n");
  EXPECT_EQ(root["first"].Mark().line, 0);
  EXPECT_EQ(root["first"].Mark().column, 7);
  EXPECT_EQ(root["имя"].Mark().line, 1);
  EXPECT_EQ(root["имя"].Mark().column, 8);
  EXPECT_EQ(root["list"][0].Mark().line, 3);
  EXPECT_EQ(root["list"][0].Mark().column, 4);
}

TEST(YamlTest, AnAliasIsTheAnchoredNode) {
  Node root = Root("base: &b {x: 1}\ncopy: *b\n");
  EXPECT_EQ(root["copy"]["x"].Scalar(), "1");
  // An alias to a collection still open cannot make a cycle: it is null.
  Node self = Root("&a [1, *a]\n");
  ASSERT_TRUE(self.IsSequence());
  EXPECT_TRUE(self[1].IsNull());
}

TEST(YamlTest, ASyntaxErrorHasItsPlaceAndLibyamlsWords) {
  Parsed parsed = Parse("ok: 1\nbad: [unclosed\nnext: 2\n");
  ASSERT_TRUE(parsed.error);
  EXPECT_FALSE(parsed.root);
  EXPECT_GE(parsed.error->mark.line, 1);
  EXPECT_THAT(parsed.error->message, HasSubstr("flow sequence"));

  Parsed tab = Parse("a:\n\tb: 1\n");
  ASSERT_TRUE(tab.error);
  EXPECT_EQ(tab.error->mark.line, 1);
}

TEST(YamlTest, OnlyTheFirstDocumentIsKeptButLaterOnesAreChecked) {
  Node root = Root("first: 1\n---\nsecond: 2\n");
  EXPECT_EQ(root["first"].Scalar(), "1");
  EXPECT_FALSE(root["second"]);
  EXPECT_TRUE(Parse("a: 1\n---\nb: [\n").error);
}

TEST(YamlTest, DeepNestingIsRefused) {
  std::string deep(500, '[');
  deep += std::string(500, ']');
  Parsed parsed = Parse(deep);
  ASSERT_TRUE(parsed.error);
  EXPECT_THAT(parsed.error->message, HasSubstr("nested more than 200 deep"));
  EXPECT_FALSE(Parse(std::string(150, '[') + std::string(150, ']')).error);
}

TEST(YamlTest, AliasesThatExpandPastTenMillionNodesAreRefused) {
  // "Billion laughs": each level lists the one before ten times.
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level <= 9; ++level) {
    std::string before = "*a" + std::to_string(level - 1);
    text += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) text += (i ? ", " : "") + before;
    text += "]\n";
  }
  Parsed parsed = Parse(text);
  ASSERT_TRUE(parsed.error);
  EXPECT_THAT(parsed.error->message, HasSubstr("aliases that expand to more than 10000000"));
  EXPECT_GE(parsed.error->mark.line, 6);
}

}  // namespace
}  // namespace okno::yaml
