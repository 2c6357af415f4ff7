#include "cases/case_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "catalog/internal/test_catalog.h"
#include "common/data_file.h"
#include "store/sqlite_event_store.h"

namespace okno::cases {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;

const catalog::Catalog& Catalog() { return catalog::testing::ShippedCatalog(); }

json Example(const std::string& name) {
  return ReadDataFile(std::string(OKNO_EXAMPLES_DIR) + "/" + name).value();
}

Opening OpeningOf(json situation, Consent consent) {
  Opening opening;
  opening.situation = std::move(situation);
  opening.consent = std::move(consent);
  return opening;
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
    service_ = std::make_unique<CaseService>(*store_, catalogs_);
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    fs::remove_all(directory_);
  }

  CaseState OpenHomelessMother() {
    Result<CaseState> opened =
        service_->Open("case-1",
                       OpeningOf(Example("homeless_mother_spb.yaml"),
                                 {"предоставление государственных услуг", "2026-11-26"}),
                       {"operator-1", ""});
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    return opened.ok() ? *opened : CaseState{};
  }

  fs::path directory_;
  std::unique_ptr<store::SqliteEventStore> store_;
  planner::CatalogSource catalogs_{planner::CatalogSource::Borrow(Catalog())};
  std::unique_ptr<CaseService> service_;
};

