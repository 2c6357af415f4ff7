#pragma once

// What the commands share: where the catalog, the data and the keys are by default (the
// environment first), loading the catalog with every error reported, and the keys of a data
// folder.

#include <optional>
#include <ostream>
#include <string>

#include "auth/keys.h"
#include "catalog/catalog.h"
#include "common/status.h"

namespace okno::cli {

// The environment variable `name` when set and not empty, else `fallback`.
std::string EnvironmentOr(const char* name, const char* fallback);

// $OKNO_CATALOG, or catalog/ru.
std::string DefaultCatalogDirectory();

// $OKNO_DATA, or data: the folder of the server's data file (cases, users, audit log).
std::string DefaultDataDirectory();

// The keys of the data file at `data_file`: a demo's (its file says it is one) are the demo's
// published ones; any other's are in `keys_folder` (made there with `create`, the first time).
// InvalidArgument when the key folder lies inside the data folder: the keys must not travel
// with the data.
Result<auth::Keys> KeysFor(const std::string& data_folder, const std::string& keys_folder,
                           bool create);

// The catalog in `directory`; nullopt after printing each error to `err` and a line saying
// what `command` did not do because of them.
std::optional<catalog::Catalog> LoadCatalogOrReport(const std::string& directory,
                                                    const std::string& command, std::ostream& err);

}  // namespace okno::cli
