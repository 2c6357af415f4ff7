#include "store/case_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/sqlite_event_store.h"

namespace okno::store {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

TEST(SearchFormTest, LowersCyrillicAndLatinAndFoldsYo) {
  EXPECT_EQ(SearchForm("  СЕМЁНОВА   Анна\tПетровна "), "семенова анна петровна");
  EXPECT_EQ(SearchForm("Ёлкин"), "елкин");
  EXPECT_EQ(SearchForm("Anna SMITH"), "anna smith");
  EXPECT_EQ(SearchForm("Юлия Яковлева"), "юлия яковлева");
}

TEST(SnilsDigitsTest, KeepsElevenDigitsOnly) {
  EXPECT_EQ(SnilsDigits("112-233-445 95"), "11223344595");
  EXPECT_EQ(SnilsDigits("11223344595"), "11223344595");
  EXPECT_EQ(SnilsDigits("112-233-445"), "");
  EXPECT_EQ(SnilsDigits("Иванова"), "");
}

CaseQuery Query(void (*set)(CaseQuery&)) {
  CaseQuery query;
  set(query);
  return query;
}

class CaseIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("okno_index_" + std::to_string(::getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    Result<std::unique_ptr<SqliteEventStore>> opened =
        SqliteEventStore::Open((directory_ / "okno.db").string());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(directory_);
  }

  static CaseSummary Summary(const std::string& queue, const std::string& due,
                             std::vector<CaseTaskKey> tasks, std::vector<CasePersonKey> people,
                             int64_t opened_at_ms) {
    CaseSummary summary;
    summary.status = "open";
    summary.queue = queue;
    summary.complexity = "high";
    summary.due = due;
    summary.tasks = std::move(tasks);
    summary.people = std::move(people);
    summary.opened_at_ms = opened_at_ms;
    return summary;
  }

  Result<AppendOutcome> Open(const std::string& id, CaseSummary summary, std::string key = "") {
    AppendRequest request;
    request.stream = id;
    request.events = {{"opened", "{}", "op", "v1"}};
    request.idempotency_key = std::move(key);
    request.fingerprint = "fp-" + id;
    request.summary = std::move(summary);
    return store_->Append(std::move(request));
  }

  std::vector<std::string> Ids(const CaseQuery& query) {
    Result<CasePage> page = store_->ListCases(query);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::vector<std::string> ids;
    if (page.ok()) {
      for (const CaseSummary& summary : page->cases) ids.push_back(summary.id);
    }
    return ids;
  }

  fs::path directory_;
  std::unique_ptr<SqliteEventStore> store_;
};

TEST_F(CaseIndexTest, FiltersByQueueAgencyTaskStateAndDueDate) {
  ASSERT_TRUE(Open("a", Summary("specialist", "2026-12-01",
                                {{"sfr", "open", "2026-12-01"}, {"kcson", "waiting", ""}}, {}, 1))
                  .ok());
  ASSERT_TRUE(
      Open("b", Summary("generalist", "2026-12-10", {{"sfr", "approved", "2026-12-10"}}, {}, 2))
          .ok());
  ASSERT_TRUE(Open("c", Summary("specialist", "", {}, {}, 3)).ok());

  EXPECT_THAT(Ids(Query([](CaseQuery& q) { q.queue = "specialist"; })),
              ElementsAre("c", "a"));  // newest first
  EXPECT_THAT(Ids(Query([](CaseQuery& q) { q.agency = "sfr"; })), ElementsAre("b", "a"));
  EXPECT_THAT(Ids(Query([](CaseQuery& q) {
                q.agency = "sfr";
                q.task_state = "open";
              })),
              ElementsAre("a"));
  EXPECT_THAT(Ids(Query([](CaseQuery& q) { q.task_state = "waiting"; })), ElementsAre("a"));
  EXPECT_THAT(Ids(Query([](CaseQuery& q) { q.due_by = "2026-12-05"; })), ElementsAre("a"));
  EXPECT_THAT(Ids(Query([](CaseQuery& q) { q.order = "due"; })),
              ElementsAre("a", "b", "c"));  // no deadline last

  Result<CasePage> page = store_->ListCases(Query([](CaseQuery& q) {
    q.queue = "specialist";
    q.order = "due";
  }));
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->cases.size(), 2u);
  EXPECT_EQ(page->cases[0].version, 1);
  EXPECT_EQ(page->cases[1].due, "");  // stored without a deadline, read back so
  ASSERT_EQ(page->cases[0].tasks.size(), 2u);
  EXPECT_EQ(page->cases[0].tasks[0].agency, "kcson");
}

