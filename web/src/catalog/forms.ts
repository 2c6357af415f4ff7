// What forms ask from the catalog: its regions and its fact schema (type, closed values,
// question), in the current language.
import type { TFunction } from "i18next";

import { api } from "../api/client";
import i18n from "../i18n";
import { fieldOf, type FactSchema } from "../plan/plan";
import { perLanguage } from "./perLanguage";

export interface Region {
  code: string;
  name: string;
}

const useFormData = perLanguage((lang) =>
  Promise.all([
    api<{ regions: Region[] }>("GET", "/api/v1/catalog/regions", { query: { lang } }),
    api<{ records: FactSchema }>("GET", "/api/v1/catalog/facts", { query: { lang } }),
  ]).then(([regions, facts]) => ({ regions: regions.regions, schema: facts.records })),
);

// Until they come (or if they never do), a form has no regions to offer and asks nothing.
export function useFormCatalog(): { regions: Region[]; schema: FactSchema | null } {
  const data = useFormData();
  return { regions: data?.regions ?? [], schema: data?.schema ?? null };
}

// Facts in words: "Смирнова Анна: доход в месяц" and "нет жилья" rather than
// members.anna.monthly_income and homeless. `memberName` names a member by her id.
export function factWords(schema: FactSchema | null, t: TFunction, memberName: (id: string) => string) {
  const fieldAt = (path: string) => (schema ? fieldOf(schema, path) : undefined);
  return {
    name(path: string): string {
      const parts = path.split(".");
      const label = fieldAt(path)?.label ?? parts[parts.length - 1];
      return parts[0] === "household"
        ? `${t("facts.household")}: ${label}`
        : `${memberName(parts[1])}: ${label}`;
    },
    value(path: string, value: unknown): string {
      const field = fieldAt(path);
      const one = (item: unknown) =>
        typeof item === "boolean"
          ? t(item ? "common.yes" : "common.no")
          : typeof item === "string"
            ? (field?.value_labels?.[item] ?? item)
            : typeof item === "number"
              ? item.toLocaleString(i18n.language)
              : String(item);
      if (Array.isArray(value)) return value.length ? value.map(one).join(", ") : t("facts.none");
      return field?.unit === "rub" ? `${one(value)} ₽` : one(value);
    },
  };
}
