import i18n from "i18next";
import { initReactI18next } from "react-i18next";

import en from "./locales/en.json";
import ru from "./locales/ru.json";

// Russian first; the choice is remembered in this browser.
const stored = typeof localStorage !== "undefined" ? localStorage.getItem("okno.lang") : null;

void i18n.use(initReactI18next).init({
  resources: { ru: { translation: ru }, en: { translation: en } },
  lng: stored === "en" ? "en" : "ru",
  fallbackLng: "ru",
  interpolation: { escapeValue: false },
});

i18n.on("languageChanged", (language) => {
  localStorage.setItem("okno.lang", language);
  document.documentElement.lang = language;
});
document.documentElement.lang = i18n.language;

export default i18n;
