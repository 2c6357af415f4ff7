#include "catalog/catalog.h"

#include <sodium.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "catalog/facts.h"
#include "catalog/internal/yaml_reader.h"
#include "common/yaml_json.h"

namespace okno::catalog {

using internal::MapReader;
namespace fs = std::filesystem;

const std::vector<std::string>& IntegrationModels() {
  static const std::vector<std::string> models = {"shared_back_office", "shared_front_office",
                                                  "network_partnership",
                                                  "organisational_integration"};
  return models;
}

const std::vector<std::string>& NeedsTaxonomy() {
  static const std::vector<std::string> needs = {
      "shelter",    "housing",   "utilities",     "income",
      "food",       "health",    "health_child",  "medical_insurance",
      "disability", "documents", "employment",    "childcare",
      "education",  "family",    "pension",       "legal",
      "safety",     "care",      "psychological", "migration"};
  return needs;
}

bool RuleVersion::AlwaysTrue() const {
  if (!program || !program->attributes().empty()) return false;
  cel::Value result = program->Evaluate(cel::Activation(*program));
  return result.is(cel::Kind::kBool) && result.bool_value();
}

const RuleVersion* Service::RuleAt(const Date& date) const {
  for (const RuleVersion& version : rules) {
    if (version.InForce(date)) return &version;
  }
  return nullptr;
}

bool WorkCalendar::IsWorkingDay(const Date& date) const {
  auto year = years_.find(date.year);
  if (year != years_.end()) {
    const CalendarYear& calendar = year->second;
    if (std::find(calendar.days_off.begin(), calendar.days_off.end(), date) !=
        calendar.days_off.end()) {
      return false;
    }
    if (std::find(calendar.working_days.begin(), calendar.working_days.end(), date) !=
        calendar.working_days.end()) {
      return true;
    }
  }
  // 1970-01-01 was a Thursday: day 0 is Thursday, so (days + 4) % 7 is 0 on Sunday.
  int64_t weekday = ((date.DaysSinceEpoch() + 4) % 7 + 7) % 7;
  return weekday != 0 && weekday != 6;
}

Date WorkCalendar::AddWorkingDays(const Date& from, int days) const {
  int64_t day = from.DaysSinceEpoch();
  while (days > 0) {
    ++day;
    if (IsWorkingDay(Date::FromDaysSinceEpoch(day))) --days;
  }
  return Date::FromDaysSinceEpoch(day);
}

bool WorkCalendar::Exact(const Date& from, const Date& to) const {
  for (int year = from.year; year <= to.year; ++year) {
    auto it = years_.find(year);
    if (it == years_.end() || it->second.approximate) return false;
  }
  return true;
}

const Service* Catalog::FindService(std::string_view id) const {
  auto it = service_index.find(std::string(id));
  return it == service_index.end() ? nullptr : &services[it->second];
}

namespace {

// The parameter set of `region` in force at `date`, and whether it is the region's latest one
// carried past the year it was set for (then approximate).
const ParameterSet* SetInForce(const Region& region, const std::string& field, const Date& date) {
  const ParameterSet* found = nullptr;
  for (const ParameterSet& set : region.parameters) {
    if (set.valid_from <= date && set.values.contains(field)) found = &set;
  }
  return found;
}

}  // namespace

bool Catalog::Offers(const Service& service, const std::string& code) const {
  auto agency = agencies.find(service.agency);
  return agency == agencies.end() || agency->second.Serves(code);
}

std::optional<ParameterValue> Catalog::Parameter(const std::string& code, const std::string& field,
                                                 const Date& date) const {
  auto region = regions.find(code);
  if (region != regions.end()) {
    if (const ParameterSet* set = SetInForce(region->second, field, date)) {
      ParameterValue value{set->values.at(field), false, set->approximate, set->source};
      // A value set for an earlier year than `date`'s, carried forward: not the law for `date`.
      if (set->valid_from.year < date.year) value.approximate = true;
      return value;
    }
  }
  if (const ParameterSet* set = SetInForce(federal, field, date)) {
    ParameterValue value{set->values.at(field), true, set->approximate, set->source};
    if (set->valid_from.year < date.year) value.approximate = true;
    return value;
  }
  return std::nullopt;
}

namespace {

const std::vector<std::string> kLevels = {"federal", "regional", "municipal", "ngo"};
const std::vector<std::string> kSubjects = {"household", "person"};
const std::vector<std::string> kUrgencies = {"immediate", "soon", "routine"};
const std::vector<std::string> kBasisStatus = {"verified", "approximate"};
const std::vector<std::string> kFrequencies = {"single", "episodic", "regular", "continuous"};
const std::vector<std::string> kNatures = {"information", "transaction", "advice",
                                           "multi_specialist"};
const std::vector<std::string> kKnowledge = {"referral", "transactional", "cross_service",
                                             "expert"};
const std::vector<std::string> kDayUnits = {"working", "calendar"};
const std::vector<std::string> kChannels = {"mfc", "online", "office", "home_visit", "phone"};
const std::vector<std::string> kDocumentSources = {"citizen", "interagency"};
const std::vector<std::string> kExpectations = {"eligible", "ineligible", "needs_info",
                                                "not_applicable"};
const std::vector<std::string> kComplexity = {"low", "medium", "high", "very_high"};
const std::vector<std::string> kTiers = {"self_service", "generalist", "specialist",
                                         "multi_agency_team"};

// An http(s) URI as RFC 3986 allows it: ASCII, no spaces (HSDS checks the format).
bool IsWebAddress(const std::string& text) {
  static const std::regex kAddress(R"(https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[!-~]*)?)");
  return std::regex_match(text, kAddress);
}

// A reference to an entry that may be defined in a file not read yet; checked at the end.
struct Reference {
  std::string kind;  // agency | document | need | service | region
  std::string id;
  CatalogError where;
};

// Where a CEL diagnostic inside a rule falls in the YAML file. A block scalar (`|` or `>`)
// starts on the next line at its content's indentation; a quoted one after the quote; a plain
// one where it starts.
CatalogError RuleErrorAt(const yaml::Node& node, const std::string& path,
                         const cel::Diagnostic& diagnostic, const std::vector<std::string>& lines,
                         const MapReader& reader, const Diagnostics& diagnostics) {
  CatalogError error = reader.ErrorAt(node, path, diagnostic.message);
  int mark_line = node.Mark().line;
  int mark_column = node.Mark().column;
  if (mark_line < 0 || mark_line >= static_cast<int>(lines.size())) return error;
  const std::string& text = lines[mark_line];
  char first = mark_column < static_cast<int>(text.size()) ? text[mark_column] : ' ';
  if (first == '|' || first == '>') {
    int content_line = mark_line + 1;
    while (content_line < static_cast<int>(lines.size()) &&
           lines[content_line].find_first_not_of(' ') == std::string::npos) {
      ++content_line;
    }
    size_t indent = content_line < static_cast<int>(lines.size())
                        ? lines[content_line].find_first_not_of(' ')
                        : 0;
    error.line = content_line + diagnostic.line;
    error.column = static_cast<int>(indent) + diagnostic.column;
    return error;
  }
  int quote = (first == '"' || first == '\'') ? 1 : 0;
  error.line = mark_line + diagnostic.line;
  error.column = diagnostic.line == 1
                     ? diagnostics.CharacterColumn(reader.file(), mark_line + 1, mark_column) +
                           quote + diagnostic.column - 1
                     : diagnostic.column;
  return error;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class Loader {
 public:
  Loader(std::string directory, Diagnostics& diagnostics, Catalog& catalog)
      : directory_(std::move(directory)), diagnostics_(diagnostics), catalog_(catalog) {}

  void Run() {
    catalog_.directory = directory_;
    if (!fs::is_directory(directory_)) {
      diagnostics_.Add({directory_, 0, 0, "", "not a catalog directory (no such directory)"});
      return;
    }
    std::vector<std::string> agency_files = AgencyFiles();
    std::vector<std::string> files = YamlFiles(directory_);
    files.insert(files.end(), agency_files.begin(), agency_files.end());
    parsed_.emplace(std::move(files), std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
    if (std::optional<yaml::Node> root = Load(PathOf("facts.yaml"))) {
      catalog_.facts = LoadFactSchema(*root, PathOf("facts.yaml"), diagnostics_);
    }
    catalog_.environment = catalog_.facts.ToEnvironment();
    CheckFactSchema();
    LoadTop();
    LoadNeeds();
    LoadDocuments();
    NameDocumentValues();
    LoadRegions();
    for (const std::string& file : agency_files) LoadAgency(file);
    LoadLifeSituations();
    LoadFactSuggestions();
    LoadCalendar();
    CheckReferences();
    CheckPrerequisiteCycles();
    catalog_.version = ContentHash();
  }

 private:
  std::string PathOf(const std::string& name) const {
    return (fs::path(directory_) / name).string();
  }

  const std::string& TextOf(const std::string& path) const {
    static const std::string kNone;
    auto it = texts_.find(fs::path(path).lexically_normal().string());
    return it == texts_.end() ? kNone : it->second;
  }

  // Parses a file of the catalog, read once; its text is kept for the content hash and for
  // positions in rules. A syntax error is reported and nullopt returned.
  std::optional<yaml::Node> Load(const std::string& path) {
    internal::ParsedFiles::File file = parsed_->Take(path, diagnostics_);
    if (file.text) texts_[fs::path(path).lexically_normal().string()] = std::move(*file.text);
    return file.root;
  }

  // The YAML files directly in `folder`, sorted; empty when it cannot be listed.
  static std::vector<std::string> YamlFiles(const fs::path& folder,
                                            std::error_code* error = nullptr) {
    std::vector<std::string> files;
    std::error_code listing;
    for (const auto& entry : fs::directory_iterator(folder, listing)) {
      std::string extension = entry.path().extension().string();
      if (entry.is_regular_file() && (extension == ".yaml" || extension == ".yml")) {
        files.push_back(entry.path().string());
      }
    }
    if (error) *error = listing;
    std::sort(files.begin(), files.end());
    return files;
  }

  std::vector<std::string> AgencyFiles() const {
    fs::path folder = fs::path(directory_) / "agencies";
    std::error_code error;
    std::vector<std::string> files = YamlFiles(folder, &error);
    if (error) diagnostics_.Add({folder.string(), 0, 0, "", "cannot list the agencies folder"});
    return files;
  }

  // Records that `id` is defined at `node`; reports it when it already was.
  bool Define(std::map<std::string, Origin>& ids, const std::string& kind, const std::string& id,
              const yaml::Node& node, MapReader& reader, const std::string& path) {
    Origin origin{reader.file(), node.Mark().line + 1};
    auto [it, inserted] = ids.emplace(id, origin);
    if (!inserted) {
      reader.Report(node, path,
                    kind + " '" + id + "' is already defined at " + it->second.file + ":" +
                        std::to_string(it->second.line));
    }
    return inserted;
  }

  void Refer(const std::string& kind, const std::string& id, const yaml::Node& node,
             const MapReader& reader, const std::string& path) {
    references_.push_back({kind, id, reader.ErrorAt(node, path, "")});
  }

  // Each item of list field `key`, with its path, as a reference of `kind`.
  void ReferEach(const std::string& kind, const yaml::Node& parent, const std::string& key,
                 const MapReader& reader, const std::vector<std::string>& ids) {
    if (!parent.IsMap()) return;  // its reader has said so; a scalar has no keys to look up
    const yaml::Node list = parent[key];
    for (size_t i = 0; i < ids.size() && list.IsDefined() && list.IsSequence() && i < list.size();
         ++i) {
      Refer(kind, ids[i], list[i], reader, reader.PathOf(key) + "[" + std::to_string(i) + "]");
    }
  }

  // Each item of the list at `node`: a reader for it, with its path.
  template <typename Body>
  void ForEachItem(const std::optional<yaml::Node>& node, MapReader& parent, const std::string& key,
                   Body body) {
    if (!node) return;
    if (!node->IsSequence()) {
      parent.Report(*node, parent.PathOf(key), "expected a list");
      return;
    }
    for (size_t i = 0; i < node->size(); ++i) {
      const yaml::Node item = (*node)[i];
      MapReader reader(item, parent.PathOf(key) + "[" + std::to_string(i) + "]", parent.file(),
                       diagnostics_);
      // An item that is not a mapping has been reported by its reader and has nothing to read.
      if (item.IsMap()) body(item, reader);
      reader.Finish();
    }
  }

  // Every record a rule's variables need exists, and every derived fact is one Okno computes.
  void CheckFactSchema() {
    std::string path = PathOf("facts.yaml");
    for (const char* record : {"household", "person", "region"}) {
      if (!catalog_.facts.records.contains(record)) {
        diagnostics_.Add({path, 0, 0, std::string("records.") + record, "record is missing"});
      }
    }
    for (const auto& [record_name, record] : catalog_.facts.records) {
      for (const auto& [name, field] : record.fields) {
        if (field.derived && !IsComputedFact(record_name, name)) {
          diagnostics_.Add(
              {field.file, field.line, 0, "records." + record_name + ".fields." + name,
               "Okno has no way to compute derived fact '" + record_name + "." + name + "'"});
        }
        if (!field.derived && record_name == "region") {
          diagnostics_.Add({field.file, field.line, 0, "records.region.fields." + name,
                            "region facts are parameters of the catalog: mark it derived"});
        }
      }
    }
  }

  void LoadTop() {
    std::string path = PathOf("catalog.yaml");
    std::optional<yaml::Node> root = Load(path);
    if (!root) return;
    MapReader top(*root, "", path, diagnostics_);
    catalog_.country = top.String("country").value_or("");
    std::optional<yaml::Node> routing = top.Child("routing");
    std::set<std::string> levels;
    ForEachItem(routing, top, "routing", [&](const yaml::Node& node, MapReader& reader) {
      Route route;
      route.complexity = reader.OneOf("complexity", kComplexity).value_or("");
      route.tier = reader.OneOf("tier", kTiers).value_or("");
      route.integration_model = reader.OneOf("integration_model", IntegrationModels()).value_or("");
      if (std::optional<int64_t> days = reader.Int("first_action_days", /*required=*/false)) {
        if (*days < 1 || *days > 60) {
          reader.Report(node, reader.PathOf("first_action_days"),
                        "first_action_days: from 1 to 60 working days");
        } else {
          route.first_action_days = static_cast<int>(*days);
        }
      }
      if (!route.complexity.empty() && !levels.insert(route.complexity).second) {
        reader.Report(node, reader.PathOf("complexity"),
                      "complexity '" + route.complexity + "' is routed twice");
      }
      catalog_.routing.push_back(route);
    });
    if (routing && routing->IsSequence()) {
      for (const std::string& level : kComplexity) {
        if (!levels.contains(level)) {
          top.Report(*routing, "routing", "no route for complexity '" + level + "'");
        }
      }
    }
    if (std::optional<yaml::Node> defaults = top.Child("test_defaults", /*required=*/false)) {
      MapReader reader(*defaults, "test_defaults", path, diagnostics_);
      if (std::optional<Date> as_of = reader.DateField("as_of")) {
        catalog_.test_defaults["as_of"] = as_of->ToString();
      }
      if (std::optional<std::string> region = reader.String("region")) {
        catalog_.test_defaults["region"] = *region;
        Refer("region", *region, (*defaults)["region"], reader, reader.PathOf("region"));
      }
      reader.Finish();
    }
    top.Finish();
  }

  // A mapping of phrases by language, {ru: [...], en: [...]}, as a narrative's words are listed.
  void Phrases(MapReader& reader, const char* field, bool required, const std::string& path,
               std::vector<std::string>& ru, std::vector<std::string>& en) {
    std::optional<yaml::Node> node = reader.Child(field, required);
    if (!node) return;
    MapReader languages(*node, reader.PathOf(field), path, diagnostics_);
    ru = PhraseLines(languages, "ru");
    en = PhraseLines(languages, "en");
    languages.Finish();
  }

  // A list of phrases, or a block of text with one phrase per line («|»): long lexicons are
  // written so, since a YAML parser reads one block several times faster than thousands of items.
  static std::vector<std::string> PhraseLines(MapReader& reader, const char* language) {
    std::optional<yaml::Node> node = reader.Child(language);
    if (!node) return {};
    if (!node->IsScalar()) return reader.StringList(language).value_or(std::vector<std::string>{});
    std::vector<std::string> phrases;
    std::istringstream lines(node->Scalar());
    for (std::string line; std::getline(lines, line);) {
      size_t first = line.find_first_not_of(" \t");
      if (first == std::string::npos) continue;
      phrases.push_back(line.substr(first, line.find_last_not_of(" \t") + 1 - first));
    }
    return phrases;
  }

  void LoadNeeds() {
    std::string path = PathOf("needs.yaml");
    std::optional<yaml::Node> root = Load(path);
    if (!root) return;
    MapReader top(*root, "", path, diagnostics_);
    std::map<std::string, Origin> ids;
    ForEachItem(top.Child("needs"), top, "needs", [&](const yaml::Node& node, MapReader& reader) {
      Need need;
      need.id = reader.OneOf("id", NeedsTaxonomy()).value_or("");
      need.title = reader.Text("title").value_or(LocalizedText{});
      need.urgency = reader.OneOf("urgency", kUrgencies, /*required=*/false).value_or("routine");
      Phrases(reader, "triggers", /*required=*/false, path, need.triggers_ru, need.triggers_en);
      Phrases(reader, "denials", /*required=*/false, path, need.denials_ru, need.denials_en);
      need.takes_from =
          reader.OneOf("takes_from", NeedsTaxonomy(), /*required=*/false).value_or("");
      Phrases(reader, "said_of", /*required=*/!need.takes_from.empty(), path, need.said_of_ru,
              need.said_of_en);
      Phrases(reader, "said_of_until", /*required=*/false, path, need.said_of_until_ru,
              need.said_of_until_en);
      if (need.takes_from.empty() && node["said_of_until"]) {
        reader.Report(node["said_of_until"], reader.PathOf("said_of_until"),
                      "said_of_until needs takes_from");
      }
      if (need.takes_from == need.id && !need.id.empty()) {
        reader.Report(node["takes_from"], reader.PathOf("takes_from"),
                      "a need cannot take its own mentions");
      }
      ForEachItem(
          reader.Child("detect", /*required=*/false), reader, "detect",
          [&](const yaml::Node& item, MapReader& fields) {
            NeedDetector detector;
            detector.expression = fields.String("when").value_or("");
            detector.urgency =
                fields.OneOf("urgency", kUrgencies, /*required=*/false).value_or(need.urgency);
            if (!detector.expression.empty()) {
              detector.program = CompileRule(item["when"], fields, fields.PathOf("when"),
                                             detector.expression, "household");
            }
            need.detect.push_back(std::move(detector));
          });
      need.origin = {path, node.Mark().line + 1};
      if (!need.id.empty() && Define(ids, "need", need.id, node, reader, reader.PathOf("id"))) {
        catalog_.needs[need.id] = std::move(need);
      }
    });
    top.Finish();
    for (const std::string& id : NeedsTaxonomy()) {
      if (!catalog_.needs.contains(id)) {
        top.Report(*root, "needs", "need '" + id + "' of the taxonomy is not described");
      }
    }
  }

  void LoadDocuments() {
    std::string path = PathOf("documents.yaml");
    std::optional<yaml::Node> root = Load(path);
    if (!root) return;
    MapReader top(*root, "", path, diagnostics_);
    std::map<std::string, Origin> ids;
    ForEachItem(
        top.Child("documents"), top, "documents", [&](const yaml::Node& node, MapReader& reader) {
          Document document;
          document.id = reader.String("id").value_or("");
          document.title = reader.Text("title").value_or(LocalizedText{});
          if (std::optional<std::string> issuer = reader.String("issued_by", /*required=*/false)) {
            document.issued_by = *issuer;
            Refer("agency", *issuer, node["issued_by"], reader, reader.PathOf("issued_by"));
          }
          document.origin = {path, node.Mark().line + 1};
          if (!document.id.empty() &&
              Define(ids, "document", document.id, node, reader, reader.PathOf("id"))) {
            catalog_.documents[document.id] = std::move(document);
          }
        });
    top.Finish();
  }

  // A closed value that names a document (person.documents: passport) is said by the
  // document's title, kept once in documents.yaml.
  void NameDocumentValues() {
    for (auto& [record_name, record] : catalog_.facts.records) {
      for (auto& [field_name, field] : record.fields) {
        for (const std::string& value : field.values) {
          auto document = catalog_.documents.find(value);
          if (document != catalog_.documents.end() && !field.value_labels.contains(value)) {
            field.value_labels[value] = document->second.title;
          }
        }
      }
    }
  }

  // The numeric fields of the schema's `region` record: what a parameter set may give.
  std::set<std::string, std::less<>> ParameterNames() const {
    std::set<std::string, std::less<>> names;
    auto record = catalog_.facts.records.find("region");
    if (record == catalog_.facts.records.end()) return names;
    for (const auto& [name, field] : record->second.fields) {
      if (field.type.is(cel::CelType::Kind::kDouble) || field.type.is(cel::CelType::Kind::kInt)) {
        names.insert(name);
      }
    }
    return names;
  }

  void ReadParameters(MapReader& parent, Region& region) {
    std::set<std::string, std::less<>> names = ParameterNames();
    ForEachItem(parent.Child("parameters", /*required=*/false), parent, "parameters",
                [&](const yaml::Node& item, MapReader& reader) {
                  ParameterSet set;
                  set.valid_from = reader.DateField("valid_from").value_or(Date{});
                  set.approximate = reader.Bool("approximate", /*required=*/false).value_or(false);
                  set.source = reader.String("source").value_or("");
                  set.origin = {reader.file(), item.Mark().line + 1};
                  if (std::optional<yaml::Node> values = reader.Child("values")) {
                    MapReader fields(*values, reader.PathOf("values"), reader.file(), diagnostics_);
                    for (const std::string& name : names) {
                      if (std::optional<double> value = fields.Number(name, /*required=*/false)) {
                        set.values[name] = *value;
                      }
                    }
                    fields.Finish();
                  }
                  region.parameters.push_back(std::move(set));
                });
    std::stable_sort(
        region.parameters.begin(), region.parameters.end(),
        [](const ParameterSet& a, const ParameterSet& b) { return a.valid_from < b.valid_from; });
  }

  void LoadRegions() {
    std::string path = PathOf("regions.yaml");
    std::optional<yaml::Node> root = Load(path);
    if (!root) return;
    MapReader top(*root, "", path, diagnostics_);
    if (std::optional<yaml::Node> federal = top.Child("federal")) {
      MapReader reader(*federal, "federal", path, diagnostics_);
      catalog_.federal.code = catalog_.country;
      catalog_.federal.name = reader.Text("name").value_or(LocalizedText{});
      ReadParameters(reader, catalog_.federal);
      catalog_.federal.origin = {path, federal->Mark().line + 1};
      reader.Finish();
    }
    std::map<std::string, Origin> ids;
    ForEachItem(top.Child("regions"), top, "regions",
                [&](const yaml::Node& node, MapReader& reader) {
                  Region region;
                  region.code = reader.String("code").value_or("");
                  region.name = reader.Text("name").value_or(LocalizedText{});
                  ReadParameters(reader, region);
                  region.origin = {path, node.Mark().line + 1};
                  if (!region.code.empty() &&
                      Define(ids, "region", region.code, node, reader, reader.PathOf("code"))) {
                    catalog_.regions[region.code] = std::move(region);
                  }
                });
    top.Finish();
  }

  void LoadAgency(const std::string& path) {
    std::optional<yaml::Node> root = Load(path);
    if (!root) return;
    MapReader top(*root, "", path, diagnostics_);
    std::string agency_id;
    bool imported = top.Bool("imported", /*required=*/false).value_or(false);
    if (std::optional<yaml::Node> node = top.Child("agency")) {
      MapReader reader(*node, "agency", path, diagnostics_);
      // A scalar or a list where the agency should be has been reported by its reader.
      if (node->IsMap()) agency_id = LoadAgencyHeader(*node, reader, path, imported);
      reader.Finish();
    }
    ForEachItem(top.Child("services"), top, "services",
                [&](const yaml::Node& node, MapReader& reader) {
                  LoadService(node, reader, agency_id, imported);
                });
    top.Finish();
  }

  // The agency's own fields; its id when it is defined (once) and valid.
  std::string LoadAgencyHeader(const yaml::Node& node, MapReader& reader, const std::string& path,
                               bool imported) {
    Agency agency;
    agency.imported = imported;
    agency.id = reader.String("id").value_or("");
    agency.title = reader.Text("title").value_or(LocalizedText{});
    agency.level = reader.OneOf("level", kLevels, !imported).value_or("");
    agency.integration = reader.OneOf("integration", IntegrationModels(), !imported).value_or("");
    agency.website = reader.String("website", /*required=*/false).value_or("");
    if (!agency.website.empty() && !IsWebAddress(agency.website)) {
      reader.Report(node["website"], reader.PathOf("website"),
                    "'" + agency.website +
                        "' is not an http(s) address in ASCII (write a Russian domain in "
                        "punycode: https://xn--d1aqf.xn--p1ai for дом.рф)");
    }
    agency.description = reader.String("description", /*required=*/false).value_or("");
    agency.hsds_id = reader.String("hsds_id", /*required=*/false).value_or("");
    agency.regions =
        reader.StringList("regions", /*required=*/false).value_or(std::vector<std::string>{});
    ReferEach("region", node, "regions", reader, agency.regions);
    agency.origin = {path, node.Mark().line + 1};
    std::string agency_id;
    if (!agency.id.empty() &&
        Define(agency_ids_, "agency", agency.id, node, reader, reader.PathOf("id"))) {
      agency_id = agency.id;
      catalog_.agencies[agency.id] = std::move(agency);
    }
    return agency_id;
  }

  std::shared_ptr<const cel::Program> CompileRule(const yaml::Node& node, MapReader& reader,
                                                  const std::string& path,
                                                  const std::string& expression,
                                                  const std::string& subject) {
    cel::CompileResult compiled = cel::Compile(expression, catalog_.environment);
    if (!compiled.program) {
      for (const cel::Diagnostic& error : compiled.errors) {
        diagnostics_.Add(
            RuleErrorAt(node, path, error, Lines(TextOf(reader.file())), reader, diagnostics_));
      }
      return nullptr;
    }
    const cel::CelType& type = compiled.program->result_type();
    if (!type.is(cel::CelType::Kind::kBool) && !type.is(cel::CelType::Kind::kDyn)) {
      reader.Report(node, path, "a rule must be true or false, this one is " + type.Name());
      return nullptr;
    }
    if (subject == "household") {
      for (const std::string& attribute : compiled.program->attributes()) {
        if (attribute == "person" || attribute.starts_with("person.")) {
          reader.Report(node, path,
                        "a household service's rule cannot read 'person' (make the service "
                        "'subject: person', or read household.members)");
          return nullptr;
        }
      }
    }
    return compiled.program;
  }

  void LoadService(const yaml::Node& node, MapReader& reader, const std::string& agency_id,
                   bool imported) {
    Service service;
    service.agency = agency_id;
    service.origin = {reader.file(), node.Mark().line + 1};
    service.id = reader.String("id").value_or("");
    service.title = reader.Text("title").value_or(LocalizedText{});
    service.description = reader.Text("description").value_or(LocalizedText{});
    service.hsds_id = reader.String("hsds_id", /*required=*/false).value_or("");
    service.eligibility_text = reader.String("eligibility_text", /*required=*/false).value_or("");
    if (std::optional<int64_t> age = reader.Int("minimum_age", /*required=*/false)) {
      service.minimum_age = static_cast<int>(*age);
    }
    if (std::optional<int64_t> age = reader.Int("maximum_age", /*required=*/false)) {
      service.maximum_age = static_cast<int>(*age);
    }
    service.needs = reader.StringList("needs", !imported).value_or(std::vector<std::string>{});
    ReferEach("need", node, "needs", reader, service.needs);
    if (service.needs.empty() && !imported && node["needs"].IsDefined() &&
        node["needs"].IsSequence()) {
      reader.Report(node["needs"], reader.PathOf("needs"), "a service addresses at least one need");
    }
    service.subject = reader.OneOf("subject", kSubjects, !imported).value_or("household");
    service.on_request =
        reader.OneOf("offer", {"proactive", "on_request"}, /*required=*/false).value_or("") ==
        "on_request";
    if (std::optional<std::string> applies_to = reader.String("applies_to", /*required=*/false)) {
      service.applies_to = *applies_to;
      if (service.subject != "person") {
        reader.Report(node["applies_to"], reader.PathOf("applies_to"),
                      "only a person service says whom it applies to");
      } else {
        service.applies_to_program = CompileRule(
            node["applies_to"], reader, reader.PathOf("applies_to"), *applies_to, "person");
      }
    }
    if (std::optional<yaml::Node> basis = reader.Child("legal_basis")) {
      MapReader fields(*basis, reader.PathOf("legal_basis"), reader.file(), diagnostics_);
      service.legal_basis.citation = fields.String("citation").value_or("");
      service.legal_basis.status = fields.OneOf("status", kBasisStatus).value_or("approximate");
      service.legal_basis.source = fields.String("source", /*required=*/false).value_or("");
      fields.Finish();
    }
    if (std::optional<yaml::Node> profile = reader.Child("interaction", !imported)) {
      MapReader fields(*profile, reader.PathOf("interaction"), reader.file(), diagnostics_);
      service.interaction.frequency = fields.OneOf("frequency", kFrequencies).value_or("");
      service.interaction.nature = fields.OneOf("nature", kNatures).value_or("");
      service.interaction.knowledge = fields.OneOf("knowledge", kKnowledge).value_or("");
      fields.Finish();
    }
    if (std::optional<yaml::Node> processing = reader.Child("processing", !imported)) {
      MapReader fields(*processing, reader.PathOf("processing"), reader.file(), diagnostics_);
      // Absent: no source gives the time; 0 means the same day.
      std::optional<int64_t> days = fields.Int("days", /*required=*/false);
      if (days && (*days < 0 || *days > 3650)) {
        fields.Report((*processing)["days"], fields.PathOf("days"),
                      "processing time must be 0 to 3650 days");
      } else if (days) {
        service.processing_days = static_cast<int>(*days);
      }
      service.processing_unit = fields.OneOf("unit", kDayUnits).value_or("working");
      fields.Finish();
    }
    service.channels =
        reader.StringList("channels", !imported).value_or(std::vector<std::string>{});
    for (size_t i = 0; i < service.channels.size(); ++i) {
      if (std::find(kChannels.begin(), kChannels.end(), service.channels[i]) == kChannels.end()) {
        reader.Report(node["channels"][i],
                      reader.PathOf("channels") + "[" + std::to_string(i) + "]",
                      "unknown channel '" + service.channels[i] +
                          "' (mfc, online, office, home_visit, phone)");
      }
    }
    ForEachItem(
        reader.Child("documents", /*required=*/false), reader, "documents",
        [&](const yaml::Node& item, MapReader& fields) {
          DocumentRequirement requirement;
          requirement.document = fields.String("id").value_or("");
          if (!requirement.document.empty()) {
            Refer("document", requirement.document, item["id"], fields, fields.PathOf("id"));
          }
          requirement.source = fields.OneOf("source", kDocumentSources).value_or("citizen");
          std::optional<std::string> from = fields.String("from", /*required=*/false);
          if (requirement.source == "interagency" && !from) {
            fields.Report(item, fields.PathOf("from"),
                          "a document fetched by interagency request names the agency it "
                          "comes from");
          }
          if (from) {
            requirement.from_agency = *from;
            Refer("agency", *from, item["from"], fields, fields.PathOf("from"));
          }
          requirement.per_member = fields.Bool("per_member", /*required=*/false).value_or(false);
          service.documents.push_back(std::move(requirement));
        });
    service.prerequisites =
        reader.StringList("prerequisites", /*required=*/false).value_or(std::vector<std::string>{});
    ReferEach("service", node, "prerequisites", reader, service.prerequisites);
    if (!service.prerequisites.empty()) {
      prerequisites_at_[service.id] =
          reader.ErrorAt(node["prerequisites"], reader.PathOf("prerequisites"), "");
    }
    LoadRules(node, reader, service, imported);
    LoadTests(reader, service, imported);

    if (service.id.empty()) return;
    if (!Define(service_ids_, "service", service.id, node, reader, reader.PathOf("id"))) return;
    if (!service.agency.empty()) {
      std::string prefix = service.agency + ".";
      if (!service.id.starts_with(prefix)) {
        reader.Report(node["id"], reader.PathOf("id"),
                      "a service's id starts with its agency's: '" + prefix + "...'");
      }
    }
    catalog_.service_index[service.id] = catalog_.services.size();
    for (const std::string& need : service.needs) {
      catalog_.services_by_need[need].push_back(catalog_.services.size());
    }
    catalog_.services.push_back(std::move(service));
  }

  void LoadRules(const yaml::Node& node, MapReader& reader, Service& service, bool imported) {
    bool has_single = node["rule"].IsDefined();
    bool has_versions = node["rules"].IsDefined();
    if (has_single && has_versions) {
      reader.Report(node["rules"], reader.PathOf("rules"),
                    "give either 'rule' (one version) or 'rules' (versions with dates), not both");
    }
    if (!has_single && !has_versions) {
      // An imported service may wait for its rule: the planner then says to ask the agency.
      if (!imported) reader.Report(node, reader.PathOf("rule"), "required field is missing");
      return;
    }
    if (has_single) {
      RuleVersion version;
      version.expression = reader.String("rule").value_or("");
      version.approximate = reader.Bool("approximate", /*required=*/false).value_or(false);
      version.origin = {reader.file(), node["rule"].Mark().line + 1};
      if (!version.expression.empty()) {
        version.program = CompileRule(node["rule"], reader, reader.PathOf("rule"),
                                      version.expression, service.subject);
      }
      service.rules.push_back(std::move(version));
      return;
    }
    if (node["approximate"].IsDefined()) {
      reader.Report(node["approximate"], reader.PathOf("approximate"),
                    "with rule versions, each version says whether it is approximate");
    }
    ForEachItem(
        reader.Child("rules"), reader, "rules", [&](const yaml::Node& item, MapReader& fields) {
          RuleVersion version;
          version.valid_from = fields.DateField("valid_from", /*required=*/false);
          version.valid_to = fields.DateField("valid_to", /*required=*/false);
          version.approximate = fields.Bool("approximate", /*required=*/false).value_or(false);
          version.note = fields.String("note", /*required=*/false).value_or("");
          version.expression = fields.String("when").value_or("");
          version.origin = {reader.file(), item.Mark().line + 1};
          if (version.valid_from && version.valid_to && *version.valid_to < *version.valid_from) {
            fields.Report(item["valid_to"], fields.PathOf("valid_to"), "ends before it starts");
          }
          for (const RuleVersion& other : service.rules) {
            Date from = std::max(other.valid_from.value_or(Date{1, 1, 1}),
                                 version.valid_from.value_or(Date{1, 1, 1}));
            Date to = std::min(other.valid_to.value_or(Date{9999, 12, 31}),
                               version.valid_to.value_or(Date{9999, 12, 31}));
            if (from <= to) {
              fields.Report(item, fields.path(),
                            "overlaps the version at line " + std::to_string(other.origin.line) +
                                " on " + from.ToString() + ": one version is in force at a time");
              break;
            }
          }
          if (!version.expression.empty()) {
            version.program = CompileRule(item["when"], fields, fields.PathOf("when"),
                                          version.expression, service.subject);
          }
          service.rules.push_back(std::move(version));
        });
  }

  void LoadTests(MapReader& reader, Service& service, bool imported) {
    ForEachItem(
        reader.Child("tests", !imported || service.computable()), reader, "tests",
        [&](const yaml::Node& item, MapReader& fields) {
          RuleTest test;
          test.origin = {reader.file(), item.Mark().line + 1};
          test.name = fields.String("name").value_or("");
          test.expect = fields.OneOf("expect", kExpectations).value_or("");
          test.expect_missing =
              fields.StringList("missing", /*required=*/false).value_or(std::vector<std::string>{});
          test.member = fields.String("member", /*required=*/false).value_or("");
          if (service.subject == "person" && test.member.empty()) {
            fields.Report(item, fields.PathOf("member"),
                          "a person service's test names the member it is evaluated for");
          }
          if (service.subject == "household" && !test.member.empty()) {
            fields.Report(item["member"], fields.PathOf("member"),
                          "a household service is not evaluated per member");
          }
          test.situation = catalog_.test_defaults;
          if (std::optional<Date> as_of = fields.DateField("as_of", /*required=*/false)) {
            test.situation["as_of"] = as_of->ToString();
          }
          if (std::optional<std::string> region = fields.String("region", /*required=*/false)) {
            test.situation["region"] = *region;
          }
          if (std::optional<yaml::Node> household = fields.Child("household")) {
            Result<nlohmann::json> json = YamlToJson(*household, reader.file());
            if (json.ok()) {
              test.situation["household"] = std::move(*json);
            } else {
              fields.Report(*household, fields.PathOf("household"), json.status().message());
            }
          }
          if (std::optional<std::vector<std::string>> needs =
                  fields.StringList("needs", /*required=*/false)) {
            test.situation["needs"] = *needs;
          }
          service.tests.push_back(std::move(test));
        });
  }

  void LoadLifeSituations() {
    std::string path = PathOf("life_situations.yaml");
    std::optional<yaml::Node> root = Load(path);
    if (!root) return;
    MapReader top(*root, "", path, diagnostics_);
    std::map<std::string, Origin> ids;
    ForEachItem(top.Child("life_situations"), top, "life_situations",
                [&](const yaml::Node& node, MapReader& reader) {
                  LifeSituation situation;
                  situation.id = reader.String("id").value_or("");
                  situation.title = reader.Text("title").value_or(LocalizedText{});
                  situation.needs = reader.StringList("needs").value_or(std::vector<std::string>{});
                  ReferEach("need", node, "needs", reader, situation.needs);
                  situation.services =
                      reader.StringList("services").value_or(std::vector<std::string>{});
                  ReferEach("service", node, "services", reader, situation.services);
                  Phrases(reader, "triggers", /*required=*/true, path, situation.triggers_ru,
                          situation.triggers_en);
                  situation.origin = {path, node.Mark().line + 1};
                  if (!situation.id.empty() && Define(ids, "life situation", situation.id, node,
                                                      reader, reader.PathOf("id"))) {
                    catalog_.life_situations.push_back(std::move(situation));
                  }
                });
    top.Finish();
  }

  // narrative_facts.yaml is optional: without it, a narrative suggests no facts.
  void LoadFactSuggestions() {
    std::string path = PathOf("narrative_facts.yaml");
    if (!fs::exists(path)) return;
    std::optional<yaml::Node> root = Load(path);
    if (!root) return;
    MapReader top(*root, "", path, diagnostics_);
    static const std::vector<std::string> kSubjects = {"household", "applicant", "spouse", "child",
                                                       "parent"};
    ForEachItem(
        top.Child("suggestions"), top, "suggestions",
        [&](const yaml::Node& node, MapReader& reader) {
          FactSuggestion suggestion;
          suggestion.origin = {path, node.Mark().line + 1};
          std::string fact = reader.String("fact").value_or("");
          size_t dot = fact.find('.');
          suggestion.subject = fact.substr(0, dot);
          suggestion.field = dot == std::string::npos ? "" : fact.substr(dot + 1);
          Phrases(reader, "triggers", /*required=*/true, path, suggestion.triggers_ru,
                  suggestion.triggers_en);
          std::optional<std::string> value = reader.String("value");
          if (fact.empty() || !value) return;
          if (std::find(kSubjects.begin(), kSubjects.end(), suggestion.subject) ==
              kSubjects.end()) {
            reader.Report(node["fact"], reader.PathOf("fact"),
                          "'" + fact +
                              "' does not start with household, applicant, spouse, "
                              "child or parent");
            return;
          }
          auto record = catalog_.facts.records.find(suggestion.subject == "household" ? "household"
                                                                                      : "person");
          if (record == catalog_.facts.records.end()) return;  // the schema says why
          auto field = record->second.fields.find(suggestion.field);
          if (field == record->second.fields.end() || field->second.derived) {
            reader.Report(node["fact"], reader.PathOf("fact"),
                          "'" + suggestion.field + "' is not a fact given of " +
                              (suggestion.subject == "household" ? "a household" : "a person"));
            return;
          }
          std::optional<std::pair<nlohmann::json, cel::Value>> typed =
              SuggestedValue(field->second, *value);
          if (!typed) {
            reader.Report(node["value"], reader.PathOf("value"),
                          "'" + *value + "' is not a value of " + fact);
            return;
          }
          suggestion.value = std::move(typed->first);
          suggestion.fact_value = std::move(typed->second);
          catalog_.fact_suggestions.push_back(std::move(suggestion));
        });
    top.Finish();
  }

  // A suggested value of a fact as JSON and as a rule reads it; nullopt when the field cannot
  // have it: a closed text value (or one item of a closed list), true or false, or a whole
  // number.
  static std::optional<std::pair<nlohmann::json, cel::Value>> SuggestedValue(
      const FactField& field, const std::string& text) {
    using Kind = cel::CelType::Kind;
    bool list = field.type.kind == Kind::kList;
    Kind kind = list ? field.type.Param(0).kind : field.type.kind;
    if (kind == Kind::kString) {
      if (field.values.empty() ||
          std::find(field.values.begin(), field.values.end(), text) == field.values.end()) {
        return std::nullopt;
      }
      cel::Value one = cel::Value::String(text);
      return std::pair{nlohmann::json(text), list ? cel::Value::List({one}) : one};
    }
    if (list) return std::nullopt;
    if (kind == Kind::kBool && (text == "true" || text == "false")) {
      return std::pair{nlohmann::json(text == "true"), cel::Value::Bool(text == "true")};
    }
    if (kind == Kind::kInt && !text.empty() &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        text.size() < 10) {
      int64_t number = std::stoll(text);
      return std::pair{nlohmann::json(number), cel::Value::Int(number)};
    }
    return std::nullopt;
  }

  // calendar.yaml is optional: without it, only weekends are days off.
  void LoadCalendar() {
    std::string path = PathOf("calendar.yaml");
    if (!fs::exists(path)) return;
    std::optional<yaml::Node> root = Load(path);
    if (!root) return;
    MapReader top(*root, "", path, diagnostics_);
    std::set<int> years;
    ForEachItem(top.Child("years"), top, "years", [&](const yaml::Node& node, MapReader& reader) {
      CalendarYear year;
      year.year = static_cast<int>(reader.Int("year").value_or(0));
      year.approximate = reader.Bool("approximate", /*required=*/false).value_or(false);
      year.source = reader.String("source").value_or("");
      if (!years.insert(year.year).second) {
        reader.Report(node["year"], reader.PathOf("year"),
                      "year " + std::to_string(year.year) + " is listed twice");
      }
      for (const char* key : {"days_off", "working_days"}) {
        std::vector<std::string> texts =
            reader.StringList(key).value_or(std::vector<std::string>{});
        for (size_t i = 0; i < texts.size(); ++i) {
          std::optional<Date> date = ParseDate(texts[i]);
          std::string where = reader.PathOf(key) + "[" + std::to_string(i) + "]";
          if (!date || date->year != year.year) {
            reader.Report(node[key][i], where,
                          "'" + texts[i] + "' is not a date of " + std::to_string(year.year));
            continue;
          }
          (std::string_view(key) == "days_off" ? year.days_off : year.working_days)
              .push_back(*date);
        }
      }
      catalog_.calendar.Add(std::move(year));
    });
    top.Finish();
  }

  bool Exists(const std::string& kind, const std::string& id) const {
    if (kind == "agency") return catalog_.agencies.contains(id);
    if (kind == "document") return catalog_.documents.contains(id);
    if (kind == "need") return catalog_.needs.contains(id);
    if (kind == "service") return catalog_.service_index.contains(id);
    if (kind == "region") return catalog_.regions.contains(id);
    return false;
  }

  std::set<std::string, std::less<>> IdsOf(const std::string& kind) const {
    std::set<std::string, std::less<>> ids;
    auto add = [&](const auto& map) {
      for (const auto& entry : map) ids.insert(entry.first);
    };
    if (kind == "agency") add(catalog_.agencies);
    if (kind == "document") add(catalog_.documents);
    if (kind == "need") add(catalog_.needs);
    if (kind == "service") add(catalog_.service_index);
    if (kind == "region") add(catalog_.regions);
    return ids;
  }

  void CheckReferences() {
    for (Reference& reference : references_) {
      if (Exists(reference.kind, reference.id)) continue;
      std::string message = "unknown " + reference.kind + " '" + reference.id + "'";
      std::string suggestion = internal::ClosestName(reference.id, IdsOf(reference.kind));
      if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
      reference.where.message = std::move(message);
      diagnostics_.Add(std::move(reference.where));
    }
  }

  // Reports each cycle of prerequisites once, at the service where the search closed it.
  void CheckPrerequisiteCycles() {
    enum class Mark { kNew, kOpen, kDone };
    std::vector<Mark> marks(catalog_.services.size(), Mark::kNew);
    std::vector<size_t> stack;
    std::function<void(size_t)> visit = [&](size_t index) {
      marks[index] = Mark::kOpen;
      stack.push_back(index);
      for (const std::string& next : catalog_.services[index].prerequisites) {
        auto it = catalog_.service_index.find(next);
        if (it == catalog_.service_index.end()) continue;
        if (marks[it->second] == Mark::kOpen) {
          std::string chain;
          auto from = std::find(stack.begin(), stack.end(), it->second);
          for (auto step = from; step != stack.end(); ++step) {
            chain += catalog_.services[*step].id + " → ";
          }
          chain += next;
          CatalogError error = prerequisites_at_[catalog_.services[index].id];
          error.message = "prerequisites form a cycle: " + chain;
          diagnostics_.Add(std::move(error));
        } else if (marks[it->second] == Mark::kNew) {
          visit(it->second);
        }
      }
      stack.pop_back();
      marks[index] = Mark::kDone;
    };
    for (size_t i = 0; i < catalog_.services.size(); ++i) {
      if (marks[i] == Mark::kNew) visit(i);
    }
  }

  // sha256 over every file's path (relative to the catalog) and contents, in path order.
  std::string ContentHash() const {
    std::vector<fs::path> files;
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(directory_, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (it->is_regular_file()) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    for (const fs::path& file : files) {
      std::string name = fs::relative(file, directory_).generic_string();
      crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(name.c_str()),
                                name.size() + 1);
      // Files the loader read are not read again; others (a README) are read here.
      std::string content = TextOf(file.string());
      if (!texts_.contains(file.lexically_normal().string())) {
        content = internal::ReadTextFile(file.string(), diagnostics_).value_or("");
      }
      // The length first, so that no two sets of files hash alike by moving bytes between them.
      std::string length = std::to_string(content.size()) + ":";
      crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(length.data()),
                                length.size());
      crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(content.data()),
                                content.size());
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state, digest);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char byte : digest) {
      hex += kHex[byte >> 4];
      hex += kHex[byte & 15];
    }
    return hex;
  }

  std::string directory_;
  Diagnostics& diagnostics_;
  Catalog& catalog_;
  std::map<std::string, std::string> texts_;  // by normalised path
  std::optional<internal::ParsedFiles> parsed_;
  std::vector<Reference> references_;
  std::map<std::string, Origin> agency_ids_;
  std::map<std::string, Origin> service_ids_;
  std::map<std::string, CatalogError> prerequisites_at_;  // by service id
};

}  // namespace

Catalog LoadCatalog(const std::string& directory, Diagnostics& diagnostics) {
  Catalog catalog;
  Loader(directory, diagnostics, catalog).Run();
  return catalog;
}

}  // namespace okno::catalog
