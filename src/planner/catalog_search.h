#pragma once

// Finding services by words, as a citizen or an operator types them: Russian or English, any
// word form ("пособия на детей" finds «Единое пособие на ребёнка»), by Snowball stems.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "words/stemmer.h"

namespace okno::planner {

class CatalogSearch {
 public:
  // Stems each service's title, description, needs and agency once. `catalog` must outlive it.
  explicit CatalogSearch(const catalog::Catalog& catalog);

  // The services every word of `query` points to (a word matches a stem it begins, so a word
  // being typed matches too), those matching in their title first, then in catalog order. An
  // empty query finds every service.
  std::vector<const catalog::Service*> Find(std::string_view query) const;

 private:
  struct Entry {
    const catalog::Service* service;
    std::vector<std::string> title_stems;  // sorted
    std::vector<std::string> other_stems;  // sorted
  };
  std::vector<std::string> Stems(std::string_view text) const;

  words::Stemmer stemmer_;
  std::vector<Entry> entries_;
};

}  // namespace okno::planner
