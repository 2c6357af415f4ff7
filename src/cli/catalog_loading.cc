#include "cli/catalog_loading.h"

#include <cstdlib>

namespace okno::cli {

std::string EnvironmentOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

std::string DefaultCatalogDirectory() { return EnvironmentOr("OKNO_CATALOG", "catalog/ru"); }

std::string DefaultDataDirectory() { return EnvironmentOr("OKNO_DATA", "data"); }

std::optional<catalog::Catalog> LoadCatalogOrReport(const std::string& directory,
                                                    const std::string& command, std::ostream& err) {
  catalog::Diagnostics diagnostics;
  catalog::Catalog loaded = catalog::LoadCatalog(directory, diagnostics);
  if (diagnostics.ok()) return loaded;
  for (const catalog::CatalogError& error : diagnostics.errors()) err << error.ToString() << "\n";
  err << "okno " << command << ": в каталоге ошибки, смотрите okno check-catalog " << directory
      << "\n"
      << "okno " << command << ": the catalog has errors; see okno check-catalog " << directory
      << "\n";
  return std::nullopt;
}

}  // namespace okno::cli
