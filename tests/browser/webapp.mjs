// Uses genegraph's web app in headless Chromium as a person would. The "tour" (the default
// --flow): searches "IL2" with the autocomplete, opens the gene page, filters its GO terms to
// molecular_function, follows the mouse ortholog, comes back, opens a GO term (its ancestor
// graph), and runs an enrichment. The "addresses" flow: gene pages opened by symbol, a term
// by its secondary id, the species choices of search and enrichment, and a search within
// one species. Saves a screenshot of each step in --out and prints a JSON report on stdout.
//
//   node webapp.mjs --url http://127.0.0.1:PORT/ --chromium /usr/bin/chromium --out DIR
//     [--flow tour|addresses --alt-id GO:... --search-taxon TAXON --search-text TEXT]
//
// Exit status 0 when every step showed what it should and no request left the server.

import { parseArgs } from "node:util";

import { chromium } from "playwright-core";

const { values: options } = parseArgs({
  options: {
    url: { type: "string" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
    out: { type: "string" },
    "timeout-ms": { type: "string", default: "20000" },
    flow: { type: "string", default: "tour" },
    "alt-id": { type: "string" },
    "search-taxon": { type: "string" },
    "search-text": { type: "string" },
  },
});
if (!options.url || !options.out) {
  console.error("usage: node webapp.mjs --url URL --chromium PATH --out DIR");
  process.exit(2);
}
const timeout = Number(options["timeout-ms"]);
const server = new URL(options.url).origin;
const shot = (name) => `${options.out}/${name}.png`;

const browser = await chromium.launch({
  executablePath: options.chromium,
  headless: true,
  timeout,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
  ],
});

const report = { foreign: [], pageErrors: [], consoleErrors: [], steps: {} };
let failure = null;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function guarded(context) {
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("data:") || new URL(url).origin === server) return route.continue();
    report.foreign.push(url);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on("pageerror", (error) => report.pageErrors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") report.consoleErrors.push(message.text());
  });
  return page;
}

// The gene card of an address opened cold: its heading and species.
async function geneCard(page, path, symbol) {
  await page.goto(new URL(path, options.url).href, { waitUntil: "load" });
  const heading = page.getByRole("heading", { level: 1 });
  await heading.filter({ hasText: new RegExp(`^${symbol}\\b`) }).waitFor();
  await page.locator("table.go caption").waitFor(); // an ortholog's page may have no rows
  return {
    url: page.url(),
    heading: await heading.innerText(),
    species: await page.locator("dl.facts dd").first().innerText(),
  };
}

// The GO slim chart's bars, once drawn: each bar's term and the count written beside it.
async function slimBars(page) {
  const chart = page.locator("figure.slim-plot svg");
  await chart.waitFor();
  return chart.locator("a").evaluateAll((links) =>
    links.map((link) => ({
      term: link.dataset.term,
      value: link.querySelector("text.value").textContent,
    })),
  );
}


async function termPage(page, path) {
  await page.goto(new URL(path, options.url).href, { waitUntil: "load" });
  const heading = page.getByRole("heading", { level: 1 });
  await page.locator("dl.facts").waitFor();
  return { url: page.url(), heading: await heading.innerText() };
}

// The options of a species choice once the species have come from the server.
async function speciesChoices(page, id) {
  const choice = page.locator(`select#${id}`);
  await choice.locator("option[value]:not([value=''])").first().waitFor({ state: "attached" });
  return choice.locator("option").evaluateAll((options) =>
    options.map((o) => ({ value: o.value, text: o.textContent })),
  );
}

async function addresses(page) {
  report.steps.geneBySymbol = await geneCard(page, "/gene/IL2", "IL2");
  await page.screenshot({ path: shot("webapp-gene-by-symbol"), fullPage: true });
  report.steps.geneBySymbolAndTaxon = await geneCard(page, "/gene/Il2?taxon=10090", "Il2");
  report.steps.termByAltId = await termPage(page, `/term/${options["alt-id"]}`);
  report.steps.termLowerCase = await termPage(page, "/term/go:0030101");

  await page.goto(options.url, { waitUntil: "load" });
  const search = await speciesChoices(page, "species");
  await page.goto(new URL("/enrichment", options.url).href, { waitUntil: "load" });
  const enrichment = await speciesChoices(page, "enrichment-species");
  report.steps.choices = { search, enrichment };

  // Search within one species, chosen among those the server listed.
  await page.goto(options.url, { waitUntil: "load" });
  await speciesChoices(page, "species");
  await page.getByLabel("Species", { exact: true }).selectOption(options["search-taxon"]);
  const box = page.getByRole("combobox", { name: "Symbol, alias or name" });
  await box.pressSequentially(options["search-text"], { delay: 30 });
  const suggestions = page.getByRole("listbox", { name: "Suggestions" });
  await suggestions.getByRole("option").first().waitFor();
  report.steps.searchInSpecies = await suggestions.getByRole("option").allInnerTexts();
  await page.screenshot({ path: shot("webapp-species") });
}

