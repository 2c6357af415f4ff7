#pragma once

// What every command that reads the catalog shares: where it is by default, and loading it
// with every error reported.

#include <optional>
#include <ostream>
#include <string>

#include "catalog/catalog.h"

namespace okno::cli {

// $OKNO_CATALOG, or catalog/ru.
std::string DefaultCatalogDirectory();

// The catalog in `directory`; nullopt after printing each error to `err` and a line saying
// what `command` did not do because of them.
std::optional<catalog::Catalog> LoadCatalogOrReport(const std::string& directory,
                                                    const std::string& command, std::ostream& err);

}  // namespace okno::cli
