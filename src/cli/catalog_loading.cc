#include "cli/catalog_loading.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "store/sqlite.h"

namespace okno::cli {

std::string EnvironmentOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

std::string DefaultCatalogDirectory() { return EnvironmentOr("OKNO_CATALOG", "catalog/ru"); }

std::string DefaultDataDirectory() { return EnvironmentOr("OKNO_DATA", "data"); }

Result<auth::Keys> KeysFor(const std::string& data_folder, const std::string& keys_folder,
                           bool create) {
  namespace fs = std::filesystem;
  std::string file = (fs::path(data_folder) / "okno.db").string();
  std::error_code error;
  if (fs::exists(file, error)) {
    std::string purpose = OKNO_TRY(store::sqlite::ReadFileSetting(file, "purpose"));
    if (purpose == "demo") return auth::DemoKeys();
  }
  fs::path data = fs::weakly_canonical(fs::absolute(data_folder), error);
  fs::path keys = fs::weakly_canonical(fs::absolute(keys_folder), error);
  auto [mismatch, rest] = std::mismatch(data.begin(), data.end(), keys.begin(), keys.end());
  if (mismatch == data.end()) {
    return InvalidArgumentError("the key folder " + keys_folder + " is inside the data folder " +
                                data_folder + "; keep the keys apart from the data (--keys)");
  }
  return auth::LoadKeys(keys_folder, create);
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