async function tour(page) {
  // 1. Search: type, the suggestions list opens, choose IL2 with the keyboard.
  await page.goto(options.url, { waitUntil: "load" });
  const box = page.getByRole("combobox", { name: "Symbol, alias or name" });
  await box.waitFor();
  check(await box.evaluate((el) => el === document.activeElement), "search box not focused");
  // The home page says which release it serves (and, on the seed page, how to load data).
  const note = page.getByRole("complementary", { name: "Data served" });
  await note.waitFor();
  report.steps.home = await note.innerText();
  await box.pressSequentially("IL2", { delay: 30 });
  const suggestions = page.getByRole("listbox", { name: "Suggestions" });
  await suggestions.getByRole("option").first().waitFor();
  report.steps.suggestions = await suggestions.getByRole("option").allInnerTexts();
  await page.screenshot({ path: shot("webapp-search") });
  await box.press("ArrowDown");
  check(
    (await box.getAttribute("aria-activedescendant")) === "suggestion-0",
    "ArrowDown did not select the first suggestion",
  );
  await box.press("Enter");

  // 2. The gene page.
  await page.waitForURL(/\/gene\//);
  const heading = page.getByRole("heading", { level: 1 });
  await heading.filter({ hasText: "interleukin 2" }).waitFor();
  const table = page.locator("table.go");
  await table.locator("tbody tr").first().waitFor();
  const gene = {
    url: page.url(),
    heading: await heading.innerText(),
    counts: await page.locator(".counts").innerText(),
    rows: await table.locator("tbody tr").count(),
    orthologs: await page.locator(".orthologs li").allInnerTexts(),
    provenance: await page.locator(".provenance").allInnerTexts(),
    slim: await slimBars(page),
  };
  // 3. Filter the GO terms to molecular_function.
  await page.getByLabel("Category", { exact: true }).selectOption({ label: "molecular_function" });
  await table.locator("caption").filter({ hasText: /^\d+ of/ }).waitFor();
  gene.caption = await table.locator("caption").innerText();
  gene.filteredCategories = [
    ...new Set(await table.locator("tbody tr td:nth-child(3)").allInnerTexts()),
  ];
  gene.filteredTerms = await table.locator("tbody tr td:nth-child(2)").allInnerTexts();
  report.steps.gene = gene;
  await page.screenshot({ path: shot("webapp-gene"), fullPage: true });

  // 4. Follow the mouse ortholog.
  await page.locator(".orthologs li", { hasText: "Mus musculus" }).getByRole("link").click();
  await page.waitForURL((url) => url.href !== gene.url);
  // A regular expression, case-sensitive: the text "Il2" also matches the old "IL2" page.
  await heading.filter({ hasText: /^Il2\b/ }).waitFor();
  report.steps.mouse = {
    url: page.url(),
    heading: await heading.innerText(),
    species: await page.locator("dl.facts dd").first().innerText(),
  };

  // 5. Back to IL2, open a GO term: definition and the ancestors drawn as a graph.
  await page.goBack();
  await heading.filter({ hasText: /^IL2\b/ }).waitFor(); // mouse Il2 is "interleukin 2" too
  await page.getByRole("link", { name: "GO:0030101" }).click();
  await page.waitForURL(/\/term\/GO(:|%3A)0030101$/);
  await heading.filter({ hasText: "natural killer cell activation" }).waitFor();
  const graph = page.locator("figure.graph svg");
  await graph.waitFor();
  await page.getByText(/Showing \d+ of \d+ genes/).waitFor();
  report.steps.term = {
    heading: await heading.innerText(),
    definition: await page.locator("dl.facts dd").nth(1).innerText(),
    nodes: await graph.locator("g.node").count(),
    edges: await graph.locator("line.edge").evaluateAll((lines) =>
      lines.map((line) => ({
        relation: line.dataset.relation,
        dash: getComputedStyle(line).strokeDasharray,
      })),
    ),
    genes: await page.locator(".results li").allInnerTexts(),
    status: await page.getByText(/Showing \d+ of \d+ genes/).innerText(),
  };
  await page.screenshot({ path: shot("webapp-term"), fullPage: true });

  // 6. Enrichment: paste a list, pick species and category, run.
  await page.getByRole("link", { name: "Enrichment" }).click();
  await page.getByLabel("Genes, one per line or separated by commas").fill("IL2\nNOSUCHGENE");
  await page.getByLabel("Species", { exact: true }).selectOption("9606");
  await page.getByLabel("Category", { exact: true }).selectOption({ label: "biological_process" });
  await page.getByRole("button", { name: "Run enrichment" }).click();
  const enriched = page.locator("table.enriched");
  await enriched.locator("tbody tr").first().waitFor();
  report.steps.enrichment = {
    heading: await page.locator("#enrichment-result").innerText(),
    columns: await enriched.locator("thead th").allInnerTexts(),
    rows: await enriched.locator("tbody tr").count(),
    bars: await page.locator("figure.plot rect.bar").count(),
    notCounted: await page.locator(".enrichment-result .notice").allInnerTexts(),
    slim: await slimBars(page),
    errors: await page.getByRole("alert").allInnerTexts(),
  };
  await page.screenshot({ path: shot("webapp-enrichment"), fullPage: true });

  // 7. A phone-sized screen: the gene page, loaded cold by its address, fits its width.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const small = await guarded(phone);
  await small.goto(gene.url, { waitUntil: "load" });
  await small.locator("table.go tbody tr").first().waitFor();
  report.steps.phone = await small.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    // From navigation start to the gene table on screen: reported, not asserted.
    firstRenderMs: Math.round(performance.now()),
  }));
  await small.screenshot({ path: shot("webapp-gene-phone") });
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await guarded(context);
  if (options.flow === "addresses") {
    await addresses(page);
  } else {
    await tour(page);
  }
} catch (error) {
  failure = String(error);
  report.failure = failure;
} finally {
  await browser.close();
}

console.log(JSON.stringify(report, null, 2));
if (failure !== null) {
  console.error(`web app check failed: ${failure}`);
  process.exit(1);
}