TEST_F(CaseIndexTest, FindsPeopleBySnilsOrTheBeginningOfTheirName) {
  ASSERT_TRUE(
      Open("a", Summary("specialist", "", {},
                        {{"anna", SearchForm("Семёнова Анна"), "11223344595", "anna.s"}}, 1))
          .ok());
  ASSERT_TRUE(
      Open("b", Summary("generalist", "", {}, {{"ivan", SearchForm("Семенов Иван"), "", ""}}, 2))
          .ok());

  EXPECT_THAT(Ids(Query([](CaseQuery& q) { q.person = "112-233-445 95"; })), ElementsAre("a"));
  EXPECT_THAT(Ids(Query([](CaseQuery& q) { q.person = "СЕМЕНОВА"; })), ElementsAre("a"));
  EXPECT_THAT(Ids(Query([](CaseQuery& q) { q.person = "семен"; })), ElementsAre("b", "a"));
  EXPECT_THAT(Ids(Query([](CaseQuery& q) { q.person = "Петров"; })), ElementsAre());
  EXPECT_THAT(Ids(Query([](CaseQuery& q) { q.citizen = "anna.s"; })), ElementsAre("a"));
  EXPECT_FALSE(store_->ListCases(Query([](CaseQuery& q) { q.person = "   "; })).ok());
}

TEST_F(CaseIndexTest, PagesWithACursorInEitherOrder) {
  for (int i = 0; i < 7; ++i) {
    std::string id = "case-" + std::to_string(i);
    ASSERT_TRUE(
        Open(id, Summary("generalist", "2026-12-0" + std::to_string(7 - i), {}, {}, 100 + i / 2))
            .ok());
  }
  for (std::string order : {"opened", "due"}) {
    std::vector<std::string> seen;
    CaseQuery query;
    query.order = order;
    query.limit = 3;
    int pages = 0;
    for (;;) {
      Result<CasePage> page = store_->ListCases(query);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      ++pages;
      for (const CaseSummary& summary : page->cases) seen.push_back(summary.id);
      if (page->next.empty()) break;
      query.after = page->next;
    }
    EXPECT_EQ(pages, 3) << order;
    EXPECT_EQ(seen.size(), 7u) << order;
    std::vector<std::string> sorted = seen;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end()) << order << ": twice";
    // Opened newest first (ties by id, descending); due soonest first: both give case-6 first.
    EXPECT_EQ(seen.front(), "case-6") << order;
  }
  EXPECT_FALSE(store_->ListCases(Query([](CaseQuery& q) { q.after = "garbage"; })).ok());
  EXPECT_FALSE(store_->ListCases(Query([](CaseQuery& q) { q.limit = 0; })).ok());
  EXPECT_FALSE(store_->ListCases(Query([](CaseQuery& q) { q.order = "name"; })).ok());
}

TEST_F(CaseIndexTest, ASummaryChangesOnlyWithItsEvents) {
  ASSERT_TRUE(Open("a", Summary("generalist", "", {}, {}, 1), "key-1").ok());
  // A retry with the same key, and a conflicting append, both carry another summary.
  ASSERT_TRUE(Open("a", Summary("specialist", "", {}, {}, 1), "key-1").ok());
  EXPECT_FALSE(Open("a", Summary("specialist", "", {}, {}, 1)).ok());
  EXPECT_THAT(Ids(Query([](CaseQuery& q) { q.queue = "generalist"; })), ElementsAre("a"));
  EXPECT_THAT(Ids(Query([](CaseQuery& q) { q.queue = "specialist"; })), ElementsAre());
}

TEST_F(CaseIndexTest, NamesStreamsWithoutASummaryAndVisitsEveryStream) {
  ASSERT_TRUE(Open("a", Summary("generalist", "", {}, {}, 1)).ok());
  AppendRequest request;
  request.stream = "b";
  request.events = {{"opened", "{}", "op", "v1"}, {"note", "{}", "op", "v1"}};
  ASSERT_TRUE(store_->Append(request).ok());
  Result<std::vector<std::string>> missing = store_->StreamsWithoutSummary();
  ASSERT_TRUE(missing.ok());
  EXPECT_THAT(*missing, ElementsAre("b"));

  CaseSummary b = Summary("generalist", "", {}, {}, 1);
  b.id = "b";
  b.version = 2;
  ASSERT_TRUE(store_->WriteSummary(b).ok());
  EXPECT_THAT(*store_->StreamsWithoutSummary(), ElementsAre());

  std::vector<std::pair<std::string, size_t>> visited;
  ASSERT_TRUE(store_
                  ->ForEachStream([&](const std::vector<StoredEvent>& events) {
                    visited.emplace_back(events.front().stream, events.size());
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_THAT(visited, ElementsAre(std::pair<std::string, size_t>{"a", 1},
                                   std::pair<std::string, size_t>{"b", 2}));
}

}  // namespace
}  // namespace okno::store
