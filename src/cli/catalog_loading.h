#pragma once

// What the commands share: where the catalog and the data are by default (the environment
// first), and loading the catalog with every error reported.

#include <optional>
#include <ostream>
#include <string>

#include "catalog/catalog.h"

namespace okno::cli {

// The environment variable `name` when set and not empty, else `fallback`.
std::string EnvironmentOr(const char* name, const char* fallback);

// $OKNO_CATALOG, or catalog/ru.
std::string DefaultCatalogDirectory();

// $OKNO_DATA, or data: the folder of the server's data file (cases, users, audit log).
std::string DefaultDataDirectory();

// The catalog in `directory`; nullopt after printing each error to `err` and a line saying
// what `command` did not do because of them.
std::optional<catalog::Catalog> LoadCatalogOrReport(const std::string& directory,
                                                    const std::string& command, std::ostream& err);

}  // namespace okno::cli
