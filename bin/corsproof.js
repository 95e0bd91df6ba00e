#!/usr/bin/env node
// A thin shim: the CLI lives in dist/ (built by `npm run build`, or by `prepare` on a git install).
let cli;
try {
  cli = await import("../dist/cli.js");
} catch (e) {
  // Only a missing build gets the hint; any other failure is a real bug and keeps its stack.
  if (e?.code !== "ERR_MODULE_NOT_FOUND" || !/dist[\\/]cli\.js/.test(String(e.message))) throw e;
  process.stderr.write("corsproof: the CLI is not built yet (dist/cli.js is missing); run `npm run build` in the corsproof directory first.\n");
  process.exit(2);
}
await cli.run();
