#include "cli/catalog_loading.h"

#include <cstdlib>

namespace okno::cli {

std::string DefaultCatalogDirectory() {
  const char* from_environment = std::getenv("OKNO_CATALOG");
  return from_environment != nullptr ? from_environment : "catalog/ru";
}

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
