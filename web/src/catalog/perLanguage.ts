// What the catalog gives in one language, loaded once per language and shared by every view
// that asks for it; a view follows the language switch. A failed load is not remembered: the
// next view tries again.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

export function perLanguage<T>(load: (lang: string) => Promise<T>): () => T | null {
  const loaded = new Map<string, Promise<T>>();
  const get = (lang: string) => {
    let value = loaded.get(lang);
    if (!value) {
      value = load(lang);
      value.catch(() => loaded.delete(lang));
      loaded.set(lang, value);
    }
    return value;
  };
  return function useLoaded(): T | null {
    const { i18n } = useTranslation();
    const [value, setValue] = useState<T | null>(null);
    useEffect(() => {
      // Only the current language's answer counts: a switch may overtake an earlier load.
      let current = true;
      get(i18n.language)
        .then((found) => current && setValue(found))
        .catch(() => undefined);
      return () => {
        current = false;
      };
    }, [i18n.language]);
    return value;
  };
}
