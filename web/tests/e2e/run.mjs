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
    [
      "serve",
      "--demo",
      "--listen",
      "127.0.0.1:0",
      "--catalog",
      catalog,
      "--web",
      join(web, "dist"),
      "--data",
      data,
      "--threads",
      "2",
      "--log-level",
      "warn",
    ],
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
  // Evaluated through the DevTools protocol, not added as a <script>: the server's
  // Content-Security-Policy forbids inline scripts, and the app is tested under it.
  await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.html} (${n.failureSummary})`).join("; ")}`),
    [],
    `${view}: accessibility violations`,
  );
}

// What the server's Content-Security-Policy refused, on any page: the app must need nothing it
// forbids.
const refusedByPolicy = [];

async function newPage() {
  const context = await browser.newContext({ locale: "ru-RU" });
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) refusedByPolicy.push(message.text());
  });
  return page;
}

async function logIn(login, password) {
  const page = await newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel("Логин").fill(login);
  await page.getByLabel("Пароль").fill(password);
  await page.getByRole("button", { name: "Войти", exact: true }).click();
  return page;
}

// A GET of the API with the page's session, as the app makes it.
async function fetchJson(page, path) {
  return page.evaluate(async (url) => {
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${sessionStorage.getItem("okno.token")}` },
    });
    return response.json();
  }, path);
}

// Chooses `option` in the MUI select labelled `label`, within `scope`.
async function choose(scope, label, option) {
  await scope.getByRole("combobox", { name: label, exact: typeof label === "string" }).click();
  await scope.page().getByRole("option", { name: option, exact: true }).click();
}

test("the home page shows «Окно» and switches to English", async () => {
  const page = await newPage();
  await page.goto(base);
  await page.getByRole("link", { name: "Окно" }).waitFor();
  await checkAccessibility(page, "home");
  // The keyboard first meets the skip link, which takes it past the header to the content.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Перейти к содержанию");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
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

test("a visitor to the workstation logs in and lands on it; an ended session asks again", async () => {
  const page = await newPage();
  await page.goto(`${base}/workstation`);
  await page.getByRole("heading", { name: "Вход для сотрудников и граждан" }).waitFor();
  await page.getByLabel("Логин").fill("operator");
  await page.getByLabel("Пароль").fill("demo-operator-2026");
  await page.getByRole("button", { name: "Войти", exact: true }).click();
  await page.getByRole("heading", { name: "Рабочее место оператора" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/workstation");
  // The session ends on the server (as when it expires); the next request brings the login back.
  await page.evaluate(() =>
    fetch("/api/v1/sessions", {
      method: "DELETE",
      headers: { Authorization: `Bearer ${sessionStorage.getItem("okno.token")}` },
    }),
  );
  await page.getByRole("textbox", { name: "Найти случай по ФИО или СНИЛС" }).fill("Смирнова");
  await page.getByRole("button", { name: "Найти" }).click();
  await page.getByRole("heading", { name: "Вход для сотрудников и граждан" }).waitFor();
  await page.context().close();
});

test("the catalog finds a service by another word form and shows its rule", async () => {
  const page = await newPage();
  await page.goto(`${base}/catalog`);
  await page.getByRole("searchbox", { name: "Поиск услуг" }).fill("материнского капитала");
  await page.getByText("Сертификат на материнский (семейный) капитал").first().click();
  await page.getByRole("dialog").getByText("Правовое основание").waitFor();
  // The rule in words: the parent who applies is a citizen of Russia, among other conditions.
  await page
    .getByRole("dialog")
    .getByTestId("rule-words")
    .first()
    .getByText("роль в семье: заявитель или супруг(а) или партнёр")
    .first()
    .waitFor();
  await checkAccessibility(page, "catalog");
  await page.screenshot({ path: join(shots, "catalog.png"), fullPage: true });
  await page.context().close();
});

test("the citizen screener gives the homeless mother her entitlements and asks what decides more", async () => {
  const page = await newPage();
  await page.goto(`${base}/screener`);
  await page
    .getByLabel("Опишите свою ситуацию своими словами")
    .fill("Молодая мама с больным ребёнком, оказались на улице, денег нет");
  await page.getByLabel("Я: Дата рождения").fill("2004-03-10");
  await page.getByRole("button", { name: "Добавить ребёнка" }).click();
  await page.getByLabel("Ребёнок 1: Дата рождения").fill("2026-06-01");
  await page.getByRole("button", { name: "Показать, что положено" }).click();
  await page.getByRole("heading", { name: "С чего начать" }).waitFor();
  await page.getByRole("heading", { name: "Ответьте, чтобы уточнить" }).waitFor();
  // Her plan, grouped by need, with what she is entitled to; each need her words point to says
  // which words, and so does each life situation they name.
  await page.locator('[data-need] [data-status="eligible"]').first().waitFor();
  assert.equal(
    await page.locator('[data-need="health_child"] [data-need-words]').textContent(),
    "из рассказа: «больным ребёнком»",
  );
  await page.locator('[data-life-situation="young_mother_crisis"]').getByText("«мама с ребёнком»").waitFor();
  // «оказались на улице» suggests that she has no home, for her to confirm.
  await page
    .locator('[data-suggested="household.housing"]')
    .getByRole("button", { name: "Подтвердить: Семья в целом: жильё: нет жилья" })
    .waitFor();
  assert.ok((await page.locator("[data-fact]").count()) >= 1, "questions asked by fact");
  // She tells more than the questions ask: no home. The plan follows: a shelter she is entitled to.
  const more = page.getByRole("heading", { name: "Рассказать о себе больше" }).locator("..");
  await choose(more, "Чьё сведение", "Семья в целом");
  await choose(more, "Сведение", "жильё");
  await choose(more, "Где вы живёте сейчас?", "нет жилья");
  await page.locator('[data-need="shelter"] [data-status="eligible"]').first().waitFor();
  // Given now, homelessness is no longer suggested to confirm: what she said outright wins.
  await page.locator('[data-suggested="household.housing"]').waitFor({ state: "detached" });
  await checkAccessibility(page, "screener");
  await page.screenshot({ path: join(shots, "screener.png") }); // the top: the long plan goes on
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
  await page.getByText("Смирнова Анна Сергеевна").first().waitFor();
  await checkAccessibility(page, "case view");
  await page.getByRole("button", { name: "Отправить комплексный запрос" }).click();
  await page.getByRole("table", { name: "Задачи ведомств" }).waitFor();
  const shown = await page
    .locator("tr[data-agency]")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-agency")));
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
  await page.getByRole("heading", { name: "Входящие задачи: Социальный фонд России" }).waitFor();
  await page.getByText("Случай demo-homeless-mother").click();
  await page.getByRole("heading", { name: "Сведения для решения" }).waitFor();
  // No other agency's task, and no phone: the server shows the worker what her task needs.
  assert.equal(await page.getByText("Комплексный центр социального обслуживания").count(), 0);
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
  assert.deepEqual(
    state.map((task) => [task.agency, task.state]),
    [["sfr", "approved"]],
  );
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

test("an operator opens the homeless mother's case from her story and sends it to the agencies", async () => {
  const page = await logIn("operator", "demo-operator-2026");
  await page.getByRole("heading", { name: "Рабочее место оператора" }).waitFor();
  await page.getByRole("button", { name: "Новый случай" }).click();
  await page.getByRole("heading", { name: "Новый случай" }).waitFor();
  await page
    .getByLabel("Ситуация со слов гражданина")
    .fill("Молодая мама с больным ребёнком, жить негде, денег нет");
  await page.getByLabel("ФИО (Заявитель)").fill("Петрова Мария Ивановна");
  await page.getByLabel("СНИЛС (Заявитель)").fill("112-233-445 95");
  await page.getByLabel("Дата рождения (Заявитель)").fill("2004-03-10");
  await page.getByRole("button", { name: "Добавить: Ребёнок" }).click();
  await page.getByLabel("Дата рождения (Ребёнок 1)").fill("2026-06-01");
  // The planner's questions come first, before any other fact; each answer re-plans.
  const questions = page.locator("[data-fact]").filter({ has: page.getByRole("button", { name: "Да" }) });
  await page.getByRole("heading", { name: "Спросите сначала" }).waitFor();
  await page.getByTestId("plan-summary").waitFor();
  const asked = await questions.first().getAttribute("data-fact");
  await questions.first().getByRole("button", { name: "Нет" }).click();
  // The answer is listed in words, the member by her name.
  await page
    .getByTestId("answers")
    .getByText(/^Петрова Мария Ивановна: .+: Нет/)
    .waitFor();
  await checkAccessibility(page, "new case");
  // What she says beyond the questions, each fact by whose and which.
  const facts = page.getByTestId("other-facts");
  const state = async (whose, label) => {
    await choose(facts, "Чьё сведение", whose);
    await choose(facts, "Сведение", label);
    return facts.locator("[data-fact]");
  };
  await choose(await state("Семья в целом", "жильё"), "Где вы живёте сейчас?", "нет жилья");
  await choose(await state("Петрова Мария Ивановна", "занятость"), /Чем вы сейчас заняты/, "не работаю");
  const income = await state("Петрова Мария Ивановна", "доход в месяц");
  await income.getByRole("spinbutton").fill("0");
  await income.getByRole("button", { name: "Ответить" }).click();
  await (await state("Ребёнок 1", "состояние здоровья")).getByLabel("острое заболевание").check();
  // The plan follows: a night's shelter for a homeless mother, with what she brings.
  await page.locator('[data-need="shelter"] [data-status="eligible"]').first().waitFor();
  assert.ok((await page.getByTestId("documents-brought").locator("li").count()) >= 1);
  await page.screenshot({ path: join(shots, "new-case.png") });
  await page.getByLabel("Гражданин дал письменное согласие на обработку персональных данных").check();
  await page.getByRole("button", { name: "Открыть случай" }).click();
  await page.getByRole("heading", { name: /^Случай / }).waitFor();
  const id = decodeURIComponent(new URL(page.url()).pathname.split("/").pop());
  await page.getByText("Петрова Мария Ивановна").first().waitFor();
  await page.getByRole("tab", { name: "Сведения" }).click();
  await page.locator('tr[data-fact="household.housing"]').getByText("нет жилья", { exact: true }).waitFor();
  await page.getByRole("tab", { name: "Обзор" }).click();
  await page.getByRole("button", { name: "Отправить комплексный запрос" }).click();
  await page.getByRole("table", { name: "Задачи ведомств" }).waitFor();
  const shown = await page
    .locator("tr[data-agency]")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-agency")));
  const stored = await fetchJson(page, `/api/v1/cases/${encodeURIComponent(id)}`);
  assert.deepEqual(stored.tasks.map((task) => task.agency).sort(), [...shown].sort());
  assert.ok(shown.length >= 3, `tasks in ${shown.length} agencies`);
  assert.equal(stored.situation.household.housing, "homeless");
  assert.equal(stored.people.applicant.full_name, "Петрова Мария Ивановна");
  assert.equal(stored.consent.purpose, "предоставление государственных и муниципальных услуг");
  assert.equal(
    stored.situation.household.members.find((m) => m.id === asked.split(".")[1])[asked.split(".")[2]],
    false,
  );
  await checkAccessibility(page, "new case's view with tasks");
  await page.context().close();
});

test("a case manager takes a case from the team's queue and records a change and a contact", async () => {
  const page = await logIn("manager", "demo-manager-2026");
  await page.getByRole("heading", { name: "Очереди" }).waitFor();
  await page.locator('tr[data-case="demo-elderly-care"]').waitFor(); // assigned to her
  await page.getByRole("tab", { name: "межведомственная команда" }).click();
  const row = page.locator('tr[data-case="demo-homeless-mother"]');
  // Its deadline state, in words (the SLA of the tier's first action).
  assert.match(
    await row.locator(".MuiChip-label").innerText(),
    /^(в срок|срок на исходе|срок нарушен|без срока)$/,
  );
  await checkAccessibility(page, "queues");
  await page.screenshot({ path: join(shots, "queues.png"), fullPage: true });
  await row.getByRole("button", { name: "Взять себе" }).click();
  await row.getByText("manager").waitFor();
  assert.equal((await fetchJson(page, "/api/v1/cases/demo-homeless-mother")).assignee, "manager");
  await page.getByRole("tab", { name: "Мои случаи" }).click();
  await page.locator('tr[data-case="demo-homeless-mother"]').waitFor();
  // Her other case: the family's housing changes (a succession, not a correction).
  await page.locator('tr[data-case="demo-elderly-care"]').getByRole("link").click();
  await page.getByRole("heading", { name: "Случай demo-elderly-care" }).waitFor();
  // Every section of the case, checked as it is shown.
  for (const section of ["План", "Сведения", "Контакты и заметки", "История", "Обзор"]) {
    await page.getByRole("tab", { name: section }).click();
    await page.getByRole("tab", { name: section, selected: true }).waitFor();
    await checkAccessibility(page, `case section ${section}`);
  }
  await page.getByRole("tab", { name: "Сведения" }).click();
  const change = page.getByRole("heading", { name: "Исправить или дополнить сведения" }).locator("..");
  await choose(change, "Чьё сведение", "Семья в целом");
  await choose(change, "Сведение", "жильё");
  await choose(change, "Где вы живёте сейчас?", "снимаю");
  await choose(change, "Что это", "изменение (стало иначе)");
  await change.getByLabel("Действует с").fill("2026-11-01");
  await change.getByRole("button", { name: "Записать: Семья в целом: жильё = снимаю" }).click();
  const housing = page.locator('tr[data-fact="household.housing"]');
  await housing.getByText(/изменение \(стало иначе\): снимаю с 2026-11-01/).waitFor();
  await page.screenshot({ path: join(shots, "case-facts.png") });
  await page.getByRole("tab", { name: "Контакты и заметки" }).click();
  await page.getByRole("combobox", { name: "Способ" }).click();
  await page.getByRole("option", { name: "телефон" }).click();
  await page.getByLabel("О чём говорили").fill("Договорились о визите соцработника");
  await page.getByRole("button", { name: "Записать контакт" }).click();
  await page
    .getByTestId("contacts")
    .getByText(/телефон: Договорились о визите соцработника/)
    .waitFor();
  const stored = await fetchJson(page, "/api/v1/cases/demo-elderly-care");
  assert.deepEqual(
    stored.fact_history["household.housing"].map((record) => [record.kind, record.value]),
    [
      ["given", "own"],
      ["succession", "rent"],
    ],
  );
  assert.equal(stored.situation.household.housing, "rent");
  assert.deepEqual(
    stored.contacts.map((one) => one.channel),
    ["phone"],
  );
  await checkAccessibility(page, "case manager's case view");
  await page.screenshot({ path: join(shots, "case-manager.png"), fullPage: true });
  await page.context().close();
});

test("the citizen sees her case and the fund's decision", async () => {
  const page = await logIn("citizen", "demo-citizen-2026");
  await page.getByRole("heading", { name: "Мои обращения" }).waitFor();
  const task = page.locator('[data-case="demo-homeless-mother"] li[data-agency="sfr"]');
  await task.getByText("одобрено").waitFor();
  const stored = await fetchJson(page, "/api/v1/cases/demo-homeless-mother");
  assert.equal(stored.tasks.find((one) => one.agency === "sfr").state, "approved");
  assert.equal(await page.locator('[data-case="demo-elderly-care"]').count(), 0, "only her own case");
  await checkAccessibility(page, "citizen's cases");
  await page.screenshot({ path: join(shots, "my-cases.png"), fullPage: true });
  await page.context().close();
});

// Last, after every view was used: the Content-Security-Policy refused nothing any page did.
test("the content security policy refused nothing the app does", () => {
  assert.deepEqual(refusedByPolicy, []);
});
