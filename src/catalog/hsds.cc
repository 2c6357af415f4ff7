#include "catalog/hsds.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <boost/uuid/name_generator_sha1.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "cel/parser.h"

namespace okno::catalog {

namespace fs = std::filesystem;
using nlohmann::json;

std::string StableUuid(std::string_view name) {
  // Our own namespace, itself derived from the URL namespace, so no other producer's v5 ids
  // collide with ours.
  static const boost::uuids::uuid kNamespace =
      boost::uuids::name_generator_sha1(boost::uuids::ns::url())("urn:okno:catalog");
  boost::uuids::name_generator_sha1 generate(kNamespace);
  return boost::uuids::to_string(generate(name.data(), name.size()));
}

namespace {

// How channels and processing times read in an export, and back.
const std::vector<std::pair<std::string, std::string>>& ChannelNames() {
  static const std::vector<std::pair<std::string, std::string>> names = {
      {"mfc", "МФЦ"},
      {"online", "онлайн (Госуслуги)"},
      {"office", "в ведомстве"},
      {"home_visit", "на дому"},
      {"phone", "по телефону"}};
  return names;
}
constexpr const char* kChannelsLead = "Способы обращения: ";
constexpr const char* kWorkingDays = "рабочие дни";
constexpr const char* kCalendarDays = "календарные дни";

std::string ApplicationProcess(const Service& service) {
  std::string text;
  for (const std::string& channel : service.channels) {
    for (const auto& [id, name] : ChannelNames()) {
      if (id == channel) text += (text.empty() ? "" : "; ") + name;
    }
  }
  return text.empty() ? "" : kChannelsLead + text;
}

std::vector<std::string> ChannelsFrom(const std::string& text) {
  std::vector<std::string> channels;
  if (!text.starts_with(kChannelsLead)) return channels;
  std::string rest = text.substr(std::string(kChannelsLead).size());
  // In the order the text names them.
  std::vector<std::pair<size_t, std::string>> found;
  for (const auto& [id, name] : ChannelNames()) {
    size_t at = rest.find(name);
    if (at != std::string::npos) found.emplace_back(at, id);
  }
  std::sort(found.begin(), found.end());
  for (auto& [at, id] : found) channels.push_back(id);
  return channels;
}

std::string WaitTime(const Service& service) {
  if (!service.processing_days) return "";
  return "Срок: " + std::to_string(*service.processing_days) + " (" +
         (service.processing_unit == "calendar" ? kCalendarDays : kWorkingDays) + ")";
}

std::string OrganizationDescription(const Agency& agency) {
  if (!agency.description.empty()) return agency.description;
  static const std::map<std::string, std::string> levels = {{"federal", "Федеральный орган"},
                                                            {"regional", "Региональный орган"},
                                                            {"municipal", "Муниципальный орган"},
                                                            {"ngo", "Некоммерческая организация"}};
  static const std::map<std::string, std::string> models = {
      {"shared_back_office", "общий бэк-офис"},
      {"shared_front_office", "общий фронт-офис"},
      {"network_partnership", "сетевое партнёрство"},
      {"organisational_integration", "организационная интеграция"}};
  std::string text = levels.contains(agency.level) ? levels.at(agency.level) : "Организация";
  if (models.contains(agency.integration)) {
    text += "; работа с МФЦ: " + models.at(agency.integration);
  }
  return text;
}

std::string CollapseSpaces(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The rule version most recently in force: what a directory's reader should see.
const RuleVersion* LatestRule(const Service& service) {
  const RuleVersion* latest = nullptr;
  for (const RuleVersion& version : service.rules) {
    if (latest == nullptr ||
        latest->valid_from.value_or(Date{1, 1, 1}) < version.valid_from.value_or(Date{1, 1, 1})) {
      latest = &version;
    }
  }
  return latest;
}

std::string EligibilityDescription(const Service& service) {
  if (!service.computable()) return service.eligibility_text;
  const RuleVersion* rule = LatestRule(service);
  std::string text;
  if (!service.applies_to.empty()) text += "Для кого: " + CollapseSpaces(service.applies_to) + ". ";
  text += "Условия (правило CEL): " + CollapseSpaces(rule->expression) + ".";
  if (rule->approximate) text += " Правило приблизительное: уточняйте в ведомстве.";
  return text;
}

// Bounds on person.age that every eligible person meets: comparisons with an integer in the
// top-level && chain of `expression`.
void AgeBounds(const std::string& expression, std::optional<int>& minimum,
               std::optional<int>& maximum) {
  cel::Source source(expression);
  cel::ParseResult parsed = cel::Parse(source);
  if (!parsed.root) return;
  std::vector<const cel::Expr*> stack = {parsed.root.get()};
  while (!stack.empty()) {
    const cel::Expr* expr = stack.back();
    stack.pop_back();
    if (expr->kind != cel::ExprKind::kCall) continue;
    if (expr->name == cel::op::kAnd) {
      for (const auto& arg : expr->args) stack.push_back(arg.get());
      continue;
    }
    if (expr->args.size() != 2) continue;
    const cel::Expr& left = *expr->args[0];
    const cel::Expr& right = *expr->args[1];
    bool is_age = left.kind == cel::ExprKind::kSelect && left.name == "age" &&
                  left.args[0]->kind == cel::ExprKind::kIdent && left.args[0]->name == "person";
    if (!is_age || right.kind != cel::ExprKind::kConstant || !right.constant.is(cel::Kind::kInt)) {
      continue;
    }
    int value = static_cast<int>(right.constant.int_value());
    auto raise = [&](int bound) { minimum = std::max(minimum.value_or(bound), bound); };
    auto lower = [&](int bound) { maximum = std::min(maximum.value_or(bound), bound); };
    if (expr->name == cel::op::kGreaterEqual) raise(value);
    if (expr->name == cel::op::kGreater) raise(value + 1);
    if (expr->name == cel::op::kLess) lower(value - 1);
    if (expr->name == cel::op::kLessEqual) lower(value);
  }
}

std::string OrganizationUuid(const Agency& agency, const std::string& country) {
  return agency.hsds_id.empty() ? StableUuid(country + "/agency/" + agency.id) : agency.hsds_id;
}

std::string ServiceUuid(const Service& service, const std::string& country) {
  return service.hsds_id.empty() ? StableUuid(country + "/service/" + service.id) : service.hsds_id;
}

std::string ProgramUuid(const std::string& organization, const std::string& citation) {
  return StableUuid(organization + "/program/" + citation);
}

constexpr const char* kProgramLead = "Услуги на основании: ";

}  // namespace

HsdsExport ExportHsds(const Catalog& catalog) {
  HsdsExport hsds;
  std::map<std::string, std::set<std::string>> citations;  // by agency
  for (const Service& service : catalog.services) {
    if (!service.legal_basis.citation.empty()) {
      citations[service.agency].insert(service.legal_basis.citation);
    }
  }
  for (const auto& [id, agency] : catalog.agencies) {
    std::string uuid = OrganizationUuid(agency, catalog.country);
    json organization = {{"id", uuid},
                         {"name", agency.title.ru},
                         {"alternate_name", agency.title.en},
                         {"description", OrganizationDescription(agency)}};
    if (!agency.website.empty()) organization["website"] = agency.website;
    json programs = json::array();
    for (const std::string& citation : citations[id]) {
      programs.push_back({{"id", ProgramUuid(uuid, citation)},
                          {"organization_id", uuid},
                          {"name", citation},
                          {"description", kProgramLead + citation}});
    }
    organization["programs"] = std::move(programs);
    organization["organization_identifiers"] =
        json::array({{{"id", StableUuid(uuid + "/identifier")},
                      {"organization_id", uuid},
                      {"identifier_scheme", "okno"},
                      {"identifier_type", "agency_id"},
                      {"identifier", id}}});
    hsds.organizations.push_back(std::move(organization));
  }

  std::vector<const Service*> services;
  for (const Service& service : catalog.services) services.push_back(&service);
  // By HSDS id, which an import keeps, so that export → import → export gives the same file.
  std::sort(services.begin(), services.end(), [&](const Service* a, const Service* b) {
    return ServiceUuid(*a, catalog.country) < ServiceUuid(*b, catalog.country);
  });
  for (const Service* service : services) {
    auto agency = catalog.agencies.find(service->agency);
    if (agency == catalog.agencies.end()) continue;
    std::string organization_uuid = OrganizationUuid(agency->second, catalog.country);
    std::string uuid = ServiceUuid(*service, catalog.country);
    json out = {{"id", uuid},
                {"organization_id", organization_uuid},
                {"name", service->title.ru},
                {"alternate_name", service->title.en},
                {"description", service->description.ru},
                {"status", "active"}};
    if (!service->legal_basis.citation.empty()) {
      out["program_id"] = ProgramUuid(organization_uuid, service->legal_basis.citation);
    }
    if (!agency->second.website.empty()) out["url"] = agency->second.website;
    if (std::string process = ApplicationProcess(*service); !process.empty()) {
      out["application_process"] = process;
    }
    if (std::string wait = WaitTime(*service); !wait.empty()) out["wait_time"] = wait;
    out["eligibility_description"] = EligibilityDescription(*service);
    std::optional<int> minimum = service->minimum_age;
    std::optional<int> maximum = service->maximum_age;
    if (service->computable()) {
      AgeBounds(service->applies_to, minimum, maximum);
      AgeBounds(LatestRule(*service)->expression, minimum, maximum);
    }
    if (minimum) out["minimum_age"] = *minimum;
    if (maximum) out["maximum_age"] = *maximum;
    json documents = json::array();
    std::set<std::string> seen;
    for (const DocumentRequirement& requirement : service->documents) {
      auto document = catalog.documents.find(requirement.document);
      // The citizen brings only what no agency can give by interagency request (210-FZ).
      if (requirement.source != "citizen" || document == catalog.documents.end()) continue;
      const std::string& text = document->second.title.ru;
      if (!seen.insert(text).second) continue;
      documents.push_back({{"id", StableUuid(uuid + "/document/" + text)},
                           {"service_id", uuid},
                           {"document", text}});
    }
    out["required_documents"] = std::move(documents);
    // A regional agency's service covers its regions, named with the ISO code as the
    // description; any other covers the whole catalog's country.
    json areas = json::array();
    for (const std::string& code : agency->second.regions) {
      auto region = catalog.regions.find(code);
      json area = {{"id", StableUuid(uuid + "/area/" + code)},
                   {"service_id", uuid},
                   {"name", region != catalog.regions.end() ? region->second.name.ru : code},
                   {"description", code}};
      areas.push_back(std::move(area));
    }
    if (areas.empty()) {
      json area = {{"id", StableUuid(uuid + "/area")},
                   {"service_id", uuid},
                   {"name", "Все регионы каталога (" + catalog.country + ")"}};
      areas.push_back(std::move(area));
    }
    out["service_areas"] = std::move(areas);
    hsds.services.push_back(std::move(out));
  }
  std::sort(hsds.organizations.begin(), hsds.organizations.end(),
            [](const json& a, const json& b) { return a["id"] < b["id"]; });
  return hsds;
}

Status WriteHsds(const HsdsExport& hsds, const std::string& directory) {
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) return InvalidArgumentError("cannot create " + directory + ": " + error.message());
  for (const auto& [name, data] : {std::pair{"organizations.json", &hsds.organizations},
                                   std::pair{"services.json", &hsds.services}}) {
    std::string path = (fs::path(directory) / name).string();
    std::ofstream out(path);
    out << data->dump(2) << "\n";
    if (!out) return InvalidArgumentError("cannot write " + path);
  }
  return Status::Ok();
}

namespace {

// RFC 4180: fields separated by commas, quoted with "" when they hold commas, quotes or line
// breaks. Small enough to keep here rather than take a library for one import format.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool row_started = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    row_started = true;
    if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      row_started = false;
    } else {
      field += c;
    }
  }
  if (row_started) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A table of the tabular form as JSON objects, one per row; a number column stays text.
