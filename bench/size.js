/**
 * Bundle sizes of the edge adapters as a Worker would ship them: esbuild, bundled, minified, ESM,
 * platform neutral (no Node built-ins), from the built dist/ (run `npm run build` first), raw and
 * gzip. `corsproof/fetch` and `corsproof/hono` must stay under BUDGET bytes unless the app opts
 * into the Public Suffix List (`import "corsproof/public-suffix"`, shown as its own rows).
 *
 * `npm run size` prints the table and exits 1 over budget; `npm run size -- --record` also stores
 * it in bench/results/latest.json and regenerates BENCHMARKS.md; `npm run bench` records it too.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export const BUDGET = 20 * 1024;
const root = fileURLToPath(new URL("..", import.meta.url));

const ENTRIES = [
  { label: "corsproof/fetch (withCors)", code: `export { withCors } from "${root}dist/fetch.js";`, budget: true },
  { label: "corsproof/hono (cors)", code: `export { cors } from "${root}dist/hono.js";`, budget: true },
  {
    label: "corsproof/fetch + corsproof/public-suffix",
    code: `import "${root}dist/public-suffix.js";\nexport { withCors } from "${root}dist/fetch.js";`,
    budget: false,
  },
];

/** Measures every entry: { date, commit, rows: [{ label, raw, gzip, budget }] }. */
export async function measureSizes() {
  return {
    date: new Date().toISOString(),
    commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim(),
    rows: await measureRows(),
  };
}

async function measureRows() {
  const dir = mkdtempSync(join(os.tmpdir(), "corsproof-size-"));
  try {
    const rows = [];
    for (const [i, entry] of ENTRIES.entries()) {
      const file = join(dir, `entry${i}.js`);
      writeFileSync(file, entry.code);
      const out = await build({
        entryPoints: [file],
        bundle: true,
        minify: true,
        format: "esm",
        platform: "neutral",
        external: ["hono", "hono/*"],
        write: false,
        logLevel: "silent",
      });
      const bytes = out.outputFiles[0].contents;
      rows.push({ label: entry.label, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, budget: entry.budget ? BUDGET : null });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await measureSizes();
  const rows = sizes.rows;
  let over = 0;
  process.stdout.write("| bundle (esbuild, minified, neutral platform) | raw | gzip | budget |\n|---|---:|---:|---|\n");
  for (const r of rows) {
    const fails = r.budget !== null && r.raw > r.budget;
    if (fails) over++;
    process.stdout.write(
      `| ${r.label} | ${(r.raw / 1024).toFixed(1)} KiB | ${(r.gzip / 1024).toFixed(1)} KiB | ${r.budget === null ? "(opt-in)" : `${r.budget / 1024} KiB raw${fails ? ": OVER" : ""}`} |\n`,
    );
  }
  if (process.argv.includes("--record")) {
    const file = `${root}bench/results/latest.json`;
    const results = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, `${JSON.stringify({ ...results, size: sizes }, null, 2)}\n`);
    spawnSync(process.execPath, [`${root}node_modules/@biomejs/biome/bin/biome`, "format", "--write", file], { stdio: "ignore", cwd: root });
    const { writeReport } = await import("./report.js");
    writeReport(JSON.parse(readFileSync(file, "utf8")), `${root}BENCHMARKS.md`);
  }
  process.exitCode = over > 0 ? 1 : 0;
}
