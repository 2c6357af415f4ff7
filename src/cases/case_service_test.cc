#include "cases/case_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/data_file.h"
#include "store/sqlite_event_store.h"

namespace okno::cases {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;

const catalog::Catalog& Catalog() {
  static const catalog::Catalog* catalog = [] {
    catalog::Diagnostics diagnostics;
    auto* loaded = new catalog::Catalog(catalog::LoadCatalog(OKNO_CATALOG_DIR, diagnostics));
    EXPECT_TRUE(diagnostics.ok());
    return loaded;
  }();
  return *catalog;
}

json Example(const std::string& name) {
  return ReadDataFile(std::string(OKNO_EXAMPLES_DIR) + "/" + name).value();
}

class CaseServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("okno_cases_" + std::to_string(::getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    store_ = std::move(store::SqliteEventStore::Open((directory_ / "cases.db").string())).value();
    service_ = std::make_unique<CaseService>(*store_, Catalog(), planner_);
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    fs::remove_all(directory_);
  }

  CaseState OpenHomelessMother() {
    Result<CaseState> opened =
        service_->Open("case-1", Example("homeless_mother_spb.yaml"),
                       {"предоставление государственных услуг", "2026-11-26"}, {"operator-1", ""});
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    return opened.ok() ? *opened : CaseState{};
  }

  fs::path directory_;
  std::unique_ptr<store::SqliteEventStore> store_;
  planner::Planner planner_{Catalog()};
  std::unique_ptr<CaseService> service_;
};

TEST_F(CaseServiceTest, NoCaseIsOpenedWithoutConsent) {
  Result<CaseState> opened =
      service_->Open("case-1", Example("homeless_mother_spb.yaml"), {"", ""}, {"operator-1", ""});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(opened.status().message(), HasSubstr("152-FZ"));
  EXPECT_EQ(service_->Get("case-1").status().code(), StatusCode::kNotFound);
}

TEST_F(CaseServiceTest, ABadSituationIsRefusedFieldByField) {
  json situation = Example("homeless_mother_spb.yaml");
  situation["region"] = "RU-XX";
  situation["household"]["housing"] = "palace";
  Result<CaseState> opened =
      service_->Open("case-1", situation, {"услуги", "2026-11-26"}, {"operator-1", ""});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(opened.status().message(), HasSubstr("region: unknown region 'RU-XX'"));
  EXPECT_THAT(opened.status().message(), HasSubstr("household.housing"));
}

// The paper's case: opened with its facts, its plan, routed to the multi-agency team's queue
// (very high complexity, tests/golden/plans/homeless_mother_spb.yaml).
TEST_F(CaseServiceTest, OpeningRecordsFactsConsentPlanAndQueue) {
  CaseState state = OpenHomelessMother();
  EXPECT_EQ(state.version, 3);
  EXPECT_EQ(state.status, "open");
  EXPECT_EQ(state.plan["complexity"], "very_high");
  EXPECT_EQ(state.plan["tier"], "multi_agency_team");
  EXPECT_EQ(state.queue, "multi_agency_team");
  EXPECT_EQ(state.consent["recorded_by"], "operator-1");
  ASSERT_EQ(state.fact_history["household.housing"].size(), 1u);
  EXPECT_EQ(state.fact_history["household.housing"][0].kind, "given");
  EXPECT_EQ(state.fact_history["household.housing"][0].value, "homeless");
  std::vector<std::string> types;
  for (const TimelineEntry& entry : state.timeline) types.push_back(entry.type);
  EXPECT_THAT(types, ::testing::ElementsAre("opened", "plan_made", "assigned"));
  // Opening the same id again is a conflict, not a second case.
  EXPECT_EQ(service_
                ->Open("case-1", Example("homeless_mother_spb.yaml"), {"услуги", "2026-11-26"},
                       {"operator-1", ""})
                .status()
                .code(),
            StatusCode::kConflict);
}

TEST_F(CaseServiceTest, CorrectionsAndSuccessionsKeepTheHistoryAndRemakeThePlan) {
  CaseState opened = OpenHomelessMother();
  Result<CaseState> changed =
      service_->RecordFacts("case-1", opened.version,
                            {{"members.anna.monthly_income", 15000, "correction", ""},
                             {"household.housing", "shelter", "succession", "2026-11-27"}},
                            {"case-manager-1", ""});
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_EQ(changed->situation["household"]["housing"], "shelter");
  const std::vector<FactRecord>& housing = changed->fact_history["household.housing"];
  ASSERT_EQ(housing.size(), 2u);
  EXPECT_EQ(housing[0].value, "homeless");
  EXPECT_EQ(housing[1].kind, "succession");
  EXPECT_EQ(housing[1].effective_from, "2026-11-27");
  EXPECT_EQ(housing[1].actor, "case-manager-1");
  EXPECT_EQ(changed->fact_history["members.anna.monthly_income"][1].kind, "correction");
  EXPECT_EQ(changed->timeline[3].type, "facts_recorded");
  EXPECT_EQ(changed->timeline[4].type, "plan_made");

  // Made against a version that is no longer the case's: a conflict, nothing written.
  Result<CaseState> stale = service_->RecordFacts(
      "case-1", opened.version, {{"members.anna.monthly_income", 0, "correction", ""}},
      {"operator-2", ""});
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict);
  EXPECT_EQ(service_->Get("case-1")->version, changed->version);