std::vector<json> ReadTable(const fs::path& path) {
  std::vector<json> objects;
  std::optional<std::string> text = ReadFile(path);
  if (!text) return objects;
  std::vector<std::vector<std::string>> rows = ParseCsv(*text);
  if (rows.empty()) return objects;
  for (size_t r = 1; r < rows.size(); ++r) {
    json object = json::object();
    for (size_t c = 0; c < rows[0].size() && c < rows[r].size(); ++c) {
      if (!rows[r][c].empty()) object[rows[0][c]] = rows[r][c];
    }
    objects.push_back(std::move(object));
  }
  return objects;
}

std::string Text(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<int> Age(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (it->is_number()) return static_cast<int>(it->get<double>());
  if (it->is_string()) {
    try {
      return static_cast<int>(std::stod(it->get<std::string>()));
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// An id of ours from an HSDS uuid: a prefix and its first eight hex digits.
std::string ShortId(const std::string& prefix, const std::string& uuid) {
  std::string hex;
  for (char c : uuid) {
    if (std::isxdigit(static_cast<unsigned char>(c))) hex += static_cast<char>(std::tolower(c));
    if (hex.size() == 8) break;
  }
  return prefix + hex;
}

// Checks the foreign keys datapackage.json declares, and parent_organization_id (a key the
// datapackage does not declare), over every table of the tabular form.
void CheckForeignKeys(const fs::path& folder, std::vector<std::string>& warnings) {
  std::optional<std::string> text = ReadFile(folder / "datapackage.json");
  if (!text) return;
  json package = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!package.is_object() || !package.contains("resources")) return;
  std::map<std::string, std::string> paths;
  std::map<std::string, std::vector<json>> tables;
  for (const json& resource : package["resources"]) {
    std::string name = Text(resource, "name");
    paths[name] = Text(resource, "path");
    tables[name] = ReadTable(folder / paths[name]);
  }
  auto check = [&](const std::string& table, const std::string& field, const std::string& target,
                   const std::string& target_field) {
    std::set<std::string> keys;
    for (const json& row : tables[target]) keys.insert(Text(row, target_field.c_str()));
    for (size_t i = 0; i < tables[table].size(); ++i) {
      std::string value = Text(tables[table][i], field.c_str());
      if (value.empty() || keys.contains(value)) continue;
      warnings.push_back(paths[table] + ":" + std::to_string(i + 2) + ": " + field + " '" + value +
                         "' is not an id in " + paths[target] + " (dangling foreign key)");
    }
  };
  for (const json& resource : package["resources"]) {
    std::string name = Text(resource, "name");
    if (!resource.contains("schema") || !resource["schema"].contains("foreignKeys")) continue;
    for (const json& key : resource["schema"]["foreignKeys"]) {
      if (!key["fields"].is_string()) continue;
      std::string target = Text(key["reference"], "resource");
      check(name, key["fields"].get<std::string>(), target.empty() ? name : target,
            Text(key["reference"], "fields"));
    }
  }
  check("organization", "parent_organization_id", "organization", "id");
}

struct ImportedOrganization {
  std::string hsds_id;
  std::string agency_id;
  std::string name, alternate_name, description, website;
  std::map<std::string, std::string> programs;  // id → name
};

struct ImportedService {
  json hsds;
  std::vector<std::string> documents;  // texts
};

void EmitText(YAML::Emitter& out, const std::string& key, const std::string& ru,
              const std::string& en) {
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "ru"
      << YAML::Value << YAML::DoubleQuoted << ru << YAML::Key << "en" << YAML::Value
      << YAML::DoubleQuoted << (en.empty() ? ru : en) << YAML::EndMap;
}

Status WriteText(const fs::path& path, const std::string& text) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  std::ofstream out(path);
  out << text;
  if (!out) return InvalidArgumentError("cannot write " + path.string());
  return Status::Ok();
}

}  // namespace

Result<HsdsImportReport> ImportHsds(const std::string& input, const std::string& output,
                                    const std::string& country) {
  fs::path folder(input);
  HsdsImportReport report;
  std::vector<json> organizations_in, services_in, programs_in, documents_in;
  bool tabular = false;
  if (fs::exists(folder / "organizations.json") && fs::exists(folder / "services.json")) {
    for (auto [name, into] : {std::pair{"organizations.json", &organizations_in},
                              std::pair{"services.json", &services_in}}) {
      std::optional<std::string> text = ReadFile(folder / name);
      json data = json::parse(text.value_or(""), nullptr, /*allow_exceptions=*/false);
      if (!data.is_array()) {
        return InvalidArgumentError((folder / name).string() + ": expected a JSON array");
      }
      into->assign(data.begin(), data.end());
    }
  } else if (fs::exists(folder / "organizations.csv") && fs::exists(folder / "services.csv")) {
    tabular = true;
    organizations_in = ReadTable(folder / "organizations.csv");
    services_in = ReadTable(folder / "services.csv");
    programs_in = ReadTable(folder / "programs.csv");
    documents_in = ReadTable(folder / "required_documents.csv");
    CheckForeignKeys(folder, report.warnings);
  } else {
    return NotFoundError(input +
                         ": no HSDS data (organizations.json and services.json, or "
                         "organizations.csv and services.csv)");
  }

  std::map<std::string, ImportedOrganization> organizations;  // by hsds id
  std::set<std::string> agency_ids;
  for (const json& in : organizations_in) {
    ImportedOrganization organization;
    organization.hsds_id = Text(in, "id");
    organization.name = Text(in, "name");
    organization.alternate_name = Text(in, "alternate_name");
    organization.description = Text(in, "description");
    organization.website = Text(in, "website");
    if (in.contains("organization_identifiers")) {
      for (const json& identifier : in["organization_identifiers"]) {
        if (Text(identifier, "identifier_scheme") == "okno" &&
            Text(identifier, "identifier_type") == "agency_id") {
          organization.agency_id = Text(identifier, "identifier");
        }
      }
    }
    if (organization.agency_id.empty())
      organization.agency_id = ShortId("org_", organization.hsds_id);
    if (!agency_ids.insert(organization.agency_id).second) {
      report.warnings.push_back("organization " + organization.hsds_id +
                                ": agency id repeated, skipped");
      continue;
    }
    if (in.contains("programs")) {
      for (const json& program : in["programs"]) {
        organization.programs[Text(program, "id")] = Text(program, "name");
      }
    }
    organizations[organization.hsds_id] = std::move(organization);
  }
  for (const json& program : programs_in) {
    auto it = organizations.find(Text(program, "organization_id"));
    if (it != organizations.end()) it->second.programs[Text(program, "id")] = Text(program, "name");
  }

  std::map<std::string, std::vector<ImportedService>> services;  // by organization hsds id
  std::map<std::string, std::string> documents;                  // our id → text
  for (const json& in : services_in) {
    std::string organization = Text(in, "organization_id");
    if (!organizations.contains(organization)) {
      report.warnings.push_back("service " + Text(in, "id") + ": organization_id '" + organization +
                                "' is not an imported organization, skipped");
      continue;
    }
    ImportedService service{in, {}};
    std::vector<json> required;
    if (in.contains("required_documents")) {
      required.assign(in["required_documents"].begin(), in["required_documents"].end());
    }
    for (const json& document : documents_in) {
      if (Text(document, "service_id") == Text(in, "id")) required.push_back(document);
    }
    for (const json& document : required) {
      std::string text = Text(document, "document");
      if (text.empty()) continue;
      service.documents.push_back(text);
      documents[ShortId("doc_", StableUuid("document/" + text))] = text;
    }
    services[organization].push_back(std::move(service));
  }

  // The skeleton's shared files: what any catalog needs to load, to be completed.
  fs::path out(output);
  std::ostringstream top;
  top << "# Imported from HSDS (" << (tabular ? "tabular" : "JSON") << "): " << input << "\n"
      << "country: " << country << "\n"
      << "routing:\n"
      << "  - {complexity: low, tier: self_service, integration_model: shared_back_office}\n"
      << "  - {complexity: medium, tier: generalist, integration_model: shared_front_office}\n"
      << "  - {complexity: high, tier: specialist, integration_model: network_partnership}\n"
      << "  - {complexity: very_high, tier: multi_agency_team, integration_model: "
         "organisational_integration}\n";
  OKNO_TRY(WriteText(out / "catalog.yaml", top.str()));
  OKNO_TRY(WriteText(out / "facts.yaml",
                     "# The fact schema: add the facts rules will read.\n"
                     "records:\n  person: {fields: {}}\n  household: {fields: {}}\n"
                     "  region: {fields: {}}\n"
                     "variables: {household: household, person: person, applicant: person, "
                     "region: region, as_of: timestamp}\n"));
  std::string needs = "# The needs taxonomy (DESIGN.md §4.2): add titles and triggers.\nneeds:\n";
  for (const std::string& need : NeedsTaxonomy()) {
    needs += "  - {id: " + need + ", title: {ru: " + need + ", en: " + need + "}}\n";
  }
  OKNO_TRY(WriteText(out / "needs.yaml", needs));
  OKNO_TRY(WriteText(out / "regions.yaml", "federal:\n  name: {ru: \"" + country + "\", en: \"" +
                                               country + "\"}\nregions: []\n"));
  OKNO_TRY(WriteText(out / "life_situations.yaml", "life_situations: []\n"));
  {
    YAML::Emitter yaml;
    yaml << YAML::BeginMap << YAML::Key << "documents" << YAML::Value << YAML::BeginSeq;
    for (const auto& [id, text] : documents) {
      yaml << YAML::BeginMap << YAML::Key << "id" << YAML::Value << id;
      EmitText(yaml, "title", text, text);
      yaml << YAML::EndMap;
    }
    yaml << YAML::EndSeq << YAML::EndMap;
    OKNO_TRY(WriteText(out / "documents.yaml", std::string(yaml.c_str()) + "\n"));
  }

  static const std::regex kWait(R"(Срок: (\d+) \((рабочие|календарные) дни\))");
  for (const auto& [hsds_id, organization] : organizations) {
    YAML::Emitter yaml;
    yaml << YAML::BeginMap << YAML::Key << "imported" << YAML::Value << true;
    yaml << YAML::Key << "agency" << YAML::Value << YAML::BeginMap;
    yaml << YAML::Key << "id" << YAML::Value << organization.agency_id;
    EmitText(yaml, "title", organization.name, organization.alternate_name);
    if (!organization.website.empty()) {
      yaml << YAML::Key << "website" << YAML::Value << organization.website;
    }
    yaml << YAML::Key << "description" << YAML::Value << organization.description;
    yaml << YAML::Key << "hsds_id" << YAML::Value << organization.hsds_id << YAML::EndMap;
    yaml << YAML::Key << "services" << YAML::Value << YAML::BeginSeq;
    for (const ImportedService& service : services[hsds_id]) {
      const json& in = service.hsds;
      std::string id = organization.agency_id + "." + ShortId("s", Text(in, "id"));
      yaml << YAML::BeginMap << YAML::Key << "id" << YAML::Value << id;
      yaml << YAML::Key << "hsds_id" << YAML::Value << Text(in, "id");
      EmitText(yaml, "title", Text(in, "name"), Text(in, "alternate_name"));
      EmitText(yaml, "description", Text(in, "description"), "");
      auto program = organization.programs.find(Text(in, "program_id"));
      std::string citation = program != organization.programs.end() ? program->second : "";
      if (citation.empty()) {
        citation = "не указано в HSDS";
        report.warnings.push_back("service " + Text(in, "id") +
                                  ": no program, legal basis unknown");
      }
      yaml << YAML::Key << "legal_basis" << YAML::Value << YAML::BeginMap << YAML::Key << "citation"
           << YAML::Value << citation << YAML::Key << "status" << YAML::Value << "approximate"
           << YAML::Key << "source" << YAML::Value << "HSDS import" << YAML::EndMap;
      std::vector<std::string> channels = ChannelsFrom(Text(in, "application_process"));
      if (!channels.empty()) {
        yaml << YAML::Key << "channels" << YAML::Value << YAML::Flow << channels;
      }
      std::smatch wait;
      std::string wait_text = Text(in, "wait_time");
      if (std::regex_match(wait_text, wait, kWait)) {
        yaml << YAML::Key << "processing" << YAML::Value << YAML::Flow << YAML::BeginMap
             << YAML::Key << "days" << YAML::Value << std::stoi(wait[1].str()) << YAML::Key
             << "unit" << YAML::Value << (wait[2].str() == "календарные" ? "calendar" : "working")
             << YAML::EndMap;
      }
      if (!service.documents.empty()) {
        yaml << YAML::Key << "documents" << YAML::Value << YAML::BeginSeq;
        for (const std::string& text : service.documents) {
          yaml << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value
               << ShortId("doc_", StableUuid("document/" + text)) << YAML::Key << "source"
               << YAML::Value << "citizen" << YAML::EndMap;
        }
        yaml << YAML::EndSeq;
      }
      yaml << YAML::Key << "eligibility_text" << YAML::Value << Text(in, "eligibility_description");
      if (std::optional<int> age = Age(in, "minimum_age")) {
        yaml << YAML::Key << "minimum_age" << YAML::Value << *age;
      }
      if (std::optional<int> age = Age(in, "maximum_age")) {
        yaml << YAML::Key << "maximum_age" << YAML::Value << *age;
      }
      yaml << YAML::EndMap;
      ++report.services;
    }
    yaml << YAML::EndSeq << YAML::EndMap;
    OKNO_TRY(WriteText(out / "agencies" / (organization.agency_id + ".yaml"),
                       "# Imported from HSDS: add level, integration, needs, rules and tests.\n" +
                           std::string(yaml.c_str()) + "\n"));
    ++report.organizations;
  }
  return report;
}

}  // namespace okno::catalog
