#include "planner/catalog_search.h"

#include <algorithm>

#include "words/text.h"

namespace okno::planner {
namespace {

// Whether some stem of the sorted `stems` begins with `word`'s stem.
bool Matches(const std::vector<std::string>& stems, const std::string& stem) {
  auto it = std::lower_bound(stems.begin(), stems.end(), stem);
  return it != stems.end() && it->starts_with(stem);
}

void SortUnique(std::vector<std::string>& stems) {
  std::sort(stems.begin(), stems.end());
  stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
}

}  // namespace

CatalogSearch::CatalogSearch(const catalog::Catalog& catalog) {
  for (const catalog::Service& service : catalog.services) {
    Entry entry{&service, {}, {}};
    for (const std::string* text : {&service.title.ru, &service.title.en}) {
      std::vector<std::string> stems = Stems(*text);
      entry.title_stems.insert(entry.title_stems.end(), stems.begin(), stems.end());
    }
    std::vector<std::string> other = {service.description.ru, service.description.en,
                                      service.legal_basis.citation};
    for (const std::string& need : service.needs) {
      if (auto found = catalog.needs.find(need); found != catalog.needs.end()) {
        other.push_back(found->second.title.ru);
        other.push_back(found->second.title.en);
      }
    }
    if (auto agency = catalog.agencies.find(service.agency); agency != catalog.agencies.end()) {
      other.push_back(agency->second.title.ru);
      other.push_back(agency->second.title.en);
    }
    for (const std::string& text : other) {
      std::vector<std::string> stems = Stems(text);
      entry.other_stems.insert(entry.other_stems.end(), stems.begin(), stems.end());
    }
    SortUnique(entry.title_stems);
    SortUnique(entry.other_stems);
    entries_.push_back(std::move(entry));
  }
}

std::vector<std::string> CatalogSearch::Stems(std::string_view text) const {
  std::vector<std::string> stems;
  for (const std::vector<std::string>& clause : words::Clauses(text)) {
    for (const std::string& word : clause) {
      stems.push_back(stemmer_.Stem(word));
    }
  }
  return stems;
}

std::vector<const catalog::Service*> CatalogSearch::Find(std::string_view query) const {
  std::vector<std::string> words = Stems(query);
  std::vector<std::pair<int, const catalog::Service*>> found;  // (title matches, service)
  for (const Entry& entry : entries_) {
    int in_title = 0;
    bool all = true;
    for (const std::string& stem : words) {
      if (Matches(entry.title_stems, stem)) {
        ++in_title;
      } else if (!Matches(entry.other_stems, stem)) {
        all = false;
        break;
      }
    }
    if (all) found.emplace_back(in_title, entry.service);
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<const catalog::Service*> services;
  for (const auto& [score, service] : found) services.push_back(service);
  return services;
}

}  // namespace okno::planner