  // A value the catalog refuses, a succession without its date, a path that names nothing.
  EXPECT_EQ(service_
                ->RecordFacts("case-1", changed->version,
                              {{"household.housing", "castle", "correction", ""}}, {"x", ""})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_THAT(service_
                  ->RecordFacts("case-1", changed->version,
                                {{"household.housing", "rent", "succession", ""}}, {"x", ""})
                  .status()
                  .message(),
              HasSubstr("changes[0].effective_from"));
  EXPECT_THAT(service_
                  ->RecordFacts("case-1", changed->version,
                                {{"members.boris.monthly_income", 1, "correction", ""}}, {"x", ""})
                  .status()
                  .message(),
              HasSubstr("names no fact of this case"));
}

// The complex request: one task per agency, in at least three agencies for the paper's case;
// a task waits for the agencies it needs results from and opens when they have approved.
TEST_F(CaseServiceTest, TheComplexRequestCreatesTasksThatWaitForTheirPrerequisites) {
  CaseState opened = OpenHomelessMother();
  Result<CaseState> submitted =
      service_->SubmitComplexRequest("case-1", opened.version, {"operator-1", ""});
  ASSERT_TRUE(submitted.ok()) << submitted.status().ToString();
  EXPECT_GE(submitted->tasks.size(), 3u);
  const Task* waiting = nullptr;
  for (const auto& [agency, task] : submitted->tasks) {
    EXPECT_FALSE(task.services.empty()) << agency;
    EXPECT_FALSE(task.due.empty()) << agency;
    EXPECT_EQ(task.state, task.after.empty() ? "open" : "waiting") << agency;
    if (!task.after.empty()) waiting = &task;
  }
  EXPECT_EQ(service_->SubmitComplexRequest("case-1", submitted->version, {"operator-1", ""})
                .status()
                .code(),
            StatusCode::kFailedPrecondition);

  // Elderly care in Saint Petersburg: home care waits for the recognition as needing care.
  Result<CaseState> elderly = service_->Open("case-2", Example("elderly_care_spb.yaml"),
                                             {"услуги", "2026-11-26"}, {"operator-1", ""});
  ASSERT_TRUE(elderly.ok()) << elderly.status().ToString();
  submitted = service_->SubmitComplexRequest("case-2", elderly->version, {"operator-1", ""});
  ASSERT_TRUE(submitted.ok()) << submitted.status().ToString();
  for (const auto& [agency, task] : submitted->tasks) {
    if (!task.after.empty()) waiting = &task;
  }
  ASSERT_NE(waiting, nullptr) << "no task waits for another in the elderly-care case";
  std::string dependent = waiting->id;
  std::vector<std::string> before = waiting->after;
  CaseState state = *submitted;
  EXPECT_EQ(service_->DecideTask("case-2", state.version, dependent, "approved", "", {"a", ""})
                .status()
                .code(),
            StatusCode::kFailedPrecondition);  // not open yet
  for (const std::string& agency : before) {
    Result<CaseState> decided = service_->DecideTask("case-2", state.version, agency, "approved",
                                                     "", {"agency-worker", ""});
    ASSERT_TRUE(decided.ok()) << decided.status().ToString();
    state = *decided;
  }
  EXPECT_EQ(state.tasks[dependent].state, "open");
  EXPECT_EQ(service_->DecideTask("case-2", state.version, dependent, "refused", "", {"a", ""})
                .status()
                .code(),
            StatusCode::kInvalidArgument);  // a refusal says why
}

TEST_F(CaseServiceTest, AnIdempotencyKeyMakesARetryHarmless) {
  CaseState opened = OpenHomelessMother();
  Command command{"operator-1", "note-key-1"};
  Result<CaseState> first =
      service_->AddNote("case-1", opened.version, "позвонить завтра", command);
  ASSERT_TRUE(first.ok());
  Result<CaseState> retry =
      service_->AddNote("case-1", opened.version, "позвонить завтра", command);
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_EQ(retry->notes.size(), 1u);
  EXPECT_EQ(retry->version, first->version);
  EXPECT_EQ(service_->AddNote("case-1", first->version, "другой текст", command).status().code(),
            StatusCode::kFailedPrecondition);
}

// A retried open (the same key, a new id drawn by the retry) gets the case the first opened.
TEST_F(CaseServiceTest, ARetriedOpenGetsTheFirstCase) {
  Command command{"operator-1", "open-key-1"};
  json situation = Example("homeless_mother_spb.yaml");
  ASSERT_TRUE(service_->Open("case-a", situation, {"услуги", "2026-11-26"}, command).ok());
  Result<CaseState> retry = service_->Open("case-b", situation, {"услуги", "2026-11-26"}, command);
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_EQ(retry->id, "case-a");
  EXPECT_EQ(service_->Get("case-b").status().code(), StatusCode::kNotFound);
}

TEST(ProjectTest, AStreamThatDoesNotReadAsACaseIsDataLoss) {
  std::vector<store::StoredEvent> gap = {{"c", 1, "opened", "{}", "a", "v", 0},
                                         {"c", 3, "note", R"({"text":"x"})", "a", "v", 0}};
  EXPECT_EQ(Project("c", gap).status().code(), StatusCode::kDataLoss);
  std::vector<store::StoredEvent> unknown = {{"c", 1, "opened", "{}", "a", "v", 0},
                                             {"c", 2, "teleported", "{}", "a", "v", 0}};
  EXPECT_THAT(Project("c", unknown).status().message(), HasSubstr("event 2 (teleported)"));
  std::vector<store::StoredEvent> headless = {{"c", 1, "note", "{}", "a", "v", 0}};
  EXPECT_EQ(Project("c", headless).status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace okno::cases
