#include "analytics/kpis.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace okno::analytics {
namespace {

constexpr int64_t kHour = 3'600'000;
// 2026-11-16 00:00 UTC.
constexpr int64_t kStart = 1'794'787'200'000;

// A case's stream built event by event, each at `hours` after kStart.
class Stream {
 public:
  explicit Stream(std::string id) : id_(std::move(id)) {}
  Stream& At(double hours, std::string type, std::string data = "{}") {
    events_.push_back({id_, static_cast<int64_t>(events_.size()) + 1, std::move(type),
                       std::move(data), "someone", "v1",
                       kStart + static_cast<int64_t>(hours * kHour)});
    return *this;
  }
  const std::vector<store::StoredEvent>& events() const { return events_; }

 private:
  std::string id_;
  std::vector<store::StoredEvent> events_;
};

TEST(KpiTest, FromTheEventsOfThreeCases) {
  KpiCollector collector(*catalog::ParseDate("2026-11-27"));
  // Resolved at the first contact, two days after opening.
  collector.Add(Stream("a")
                    .At(0, "opened")
                    .At(0, "plan_made")
                    .At(0, "assigned", R"({"queue": "specialist"})")
                    .At(48, "closed", R"({"outcome": "resolved"})")
                    .events());
  // Two more contacts (one a visit), two agencies: the fund decided after its due date.
  collector.Add(
      Stream("b")
          .At(0, "opened")
          .At(1, "plan_made")
          .At(1, "assigned", R"({"queue": "multi_agency_team"})")
          .At(2, "contact_logged", R"({"channel": "visit", "summary": ""})")
          .At(3, "contact_logged", R"({"channel": "phone", "summary": ""})")
          .At(4, "complex_request_submitted",
              R"({"tasks": [{"id": "sfr", "due": "2026-11-20"}, {"id": "kcson", "due": "2026-12-10"}]})")
          .At(9 * 24, "task_decided", R"({"task": "sfr", "decision": "approved"})")
          .At(100, "closed", R"({"outcome": "resolved"})")
          .events());
  // Still open in the generalists' queue, its one task overdue and undecided.
  collector.Add(
      Stream("c")
          .At(0, "opened")
          .At(0.5, "plan_made")
          .At(0.5, "assigned", R"({"queue": "generalist"})")
          .At(1, "complex_request_submitted", R"({"tasks": [{"id": "mvd", "due": "2026-11-20"}]})")
          .events());
  collector.Add(Stream("d").At(0, "note", R"({"text": "no opening"})").events());

  Kpis kpis = collector.Finish();
  EXPECT_EQ(kpis.cases, 3);
  EXPECT_EQ(kpis.unreadable_cases, 1);
  EXPECT_EQ(kpis.open, 1);
  EXPECT_EQ(kpis.closed_by_outcome.at("resolved"), 2);
  EXPECT_EQ(kpis.time_to_first_plan.count, 3);
  EXPECT_DOUBLE_EQ(kpis.time_to_first_plan.median_hours, 0.5);  // of 0, 0.5, 1
  EXPECT_EQ(kpis.time_to_resolution.count, 2);
  EXPECT_DOUBLE_EQ(kpis.time_to_resolution.median_hours, 48);
  EXPECT_DOUBLE_EQ(kpis.time_to_resolution.p90_hours, 100);
  EXPECT_DOUBLE_EQ(kpis.contacts_per_resolved, 2.0);  // (1 + 3) / 2
  EXPECT_DOUBLE_EQ(kpis.visits_per_resolved, 1.5);    // (1 + 2) / 2
  EXPECT_DOUBLE_EQ(kpis.first_contact_resolution, 0.5);
  EXPECT_DOUBLE_EQ(kpis.agencies_per_case, 1.5);  // (2 + 1) / 2
  EXPECT_EQ(kpis.tasks, 3);
  EXPECT_EQ(kpis.tasks_breached, 2);  // sfr decided late, mvd overdue; kcson not yet due
  EXPECT_THAT(kpis.open_by_queue, ::testing::ElementsAre(::testing::Pair("generalist", 1)));
  EXPECT_THAT(kpis.pending_by_agency, ::testing::ElementsAre(::testing::Pair("mvd", 1)));

  nlohmann::json json = KpisToJson(kpis);
  EXPECT_EQ(json["sla"]["breached"], 2);
  EXPECT_DOUBLE_EQ(json["sla"]["breached_share"].get<double>(), 2.0 / 3.0);
}

TEST(KpiTest, NoCasesNoDivisionByZero) {
  Kpis kpis = KpiCollector(*catalog::ParseDate("2026-11-27")).Finish();
  EXPECT_EQ(kpis.cases, 0);
  EXPECT_EQ(kpis.contacts_per_resolved, 0);
  EXPECT_EQ(kpis.time_to_resolution.count, 0);
}

}  // namespace
}  // namespace okno::analytics
