// Opens genegraph's GraphiQL in headless Chromium, runs the starting query (the IL2 gene
// card) with the page's Run button, waits for the answer in the result pane, saves a
// screenshot, and prints a JSON report on stdout: the requests the page made, those to
// other hosts (blocked, and a failure), errors in the page, and the result pane's text.
//
//   node graphiql.mjs --url http://127.0.0.1:PORT/graphql --chromium /usr/bin/chromium \
//        --screenshot out.png [--timeout-ms 60000]
//
// Exit status 0 when the page answered with IL2's card and made no foreign request.

import { parseArgs } from "node:util";

import { chromium } from "playwright-core";

const { values: options } = parseArgs({
  options: {
    url: { type: "string" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
    screenshot: { type: "string" },
    "timeout-ms": { type: "string", default: "60000" },
  },
});
if (!options.url || !options.screenshot) {
  console.error("usage: node graphiql.mjs --url URL --chromium PATH --screenshot FILE");
  process.exit(2);
}
const timeout = Number(options["timeout-ms"]);
const server = new URL(options.url).origin;

// Chromium as a user would run it (Playwright gives it a new, empty profile), less its
// own traffic: with no background networking, component updates or sync, every request
// left is one the page makes.
const browser = await chromium.launch({
  executablePath: options.chromium,
  headless: true,
  timeout,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
  ],
});

const report = {
  requests: [], foreign: [], graphql: [], pageErrors: [], consoleErrors: [], result: null,
};
let failure = null;
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Every request goes through here: the server's own continue, any other is blocked.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    report.requests.push(`${route.request().method()} ${url}`);
    if (url.startsWith("data:") || new URL(url).origin === server) {
      return route.continue();
    }
    report.foreign.push(url);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on("pageerror", (error) => report.pageErrors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") report.consoleErrors.push(message.text());
  });
  // GraphQL's answers to the page (its introspection, then the query), in order.
  const answers = [];
  page.on("response", (response) => {
    const request = response.request();
    if (request.method() !== "POST" || response.url() !== options.url) return;
    answers.push(
      response.text().catch(() => "").then((body) => ({
        query: JSON.parse(request.postData() ?? "{}").query?.slice(0, 40) ?? "",
        status: response.status(),
        errors: body.includes('"errors"'),
      })),
    );
  });

  await page.goto(options.url, { waitUntil: "load" });
  // GraphiQL is up when its editor holds the starting query.
  await page.locator(".graphiql-query-editor .CodeMirror").waitFor();
  await page.waitForFunction(() =>
    document.querySelector(".graphiql-query-editor .CodeMirror")?.CodeMirror?.getValue()
      .includes('gene(symbol: "IL2")'),
  );
  const answered = page.waitForResponse(
    (response) => response.url() === options.url && response.request().method() === "POST"
      && (response.request().postData() ?? "").includes("IL2"),
  );
  await page.locator("button.graphiql-execute-button").click();
  await answered;
  // The result pane is a CodeMirror editor that draws only the lines in view, so its
  // whole text is read through the editor.
  await page.waitForFunction(() =>
    document.querySelector(".graphiql-response .CodeMirror")?.CodeMirror?.getValue()
      .includes("interleukin 2"),
  );
  report.result = await page.evaluate(() =>
    document.querySelector(".graphiql-response .CodeMirror").CodeMirror.getValue(),
  );
  report.visibleText = await page.locator(".graphiql-response").innerText();
  await page.screenshot({ path: options.screenshot });
  report.graphql = await Promise.all(answers);
} catch (error) {
  failure = String(error);
  report.failure = failure;
} finally {
  await browser.close();
}

console.log(JSON.stringify(report, null, 2));
if (failure !== null) {
  console.error(`GraphiQL check failed: ${failure}`);
  process.exit(1);
}
if (report.foreign.length > 0) {
  console.error(`the page asked other hosts: ${report.foreign.join(", ")}`);
  process.exit(1);
}
