#pragma once

// Open Referral HSDS 3 (../shared/hsds): the catalog's agencies as organizations and its
// services as services, so that it interoperates with existing service directories.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "common/status.h"

namespace okno::catalog {

// An HSDS export: arrays of organization and service objects as the schemas describe them.
struct HsdsExport {
  nlohmann::json organizations = nlohmann::json::array();
  nlohmann::json services = nlohmann::json::array();
};

// A UUID (version 5) derived from `name`: the same name gives the same id in every export.
std::string StableUuid(std::string_view name);

// Organizations with their programs (one per legal basis) and identifiers; services with
// their required documents (those the citizen brings: the rest Okno fetches), service area,
// application process, wait time, eligibility rendered from the rule in force last, and
// minimum/maximum age where the rule bounds person.age. Ids are StableUuid of our ids, or the
// HSDS ids a service was imported with.
HsdsExport ExportHsds(const Catalog& catalog);
// Writes organizations.json and services.json into `directory` (created if missing).
Status WriteHsds(const HsdsExport& hsds, const std::string& directory);

struct HsdsImportReport {
  int organizations = 0;
  int services = 0;
  std::vector<std::string> warnings;  // dangling foreign keys, fields left out
};

// Reads an HSDS directory, either JSON as ExportHsds writes it (organizations.json,
// services.json) or the tabular form (organizations.csv, services.csv, ... with
// datapackage.json), and writes a catalog skeleton into `output`: one agency file per
// organization marked `imported: true`, services without computable rules, the documents they
// require, and the shared files a catalog needs, ready for a methodologist to complete.
Result<HsdsImportReport> ImportHsds(const std::string& input, const std::string& output,
                                    const std::string& country);

}  // namespace okno::catalog
