// Titles of the catalog's needs, agencies, documents and services in the current language, so
// views show words rather than ids.
import { api } from "../api/client";
import { perLanguage } from "./perLanguage";

export interface Titles {
  need(id: string): string;
  agency(id: string): string;
  document(id: string): string;
  service(id: string): string;
}

type TitleMaps = Record<"needs" | "agencies" | "documents" | "services", Map<string, string>>;

const useTitleMaps = perLanguage<TitleMaps>((lang) => {
  const query = { lang };
  type Titled = { id: string; title: string };
  const byId = (list: Titled[]) => new Map(list.map((one) => [one.id, one.title]));
  return Promise.all([
    api<{ needs: Titled[] }>("GET", "/api/v1/catalog/needs", { query }),
    api<{ agencies: Titled[] }>("GET", "/api/v1/catalog/agencies", { query }),
    api<{ documents: Titled[] }>("GET", "/api/v1/catalog/documents", { query }),
    api<{ services: Titled[] }>("GET", "/api/v1/catalog/services", {
      query: { ...query, limit: "500" },
    }),
  ]).then(([needs, agencies, documents, services]) => ({
    needs: byId(needs.needs),
    agencies: byId(agencies.agencies),
    documents: byId(documents.documents),
    services: byId(services.services),
  }));
});

export function useTitles(): Titles {
  const maps = useTitleMaps();
  // Until the titles come (or if they never do), the id stands in.
  const title = (kind: keyof TitleMaps) => (id: string) => maps?.[kind].get(id) ?? id;
  return {
    need: title("needs"),
    agency: title("agencies"),
    document: title("documents"),
    service: title("services"),
  };
}