TEST_F(CaseServiceTest, NoCaseIsOpenedWithoutConsent) {
  Result<CaseState> opened = service_->Open(
      "case-1", OpeningOf(Example("homeless_mother_spb.yaml"), {"", ""}), {"operator-1", ""});
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
      service_->Open("case-1", OpeningOf(situation, {"услуги", "2026-11-26"}), {"operator-1", ""});
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
  EXPECT_EQ(
      service_
          ->Open("case-1", OpeningOf(Example("homeless_mother_spb.yaml"), {"услуги", "2026-11-26"}),
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
  // The case's facts were given on its as_of (2026-11-26, the example's); the deadlines run
  // from the day of the request, so none is already past.
  std::string today = catalog::Date::Today().ToString();
  for (const auto& [agency, task] : submitted->tasks) {
    EXPECT_FALSE(task.services.empty()) << agency;
    EXPECT_GE(task.due, today) << agency;
    EXPECT_EQ(task.state, task.after.empty() ? "open" : "waiting") << agency;
    if (!task.after.empty()) waiting = &task;
  }
  EXPECT_EQ(service_->SubmitComplexRequest("case-1", submitted->version, {"operator-1", ""})
                .status()
                .code(),
            StatusCode::kFailedPrecondition);

  // Elderly care in Saint Petersburg: home care waits for the recognition as needing care.
  Result<CaseState> elderly = service_->Open(
      "case-2", OpeningOf(Example("elderly_care_spb.yaml"), {"услуги", "2026-11-26"}),
      {"operator-1", ""});
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

// A key reused on another case is refused, and that case is left as it was: the review's
// reproduction answered 200 with the first case while writing nothing (finding 2). Another
// actor's identical key is another key.
TEST_F(CaseServiceTest, AKeyReusedOnAnotherCaseIsRefusedNotReplayed) {
  CaseState first = OpenHomelessMother();
  Result<CaseState> second = service_->Open(
      "case-2", OpeningOf(Example("homeless_mother_spb.yaml"), {"услуги", "2026-11-26"}),
      {"operator-1", ""});
  ASSERT_TRUE(second.ok());
  Command command{"operator-1", "K-shared-1"};
  ASSERT_TRUE(service_->AddNote("case-1", first.version, "позвонить завтра", command).ok());

  Result<CaseState> reused =
      service_->AddNote("case-2", second->version, "позвонить завтра", command);
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(reused.status().message(), ::testing::Not(HasSubstr("K-shared-1")));
  EXPECT_TRUE(service_->Get("case-2")->notes.empty());

  // The same key for another command on the same case is another request too.
  Result<CaseState> other_command =
      service_->LogContact("case-1", first.version + 1, "phone", "позвонить завтра", command);
  EXPECT_EQ(other_command.status().code(), StatusCode::kFailedPrecondition);

  Result<CaseState> other_actor = service_->AddNote("case-2", second->version, "позвонить завтра",
                                                    {"agency-worker-1", "K-shared-1"});
  ASSERT_TRUE(other_actor.ok()) << other_actor.status().ToString();
  EXPECT_EQ(other_actor->id, "case-2");
  EXPECT_EQ(other_actor->notes.size(), 1u);
}

// A retried open (the same key, a new id drawn by the retry) gets the case the first opened.
TEST_F(CaseServiceTest, ARetriedOpenGetsTheFirstCase) {
  Command command{"operator-1", "open-key-1"};
  json situation = Example("homeless_mother_spb.yaml");
  ASSERT_TRUE(
      service_->Open("case-a", OpeningOf(situation, {"услуги", "2026-11-26"}), command).ok());
  Result<CaseState> retry =
      service_->Open("case-b", OpeningOf(situation, {"услуги", "2026-11-26"}), command);
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_EQ(retry->id, "case-a");
  EXPECT_EQ(service_->Get("case-b").status().code(), StatusCode::kNotFound);
}

// Personal data apart from the facts: checked (a valid СНИЛС, a member of the case), found by
// СНИЛС or name, and changed by its own event.
TEST_F(CaseServiceTest, PersonalDataIsKeptApartAndFindsTheCase) {
  Opening opening = OpeningOf(Example("homeless_mother_spb.yaml"), {"услуги", "2026-11-26"});
  opening.people = {
      {"anna", {{"full_name", "Семёнова Анна Игоревна"}, {"snils", "112-233-445 95"}}}};
  Result<CaseState> opened = service_->Open("case-1", opening, {"operator-1", ""});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->people["anna"]["full_name"], "Семёнова Анна Игоревна");
  EXPECT_FALSE(opened->situation["household"]["members"][0].contains("full_name"));

  store::CaseQuery by_snils;
  by_snils.person = "11223344595";
  ASSERT_EQ(service_->List(by_snils)->cases.size(), 1u);
  store::CaseQuery by_name;
  by_name.person = "семенова ан";
  ASSERT_EQ(service_->List(by_name)->cases.size(), 1u);

  // A wrong check number, a member the case does not have, a field that is not personal data.
  Opening wrong = opening;
  wrong.people = {{"anna", {{"snils", "112-233-445 96"}}}};
  EXPECT_THAT(service_->Open("case-2", wrong, {"operator-1", ""}).status().message(),
              HasSubstr("people.anna.snils"));
  wrong.people = {{"boris", {{"full_name", "Борис"}}}};
  EXPECT_THAT(service_->Open("case-2", wrong, {"operator-1", ""}).status().message(),
              HasSubstr("people.boris: no such member"));
  wrong.people = {{"anna", {{"income", "0"}}}};
  EXPECT_THAT(service_->Open("case-2", wrong, {"operator-1", ""}).status().message(),
              HasSubstr("people.anna.income: unknown field"));

  Result<CaseState> changed = service_->RecordPeople(
      "case-1", opened->version, {{"anna", {{"phone", "+7 900 000-00-00"}, {"snils", nullptr}}}},
      {"operator-1", ""});
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_EQ(changed->people["anna"]["phone"], "+7 900 000-00-00");
  EXPECT_FALSE(changed->people["anna"].contains("snils"));
  EXPECT_EQ(changed->timeline.back().type, "people_recorded");
  EXPECT_TRUE(service_->List(by_snils)->cases.empty()) << "the index follows the events";
}

TEST(SnilsTest, TheCheckNumberIsTheWeightedSumModulo101) {
  EXPECT_TRUE(ValidSnils("112-233-445 95"));  // 95 < 100
  EXPECT_TRUE(ValidSnils("123-456-789 64"));  // 165 mod 101
  EXPECT_FALSE(ValidSnils("123-456-789 65"));
  EXPECT_TRUE(ValidSnils("100-018-999 00"));  // the sum is 100: 00
  EXPECT_FALSE(ValidSnils("100-018-999 100"));
  EXPECT_FALSE(ValidSnils("112-233-445"));
}

// A case belongs to the MFC office that opened it until a transfer, which says why, leaves it
// unassigned in its queue and moves the case's index entry with it.
TEST_F(CaseServiceTest, ATransferMovesTheCaseToAnotherOffice) {
  Opening opening = OpeningOf(Example("elderly_care_spb.yaml"), {"услуги", "2026-11-26"});
  opening.office = "north";
  Result<CaseState> state = service_->Open("case-office", opening, {"operator-1", ""});
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_EQ(state->office, "north");
  state = service_->Assign("case-office", state->version, "operator-1", {"operator-1", ""});
  ASSERT_TRUE(state.ok());
  std::string queue = state->queue;

  EXPECT_EQ(
      service_->Transfer("case-office", state->version, "south", "", {"m", ""}).status().code(),
      StatusCode::kInvalidArgument);  // says why
  EXPECT_EQ(
      service_->Transfer("case-office", state->version, "north", "x", {"m", ""}).status().code(),
      StatusCode::kFailedPrecondition);  // there already
  state = service_->Transfer("case-office", state->version, "south", "переехала", {"m", ""});
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_EQ(state->office, "south");
  EXPECT_EQ(state->assignee, "");
  EXPECT_EQ(state->queue, queue);
  EXPECT_EQ(state->timeline.back().type, "transferred");

  store::CaseQuery north;
  north.office = "north";
  EXPECT_TRUE(service_->List(north)->cases.empty());
  store::CaseQuery south;
  south.office = "south";
  ASSERT_EQ(service_->List(south)->cases.size(), 1u);
  EXPECT_EQ(service_->List(south)->cases[0].office, "south");
  // Read again from its events, the case is where the transfer put it.
  EXPECT_EQ(service_->Get("case-office")->office, "south");
}

// Routing and queues: assigned, reassigned, escalated up the tiers, contacts, closing; each
// an event, each reflected in the case's summary.
TEST_F(CaseServiceTest, AssignEscalateContactAndClose) {
  Result<CaseState> opened = service_->Open(
      "case-2", OpeningOf(Example("elderly_care_spb.yaml"), {"услуги", "2026-11-26"}),
      {"operator-1", ""});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::string first_queue = opened->queue;

  Result<CaseState> state = service_->Assign("case-2", opened->version, "manager-1", {"m", ""});
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_EQ(state->timeline.back().type, "assigned");
  state = service_->Assign("case-2", state->version, "manager-2", {"m", ""});
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->timeline.back().type, "reassigned");
  EXPECT_EQ(state->assignee, "manager-2");
  EXPECT_EQ(service_->Assign("case-2", state->version, "manager-2", {"m", ""}).status().code(),
            StatusCode::kFailedPrecondition);

  store::CaseQuery mine;
  mine.assignee = "manager-2";
  ASSERT_EQ(service_->List(mine)->cases.size(), 1u);

  if (first_queue != "multi_agency_team") {
    Result<CaseState> escalated = service_->Escalate("case-2", state->version, "",
                                                     "нужна межведомственная команда", {"m", ""});
    ASSERT_TRUE(escalated.ok()) << escalated.status().ToString();
    EXPECT_NE(escalated->queue, first_queue);
    EXPECT_EQ(escalated->assignee, "");
    EXPECT_EQ(escalated->timeline.back().type, "escalated");
    // Down is not an escalation.
    EXPECT_EQ(service_->Escalate("case-2", escalated->version, first_queue, "x", {"m", ""})
                  .status()
                  .code(),
              StatusCode::kInvalidArgument);
    state = escalated;
  }
  EXPECT_EQ(service_->Escalate("case-2", state->version, "", "", {"m", ""}).status().code(),
            StatusCode::kInvalidArgument);  // says why

  state = service_->LogContact("case-2", state->version, "phone", "перезвонили дочери", {"m", ""});
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  ASSERT_EQ(state->contacts.size(), 1u);
  EXPECT_EQ(state->contacts[0].channel, "phone");
  EXPECT_EQ(service_->LogContact("case-2", state->version, "pigeon", "", {"m", ""}).status().code(),
            StatusCode::kInvalidArgument);

  EXPECT_EQ(service_->Close("case-2", state->version, "withdrawn", "", {"m", ""}).status().code(),
            StatusCode::kInvalidArgument);  // an unresolved close says why
  state = service_->Close("case-2", state->version, "resolved", "", {"m", ""});
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_EQ(state->status, "closed");
  EXPECT_EQ(state->outcome, "resolved");
  EXPECT_EQ(service_
                ->RecordFacts("case-2", state->version,
                              {{"household.housing", "own", "correction", ""}}, {"m", ""})
                .status()
                .code(),
            StatusCode::kFailedPrecondition);
  store::CaseQuery closed;
  closed.status = "closed";
  Result<store::CasePage> page = service_->List(closed);
  ASSERT_EQ(page->cases.size(), 1u);
  EXPECT_EQ(page->cases[0].due, "") << "a closed case has no deadline";
}

// The deadline lists sort by: before the complex request the queue's time to first action (in
// working days, the catalog's routing table), after it the earliest open task's.
TEST_F(CaseServiceTest, TheCaseDeadlineFollowsItsQueueThenItsTasks) {
  CaseState opened = OpenHomelessMother();
  store::CaseSummary summary = service_->SummaryOf(opened);
  const catalog::Route* route = nullptr;
  for (const catalog::Route& candidate : Catalog().routing) {
    if (candidate.tier == opened.queue) route = &candidate;
  }
  ASSERT_NE(route, nullptr);
  ASSERT_TRUE(route->first_action_days.has_value());
  catalog::Date opened_on = catalog::Date::FromEpochSeconds(opened.opened_at_ms / 1000);
  EXPECT_EQ(summary.due,
            Catalog().calendar.AddWorkingDays(opened_on, *route->first_action_days).ToString());

  Result<CaseState> submitted =
      service_->SubmitComplexRequest("case-1", opened.version, {"operator-1", ""});
  ASSERT_TRUE(submitted.ok());
  std::string earliest;
  for (const auto& [agency, task] : submitted->tasks) {
    if (earliest.empty() || task.due < earliest) earliest = task.due;
  }
  EXPECT_EQ(service_->SummaryOf(*submitted).due, earliest);
  store::CaseQuery open_tasks;
  open_tasks.task_state = "open";
  EXPECT_EQ(service_->List(open_tasks)->cases.size(), 1u);
}

// What each viewer sees: an agency worker only the facts its task's rules read (found by the
// engine) and the identity of the members its task concerns; a citizen their own personal data
// and no other member's confidential fact.
TEST_F(CaseServiceTest, EachViewerSeesWhatTheyNeed) {
  Opening opening = OpeningOf(Example("homeless_mother_spb.yaml"), {"услуги", "2026-11-26"});
  opening.people = {{"anna", {{"full_name", "Семёнова Анна Игоревна"}, {"phone", "+7 900"}}},
                    {"misha", {{"full_name", "Семёнов Михаил"}}}};
  opening.confidential = {"members.misha.health"};
  Result<CaseState> opened = service_->Open("case-1", opening, {"operator-1", ""});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Result<CaseState> state = service_->SubmitComplexRequest("case-1", opened->version, {"o", ""});
  ASSERT_TRUE(state.ok());
  state = service_->LinkCitizen("case-1", state->version, "anna", "anna-login", {"o", ""});
  ASSERT_TRUE(state.ok()) << state.status().ToString();

  std::set<std::string> all_facts;
  for (const auto& [path, value] : FactsOf(state->situation)) all_facts.insert(path);
  for (const auto& [agency, task] : state->tasks) {
    std::set<std::string> read = service_->FactsReadBy(*state, agency);
    EXPECT_FALSE(read.empty()) << agency << " reads no fact?";
    Viewer viewer{"agency_worker", agency, "w", read};
    json seen = CaseToJson(*state, viewer);
    for (const auto& [path, history] : seen["fact_history"].items()) {
      EXPECT_TRUE(read.contains(path)) << agency << " sees " << path;
    }
    ASSERT_EQ(seen["tasks"].size(), 1u) << agency;
    EXPECT_EQ(seen["tasks"][0]["agency"], agency);
    EXPECT_FALSE(seen.contains("notes"));
    for (const auto& [member, data] : seen["people"].items()) {
      EXPECT_FALSE(data.contains("phone")) << agency << " sees a phone";
    }
  }
  // Somebody's task does not need every fact: the scoping is real.
  bool narrower = false;
  for (const auto& [agency, task] : state->tasks) {
    std::set<std::string> read = service_->FactsReadBy(*state, agency);
    narrower |= !std::includes(read.begin(), read.end(), all_facts.begin(), all_facts.end());
  }
  EXPECT_TRUE(narrower);

  json citizen = CaseToJson(*state, {"citizen", "", "anna-login", {}});
  EXPECT_TRUE(citizen["people"].contains("anna"));
  EXPECT_FALSE(citizen["people"].contains("misha"));
  EXPECT_FALSE(citizen["fact_history"].contains("members.misha.health"))
      << "another member's confidential fact";
  EXPECT_TRUE(citizen["fact_history"].contains("members.misha.birth_date"));
  EXPECT_FALSE(citizen.contains("notes"));
  EXPECT_FALSE(citizen["situation"].contains("narrative"));

  json front = CaseToJson(*state, {"operator", "", "o", {}});
  EXPECT_TRUE(front["fact_history"].contains("members.misha.health"));
  EXPECT_EQ(front["people"]["anna"]["phone"], "+7 900");
  EXPECT_EQ(front["confidential"], json::array({"members.misha.health"}));

  // A confidential mark needs a fact of the schema.
  Opening bad = opening;
  bad.confidential = {"members.misha.whereabouts"};
  EXPECT_THAT(service_->Open("case-9", bad, {"operator-1", ""}).status().message(),
              HasSubstr("confidential[0]"));
}

TEST_F(CaseServiceTest, CasesRecordedBeforeTheIndexAreIndexed) {
  CaseState opened = OpenHomelessMother();
  // As an older data file has it: events without a summary.
  store::AppendRequest bare{"case-old", 0, {}, "", "", std::nullopt, {}};
  Result<std::vector<store::StoredEvent>> events = store_->Read("case-1");
  ASSERT_TRUE(events.ok());
  for (const store::StoredEvent& event : *events) {
    bare.events.push_back({event.type, event.data, event.actor, event.catalog_version});
  }
  ASSERT_TRUE(store_->Append(bare).ok());
  store::CaseQuery everything;
  EXPECT_EQ(service_->List(everything)->cases.size(), 1u);
  Result<int> indexed = service_->IndexMissing();
  ASSERT_TRUE(indexed.ok()) << indexed.status().ToString();
  EXPECT_EQ(*indexed, 1);
  EXPECT_EQ(service_->List(everything)->cases.size(), 2u);
  EXPECT_EQ(*service_->IndexMissing(), 0);
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

// The review's finding 14: an agency worker added 30 notes of 900 KB to a case, and every read
// replayed 27 MB. Texts are a few paragraphs at most, and a case holds a bounded number of
// events, each refusal naming the field or the bound.
TEST_F(CaseServiceTest, ACaseHoldsBoundedTexts) {
  CaseState opened = OpenHomelessMother();
  Result<CaseState> huge =
      service_->AddNote("case-1", opened.version, std::string(900 * 1024, 'x'), {"sfr", ""});
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(huge.status().message(), HasSubstr("text: at most 4000"));
  std::string russian;
  for (int i = 0; i < 4000; ++i) russian += "ж";  // 4000 characters, 8000 bytes: taken
  EXPECT_TRUE(service_->AddNote("case-1", opened.version, russian, {"sfr", ""}).ok());
  EXPECT_THAT(service_->LogContact("case-1", opened.version + 1, "phone", russian + "ж", {"o", ""})
                  .status()
                  .message(),
              HasSubstr("summary: at most"));
  Result<CaseState> name = service_->RecordPeople(
      "case-1", opened.version + 1, {{"anna", {{"full_name", std::string(600, 'a')}}}}, {"o", ""});
  EXPECT_THAT(name.status().message(), HasSubstr("people.anna.full_name: at most 500"));
}

TEST_F(CaseServiceTest, ACaseHoldsBoundedEvents) {
  service_ = std::make_unique<CaseService>(*store_, catalogs_, CaseLimits{4000, 20});
  CaseState state = OpenHomelessMother();
  while (state.version < 20) {
    Result<CaseState> noted = service_->AddNote("case-1", state.version, "ещё звонок", {"o", ""});
    ASSERT_TRUE(noted.ok()) << noted.status().ToString();
    state = *noted;
  }
  Result<CaseState> more = service_->AddNote("case-1", state.version, "ещё звонок", {"o", ""});
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(more.status().message(), HasSubstr("open a new one"));
}

}  // namespace
}  // namespace okno::cases
