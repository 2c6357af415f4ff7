// End-to-end tests of the web app: playwright-core driving Debian's Chromium, headless, against
// `okno serve --demo` started here on a free port with a fresh data folder. Screenshots of each
// view go to web/test-output/. Run by ctest (web_e2e_test) after `make web`.
//   node tests/e2e/run.mjs OKNO_BINARY CATALOG_DIR
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test, after, before } from "node:test";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const web = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const [okno, catalog] = [process.env.OKNO_BINARY, process.env.OKNO_CATALOG];
const shots = join(web, "test-output");
mkdirSync(shots, { recursive: true });

let server;
let base;
let browser;
const data = mkdtempSync(join(tmpdir(), "okno-web-e2e-"));

before(async () => {
  assert.ok(okno && catalog, "OKNO_BINARY and OKNO_CATALOG must be set");
  server = spawn(
    okno,
    ["serve", "--demo", "--listen", "127.0.0.1:0", "--catalog", catalog, "--web", join(web, "dist"),
     "--data", data, "--threads", "2", "--log-level", "warn"],
    { cwd: join(web, ".."), stdio: ["ignore", "pipe", "inherit"] },
  );
  base = await new Promise((resolve, reject) => {
    let printed = "";
    server.stdout.on("data", (chunk) => {
      printed += chunk;
      const found = printed.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (found) resolve(`http://127.0.0.1:${found[1]}`);
    });
    server.on("exit", (code) => reject(new Error(`okno serve exited ${code}: ${printed}`)));
  });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
  });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const stopped = new Promise((resolve) => server.on("exit", resolve));
    server.kill("SIGTERM");
    await stopped;
  }
  rmSync(data, { recursive: true, force: true });
});

// axe-core injected into the page itself: no serious or critical violation.
async function checkAccessibility(page, view) {
  await page.addScriptTag({ content: readFileSync(require.resolve("axe-core/axe.min.js"), "utf8") });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.html} (${n.failureSummary})`).join("; ")}`),
    [],
    `${view}: accessibility violations`,
  );
}

async function newPage() {
  const context = await browser.newContext({ locale: "ru-RU" });
  return context.newPage();
}

