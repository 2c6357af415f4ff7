#include "common/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace okno {
namespace {

// The writer's bytes are nlohmann's compact dump's, escapes included.
TEST(JsonWriterTest, WritesWhatNlohmannDumps) {
  const std::string tricky = "«кавычки» \"q\" \\ /\b\f\n\r\t\x01\x1f end ✓";
  JsonWriter out;
  out.BeginObject();
  out.Key("a").Strings({"x", tricky, ""});
  out.Key("b").BeginObject().Key("n").Int(-42).Key("t").Bool(true).Key("f").Bool(false);
  out.EndObject();
  out.Key("c").BeginArray().EndArray();
  out.Key(tricky).String(tricky);
  out.EndObject();
  nlohmann::json expected = {{"a", {"x", tricky, ""}},
                             {"b", {{"n", -42}, {"t", true}, {"f", false}}},
                             {"c", nlohmann::json::array()},
                             {tricky, tricky}};
  // nlohmann sorts keys; the writer keeps the order given, which here is sorted except in "b".
  std::string text = out.Take();
  EXPECT_EQ(nlohmann::json::parse(text), expected);
  JsonWriter one;
  one.String(tricky);
  EXPECT_EQ(one.Take(), nlohmann::json(tricky).dump());
}

}  // namespace
}  // namespace okno
