// The committed build (genegraph/static/app) carries the SHA-256 of the sources it was built
// from in .sources-sha256; `write` records it after a build, `check` fails when the sources
// have changed since (rebuild with `npm run build`). tests/test_web_app.py runs the same check
// in Python, without Node.js.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const web = new URL("..", import.meta.url).pathname;
const stampFile = join(web, "..", "genegraph", "static", "app", ".sources-sha256");
const SOURCES = ["index.html", "package-lock.json", "vite.config.ts", "tsconfig.json", "src"];

function files(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => files(join(path, name)));
}

export function sourcesDigest() {
  const hash = createHash("sha256");
  for (const file of SOURCES.flatMap((name) => files(join(web, name)))) {
    hash.update(relative(web, file).split("\\").join("/") + "\n");
    hash.update(readFileSync(file));
    hash.update("\n");
  }
  return hash.digest("hex");
}

const [mode] = process.argv.slice(2);
if (mode === "write") {
  writeFileSync(stampFile, sourcesDigest() + "\n");
} else if (mode === "check") {
  const stamped = readFileSync(stampFile, "utf8").trim();
  if (stamped !== sourcesDigest()) {
    console.error("genegraph/static/app is older than web/: run `npm run build` in web/");
    process.exit(1);
  }
} else {
  console.error("usage: node scripts/stamp.mjs write|check");
  process.exit(2);
}
