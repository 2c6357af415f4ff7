#pragma once

// The endpoints that need no login (DESIGN.md §4.6): health, the stateless plan, and the web
// app's files (or a page saying how to build them).

#include <string>

#include "catalog/catalog.h"
#include "planner/catalog_source.h"
#include "server/endpoint.h"
#include "server/http.h"

namespace okno::server {

struct PublicApi {
  planner::CatalogSource& catalogs;
  // The built web app (web/dist); when it holds no index.html, / explains how to build it.
  std::string web_root;
};

// GET /healthz; POST /api/v1/plan[?lang=ru|en][&all=true] with a situation (DESIGN.md §4.1)
// as the body, answered with the plan of §4.4; the catalog to browse: GET
// /api/v1/catalog/services?q=&need=&agency=&region=&lang=&limit=&offset= (search by words with
// stemming), /api/v1/catalog/services/{id} (agency, documents, legal basis, each rule version
// with the facts it reads), /api/v1/catalog/needs, /api/v1/catalog/agencies,
// /api/v1/catalog/regions, /api/v1/catalog/facts (the fact schema: type, closed values, question,
// label, unit), /api/v1/catalog/documents (titles and issuers); GET /* for the web app. `api` must
// outlive the router.
void AddPublicRoutes(Endpoints& endpoints, const PublicApi& api);

}  // namespace okno::server