test("the home page shows «Окно» and switches to English", async () => {
  const page = await newPage();
  await page.goto(base);
  await page.getByRole("link", { name: "Окно" }).waitFor();
  await checkAccessibility(page, "home");
  await page.screenshot({ path: join(shots, "home-ru.png"), fullPage: true });
  await page.getByRole("button", { name: "EN, English" }).click();
  await page.getByRole("link", { name: "Okno" }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  await page.screenshot({ path: join(shots, "home-en.png"), fullPage: true });
  await page.context().close();
});

test("a wrong password is refused", async () => {
  const page = await newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel("Логин").fill("operator");
  await page.getByLabel("Пароль").fill("not the password");
  await page.getByRole("button", { name: "Войти", exact: true }).click();
  await page.getByText("Неверный логин или пароль").waitFor();
  await checkAccessibility(page, "login");
  await page.screenshot({ path: join(shots, "login-refused.png"), fullPage: true });
  await page.context().close();
});

test("the catalog finds a service by another word form and shows its rule", async () => {
  const page = await newPage();
  await page.goto(`${base}/catalog`);
  await page.getByRole("searchbox", { name: "Поиск услуг" }).fill("материнского капитала");
  await page.getByText("Сертификат на материнский (семейный) капитал").first().click();
  await page.getByRole("dialog").getByText("Правовое основание").waitFor();
  await checkAccessibility(page, "catalog");
  await page.screenshot({ path: join(shots, "catalog.png"), fullPage: true });
  await page.context().close();
});

test("the citizen screener gives the homeless mother her entitlements and asks what decides more", async () => {
  const page = await newPage();
  await page.goto(`${base}/screener`);
  await page
    .getByLabel("Опишите свою ситуацию своими словами")
    .fill("Молодая мама с больным ребёнком, жить негде, денег нет");
  await page.getByLabel("Я: Дата рождения").fill("2004-03-10");
  await page.getByRole("button", { name: "Добавить ребёнка" }).click();
  await page.getByLabel("Ребёнок 1: Дата рождения").fill("2026-06-01");
  await page.getByRole("button", { name: "Показать, что положено" }).click();
  await page.getByRole("heading", { name: /^Положено \(\d+\)$/ }).waitFor();
  await page.getByRole("heading", { name: "Ответьте, чтобы уточнить" }).waitFor();
  await checkAccessibility(page, "screener");
  await page.screenshot({ path: join(shots, "screener.png") });  // the top: the long plan goes on
  await page.context().close();
});

test("an operator finds the homeless mother's case by СНИЛС and submits its complex request", async () => {
  const page = await newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel("Логин").fill("operator");
  await page.getByLabel("Пароль").fill("demo-operator-2026");
  await page.getByRole("button", { name: "Войти", exact: true }).click();
  await page.getByRole("heading", { name: "Рабочее место оператора" }).waitFor();
  await page.getByRole("textbox", { name: "Найти случай по ФИО или СНИЛС" }).fill("112-233-445 95");
  await page.getByRole("button", { name: "Найти" }).click();
  await page.getByText("Случай demo-homeless-mother").click();
  await page.getByRole("heading", { name: "Случай demo-homeless-mother" }).waitFor();
  await page.getByText("Смирнова Анна Сергеевна").waitFor();
  await checkAccessibility(page, "case view");
  await page.getByRole("button", { name: "Отправить комплексный запрос" }).click();
  await page.getByRole("table", { name: "Задачи ведомств" }).waitFor();
  const shown = await page.locator("tr[data-agency]").evaluateAll((rows) =>
    rows.map((row) => row.getAttribute("data-agency")),
  );
  assert.ok(shown.length >= 3, `tasks shown in ${shown.length} agencies`);
  // The same through the API, with the operator's session.
  const stored = await page.evaluate(async () => {
    const response = await fetch("/api/v1/cases/demo-homeless-mother", {
      headers: { Authorization: `Bearer ${sessionStorage.getItem("okno.token")}` },
    });
    return (await response.json()).tasks.map((task) => task.agency);
  });
  assert.deepEqual([...stored].sort(), [...shown].sort());
  for (const agency of ["sfr", "kcson"]) assert.ok(stored.includes(agency), agency);
  await checkAccessibility(page, "case view with tasks");
  await page.screenshot({ path: join(shots, "case-view.png"), fullPage: true });
  await page.context().close();
});

test("after the complex request, the fund's worker sees only her task and approves it", async () => {
  const page = await newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel("Логин").fill("sfr");
  await page.getByLabel("Пароль").fill("demo-sfr-2026");
  await page.getByRole("button", { name: "Войти", exact: true }).click();
  await page.getByRole("heading", { name: "Входящие задачи ведомства sfr" }).waitFor();
  await page.getByText("Случай demo-homeless-mother").click();
  await page.getByRole("heading", { name: "Сведения для решения" }).waitFor();
  // No other agency's task, and no phone: the server shows the worker what her task needs.
  assert.equal(await page.getByText("kcson").count(), 0);
  assert.equal(await page.getByText("+7 900").count(), 0);
  await checkAccessibility(page, "inbox");
  await page.screenshot({ path: join(shots, "inbox.png"), fullPage: true });
  await page.getByRole("button", { name: "Одобрить" }).click();
  await page.getByText("Решение принято").waitFor();
  const state = await page.evaluate(async () => {
    const response = await fetch("/api/v1/cases/demo-homeless-mother", {
      headers: { Authorization: `Bearer ${sessionStorage.getItem("okno.token")}` },
    });
    return (await response.json()).tasks;
  });
  assert.deepEqual(state.map((task) => [task.agency, task.state]), [["sfr", "approved"]]);
  await page.context().close();
});

test("the analyst's dashboard draws the KPIs of the demo's cases", async () => {
  const page = await newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel("Логин").fill("analyst");
  await page.getByLabel("Пароль").fill("demo-analyst-2026");
  await page.getByRole("button", { name: "Войти", exact: true }).click();
  await page.getByRole("heading", { name: "Показатели работы" }).waitFor();
  await page.getByRole("img", { name: /Открытые случаи по уровням/ }).waitFor();
  assert.ok((await page.locator("canvas").count()) >= 2, "two charts drawn");
  await checkAccessibility(page, "dashboard");
  await page.screenshot({ path: join(shots, "dashboard.png"), fullPage: true });
  await page.context().close();
});
