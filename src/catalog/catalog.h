#pragma once

// The catalog (DESIGN.md §3.2): agencies, their services with rules as CEL, needs, documents,
// life situations, regions with dated parameters and the complexity routing table, loaded from
// catalog/<country>/ and checked as a whole.

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/date.h"
#include "catalog/diagnostics.h"
#include "catalog/fact_schema.h"
#include "cel/program.h"

namespace okno::catalog {

// Where an entry was written, for messages.
struct Origin {
  std::string file;
  int line = 0;
};

// The paper's four models of integrating agencies with a one-stop shop, weakest link first.
const std::vector<std::string>& IntegrationModels();
// DESIGN.md §4.2.
const std::vector<std::string>& NeedsTaxonomy();

// A condition on the facts that reveals a need (a homeless household needs shelter).
struct NeedDetector {
  std::string expression;  // CEL over household, applicant, region and as_of
  std::string urgency;
  std::shared_ptr<const cel::Program> program;
};

struct Need {
  std::string id;
  LocalizedText title;
  std::string urgency;  // immediate | soon | routine: how soon this need must be met by default
  std::vector<NeedDetector> detect;
  // Words and phrases of a narrative that point to this need, per language.
  std::vector<std::string> triggers_ru;
  std::vector<std::string> triggers_en;
  // Phrases that say the need is met («жильё есть», "we have a flat"): the need is then not
  // raised from that narrative.
  std::vector<std::string> denials_ru;
  std::vector<std::string> denials_en;
  // A need whose mentions this one takes in a clause that names whom it concerns: an adult's
  // health said in a clause about a child («сыну нужны очки, окулист») is the child's.
  std::string takes_from;
  std::vector<std::string> said_of_ru;  // the words that name them: «сын», «дочка», "my boy"
  std::vector<std::string> said_of_en;
  // The words that name someone else («мне», «муж», "my wife"): the clauses after one with
  // `said_of` words are about the same person until a clause holds one of these.
  std::vector<std::string> said_of_until_ru;
  std::vector<std::string> said_of_until_en;
  Origin origin;
};

struct Document {
  std::string id;
  LocalizedText title;
  std::string issued_by;  // the agency that issues it and can give it by interagency request
  Origin origin;
};

struct Agency {
  std::string id;
  LocalizedText title;
  std::string level;        // federal | regional | municipal | ngo
  std::string integration;  // one of IntegrationModels(): how it works with the one-stop shop
  std::string website;
  std::string description;
  std::string hsds_id;  // the Open Referral id it was imported with, kept for export
  // The regions it serves (a region's own social protection office, a city's NGO); empty: it
  // serves every region, as a federal agency or a kind of agency every region has.
  std::vector<std::string> regions;
  bool Serves(const std::string& region) const {
    return regions.empty() || std::find(regions.begin(), regions.end(), region) != regions.end();
  }
  // Read from an HSDS import (the file says `imported: true`): level, integration, needs and
  // rules may still be missing, to be completed by a methodologist.
  bool imported = false;
  Origin origin;
};

struct LegalBasis {
  std::string citation;  // law and article, or the NGO's programme
  std::string status;    // verified | approximate
  std::string source;    // where it was read
};

// How a service is delivered, for the complexity assessment (the paper's factors, 1..4 each).
struct InteractionProfile {
  std::string frequency;  // single | episodic | regular | continuous
  std::string nature;     // information | transaction | advice | multi_specialist
  std::string knowledge;  // referral | transactional | cross_service | expert
};

struct DocumentRequirement {
  std::string document;
  std::string source;       // citizen | interagency
  std::string from_agency;  // for interagency: who provides it
  bool per_member = false;  // one for each member the service is for, not one per household
};

// One version of a service's rule: the law in force from valid_from up to and including
// valid_to (either may be open).
struct RuleVersion {
  std::string expression;
  std::optional<Date> valid_from;
  std::optional<Date> valid_to;
  bool approximate = false;
  std::string note;  // what changed, for methodologists
  std::shared_ptr<const cel::Program> program;
  Origin origin;

  bool InForce(const Date& date) const {
    return (!valid_from || *valid_from <= date) && (!valid_to || date <= *valid_to);
  }
  // Whether the rule is true whatever the facts (it reads none and comes out true): a service
  // open to everyone.
  bool AlwaysTrue() const;
};

// A rule test: a situation, the member a person service is evaluated for, and the status the
// law gives, like OpenFisca's YAML tests.
struct RuleTest {
  std::string name;
  nlohmann::json situation;  // DESIGN.md §4.1, with the catalog's test defaults filled in
  std::string member;
  std::string expect;                       // eligible | ineligible | needs_info | not_applicable
  std::vector<std::string> expect_missing;  // fact paths needs_info must name, when given
  Origin origin;
};

struct Service {
  std::string id;
  std::string agency;
  LocalizedText title;
  LocalizedText description;
  std::vector<std::string> needs;
  std::string subject;  // household | person
  // An on-request service (a divorce, a guardianship) is offered only when the citizen asks
  // for it: when the narrative points to a life situation that lists it. Eligibility alone
  // does not make it part of a plan.
  bool on_request = false;
  // For a person service: whom it is for, as CEL over `person` (empty: every member).
  std::string applies_to;
  std::shared_ptr<const cel::Program> applies_to_program;
  LegalBasis legal_basis;
  InteractionProfile interaction;
  // How long the agency takes, when a source gives it.
  std::optional<int> processing_days;
  std::string processing_unit;  // working | calendar
  std::vector<std::string> channels;
  std::vector<DocumentRequirement> documents;
  std::vector<std::string> prerequisites;
  std::vector<RuleVersion> rules;
  std::vector<RuleTest> tests;
  // For a service imported from HSDS without a computable rule: who it is for, in words, and
  // the ages it states. Also what `okno catalog export` writes for it.
  std::string eligibility_text;
  std::optional<int> minimum_age;
  std::optional<int> maximum_age;
  std::string hsds_id;
  Origin origin;

