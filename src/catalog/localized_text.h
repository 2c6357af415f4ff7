#pragma once

#include <string>

namespace okno::catalog {

// Text in the catalog's two languages.
struct LocalizedText {
  std::string ru;
  std::string en;

  const std::string& In(std::string_view language) const { return language == "en" ? en : ru; }
};

}  // namespace okno::catalog
