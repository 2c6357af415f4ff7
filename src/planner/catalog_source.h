#pragma once

// The catalog a server works with, and what is built from it once (the planner, the search).
// A new catalog (SIGHUP) replaces it atomically: each request takes the one in force when it
// starts and keeps it to the end, so no request sees half of each.

#include <memory>
#include <mutex>

#include "catalog/catalog.h"
#include "planner/catalog_search.h"
#include "planner/plan.h"

namespace okno::planner {

class LoadedCatalog {
 public:
  explicit LoadedCatalog(std::shared_ptr<const catalog::Catalog> catalog)
      : catalog_(std::move(catalog)), planner_(*catalog_), search_(*catalog_) {}
  LoadedCatalog(const LoadedCatalog&) = delete;
  LoadedCatalog& operator=(const LoadedCatalog&) = delete;

  const catalog::Catalog& catalog() const { return *catalog_; }
  const Planner& planner() const { return planner_; }
  const CatalogSearch& search() const { return search_; }

 private:
  std::shared_ptr<const catalog::Catalog> catalog_;
  Planner planner_;
  CatalogSearch search_;
};

class CatalogSource {
 public:
  explicit CatalogSource(std::shared_ptr<const LoadedCatalog> first) : current_(std::move(first)) {}
  // A source of a catalog that outlives it (tests, one-shot commands).
  static std::shared_ptr<const LoadedCatalog> Borrow(const catalog::Catalog& catalog) {
    return std::make_shared<const LoadedCatalog>(
        std::shared_ptr<const catalog::Catalog>(&catalog, [](const catalog::Catalog*) {}));
  }

  std::shared_ptr<const LoadedCatalog> Current() const {
    std::lock_guard lock(mutex_);
    return current_;
  }
  void Replace(std::shared_ptr<const LoadedCatalog> next) {
    std::lock_guard lock(mutex_);
    current_ = std::move(next);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const LoadedCatalog> current_;
};

}  // namespace okno::planner
