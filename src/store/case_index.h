#pragma once

// What lists, queues and searches know of a case without reading its events: one summary per
// case, kept by the store beside the events and written in the same transaction, so that a
// list never disagrees with the cases it names.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace okno::store {

// One agency's task in a case.
struct CaseTaskKey {
  std::string agency;
  std::string state;  // waiting | open | approved | refused | data_requested
  std::string due;    // YYYY-MM-DD, or empty
};

// Who a case is about, in the forms searches compare: never shown from here.
struct CasePersonKey {
  std::string member;
  std::string name;     // the full name in SearchForm
  std::string snils;    // its 11 digits, or empty
  std::string citizen;  // the login of the citizen account linked to the member, or empty
};

struct CaseSummary {
  std::string id;
  int64_t version = 0;  // filled in by the store on append
  std::string status;   // open | closed
  std::string queue;    // the tier's queue
  std::string assignee;
  std::string office;  // the MFC office working it; empty: none named
  std::string complexity;
  int64_t opened_at_ms = 0;
  int64_t updated_at_ms = 0;  // filled in by the store on append
  // The next deadline the case must meet (SLA): its earliest open task's, or, before the
  // complex request, the queue's time to first action. Empty for a closed case.
  std::string due;
  std::vector<CaseTaskKey> tasks;
  std::vector<CasePersonKey> people;
};

struct CaseQuery {
  // Each empty field selects every case.
  std::string status;
  std::string queue;
  std::string assignee;
  bool unassigned = false;  // only cases nobody is assigned to
  // Only the cases of this MFC office (the empty one too: a deployment without offices).
  std::optional<std::string> office;
  std::string agency;      // only cases with a task of this agency...
  std::string task_state;  // ...in this state (with agency), or any task in it (without)
  std::string citizen;     // only cases a member of which is this citizen account
  std::string due_by;      // only cases due on or before this date (YYYY-MM-DD)
  // A person: an SNILS (any punctuation; 11 digits) or the beginning of a full name.
  std::string person;
  std::string order = "opened";  // opened: newest first | due: soonest first
  std::string after;             // the cursor a previous page returned
  int limit = 50;                // 1..500
};

struct CasePage {
  std::vector<CaseSummary> cases;
  std::string next;  // the cursor of the next page; empty on the last
};

// The form names are compared in: lower case (Cyrillic and Latin), ё as е, single spaces,
// no leading or trailing ones.
std::string SearchForm(const std::string& name);

// The digits of an SNILS ("123-456-789 01" → "12345678901"); empty unless there are 11.
std::string SnilsDigits(const std::string& snils);

}  // namespace okno::store
