// The Russian and English message files have the same keys, and no message is empty.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const load = (language) =>
  JSON.parse(readFileSync(new URL(`../src/locales/${language}.json`, import.meta.url), "utf8"));

function keys(messages, prefix = "") {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === "object" ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

test("ru and en have the same keys", () => {
  assert.deepEqual(keys(load("en")).sort(), keys(load("ru")).sort());
});

test("no message is empty", () => {
  for (const language of ["ru", "en"]) {
    const messages = load(language);
    for (const key of keys(messages)) {
      const value = key.split(".").reduce((node, part) => node[part], messages);
      assert.ok(typeof value === "string" && value.trim() !== "", `${language}: ${key}`);
    }
  }
});

test("the header is «Окно» in Russian and Okno in English", () => {
  assert.equal(load("ru").app.title, "Окно");
  assert.equal(load("en").app.title, "Okno");
});
