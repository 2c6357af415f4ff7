// Titles of the catalog's needs, agencies, documents and services in the current language, so
// views show words rather than ids. Loaded once per language and shared by every view.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { api } from "../api/client";

export interface Titles {
  need(id: string): string;
  agency(id: string): string;
  document(id: string): string;
  service(id: string): string;
}

type TitleMaps = Record<"needs" | "agencies" | "documents" | "services", Map<string, string>>;

const loaded = new Map<string, Promise<TitleMaps>>();

function load(lang: string): Promise<TitleMaps> {
  let maps = loaded.get(lang);
  if (!maps) {
    const query = { lang };
    type Titled = { id: string; title: string };
    const byId = (list: Titled[]) => new Map(list.map((one) => [one.id, one.title]));
    maps = Promise.all([
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
    // A failed load is tried again by the next view rather than remembered.
    maps.catch(() => loaded.delete(lang));
    loaded.set(lang, maps);
  }
  return maps;
}

export function useTitles(): Titles {
  const { i18n } = useTranslation();
  const [maps, setMaps] = useState<TitleMaps | null>(null);
  useEffect(() => {
    let current = true;
    load(i18n.language)
      .then((found) => current && setMaps(found))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [i18n.language]);
  // Until the titles come (or if they never do), the id stands in.
  const title = (kind: keyof TitleMaps) => (id: string) => maps?.[kind].get(id) ?? id;
  return {
    need: title("needs"),
    agency: title("agencies"),
    document: title("documents"),
    service: title("services"),
  };
}