  // Whether Okno can decide eligibility: the service has a rule (imported ones may not yet).
  bool computable() const { return !rules.empty(); }
  // The rule version in force at `date`, or null when the service has none then.
  const RuleVersion* RuleAt(const Date& date) const;
};

struct LifeSituation {
  std::string id;
  LocalizedText title;
  std::vector<std::string> needs;
  std::vector<std::string> services;
  std::vector<std::string> triggers_ru;
  std::vector<std::string> triggers_en;
  Origin origin;
};

// A fact a narrative suggests (narrative_facts.yaml): when one of the phrases is said, the
// fact `field` of `subject` (household, applicant, spouse, child, parent) likely has `value`.
struct FactSuggestion {
  std::string subject;
  std::string field;
  nlohmann::json value;   // as the plan's JSON gives it: "homeless", true, 30
  cel::Value fact_value;  // as a rule reads it: for a list field, the list of this one value
  std::vector<std::string> triggers_ru;
  std::vector<std::string> triggers_en;
  Origin origin;

  // The value as the corpus and the fact schema's closed lists write it: homeless, true, 30.
  std::string ValueText() const {
    return value.is_string() ? value.get<std::string>() : value.dump();
  }
};

// The region parameters in force from one date: values by field of the schema's `region`
// record (subsistence minimums, the minimum wage, ...).
struct ParameterSet {
  Date valid_from;
  std::map<std::string, double> values;
  bool approximate = false;
  std::string source;
  Origin origin;
};

struct Region {
  std::string code;  // ISO 3166-2:RU, "RU-SPE"
  LocalizedText name;
  std::vector<ParameterSet> parameters;  // by valid_from, earliest first
  Origin origin;
};

// One region parameter as a rule sees it on a date.
struct ParameterValue {
  double value = 0;
  bool federal = false;      // the region has no value of its own: the federal one is used
  bool approximate = false;  // marked approximate, or an older year's value carried forward
  std::string source;
};

// The production calendar (производственный календарь) of one year: weekdays that are days
// off and weekend days that are worked.
struct CalendarYear {
  int year = 0;
  std::vector<Date> days_off;
  std::vector<Date> working_days;
  bool approximate = false;
  std::string source;
};

// Working days by the calendar: weekends and the listed days off are not; listed working days
// are. A year the catalog does not list counts Saturdays and Sundays only (approximate).
class WorkCalendar {
 public:
  void Add(CalendarYear year) { years_[year.year] = std::move(year); }
  bool IsWorkingDay(const Date& date) const;
  // The date `days` working days after `from` (`from` itself not counted).
  Date AddWorkingDays(const Date& from, int days) const;
  // Whether the calendar of every year from `from` to `to` is known and sourced.
  bool Exact(const Date& from, const Date& to) const;

 private:
  std::map<int, CalendarYear> years_;
};

// A row of DESIGN.md §4.4's table: complexity level → tier → integration model.
struct Route {
  std::string complexity;
  std::string tier;
  std::string integration_model;
  // Working days within which a case routed here gets its first action (the complex request):
  // the office's own service standard, not a legal term; empty when the catalog sets none.
  std::optional<int> first_action_days;
};

struct Catalog {
  std::string directory;
  std::string country;
  // sha256 of every file of the catalog (paths and contents), in hex: what a plan was made with.
  std::string version;
  FactSchema facts;
  cel::Environment environment;
  std::map<std::string, Need> needs;
  std::map<std::string, Document> documents;
  std::map<std::string, Agency> agencies;
  std::vector<Service> services;
  std::map<std::string, size_t> service_index;
  // The services that address each need, by index into `services`, in catalog order.
  std::map<std::string, std::vector<size_t>> services_by_need;
  std::vector<LifeSituation> life_situations;
  std::vector<FactSuggestion> fact_suggestions;
  Region federal;
  std::map<std::string, Region> regions;
  std::vector<Route> routing;
  WorkCalendar calendar;
  // What a rule test's situation has when it does not say (as_of, region).
  nlohmann::json test_defaults = nlohmann::json::object();

  const Service* FindService(std::string_view id) const;
  // Whether `service` is offered in region `code`: its agency serves that region.
  bool Offers(const Service& service, const std::string& code) const;
  // The parameter `field` of region `code` in force at `date`: the region's own value when it
  // has one for that date, else its latest earlier one (approximate), else the federal value.
  std::optional<ParameterValue> Parameter(const std::string& code, const std::string& field,
                                          const Date& date) const;
};

// Loads and checks the catalog in `directory`. Every problem goes to `diagnostics`, all of them
// in one run; the catalog returned holds what could be read.
Catalog LoadCatalog(const std::string& directory, Diagnostics& diagnostics);

}  // namespace okno::catalog
