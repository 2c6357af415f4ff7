// What forms ask from the catalog: its regions and its fact schema (type, closed values,
// question), in the current language.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { api } from "../api/client";
import i18n from "../i18n";
import type { TFunction } from "i18next";

import { fieldOf, type FactSchema } from "../plan/plan";

export interface Region {
  code: string;
  name: string;
}

export function useFormCatalog(): { regions: Region[]; schema: FactSchema | null } {
  const { i18n } = useTranslation();
  const [regions, setRegions] = useState<Region[]>([]);
  const [schema, setSchema] = useState<FactSchema | null>(null);
  useEffect(() => {
    // Only the current language's answers count (a switch may overtake an earlier load); a form
    // without them asks nothing rather than failing.
    let current = true;
    const query = { lang: i18n.language };
    api<{ regions: Region[] }>("GET", "/api/v1/catalog/regions", { query })
      .then((found) => current && setRegions(found.regions))
      .catch(() => undefined);
    api<{ records: FactSchema }>("GET", "/api/v1/catalog/facts", { query })
      .then((found) => current && setSchema(found.records))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [i18n.language]);
  return { regions, schema };
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
