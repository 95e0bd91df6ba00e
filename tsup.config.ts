import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: {
      index: "src/index.ts",
      node: "src/adapters/node.ts",
      express: "src/adapters/express.ts",
      fetch: "src/adapters/fetch.ts",
      hono: "src/adapters/hono.ts",
      koa: "src/adapters/koa.ts",
      fastify: "src/adapters/fastify/index.ts",
      validate: "src/adapters/validate-options.ts",
      browser: "src/browser/index.ts",
      "public-suffix": "src/public-suffix.ts",
      export: "src/export/index.ts",
      scanner: "src/scanner/index.ts",
      cli: "src/cli/index.ts",
      // The sandboxed process of the lab's module policies (src/lab/module-sandbox.ts spawns it).
      "lab-sandbox": "src/lab/sandbox-child.ts",
    },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "node20",
    // Also keeps each CLI subcommand's dynamic import (src/cli/main.ts) in its own chunks, so
    // `corsproof --version` and `check` never load the policy engine or the Public Suffix List
    // (test/cli/lazy-loading.test.ts checks what the built binary loads).
    splitting: true,
    cjsInterop: true,
    // The CLI reads its package.json through import.meta.url; the shim keeps the CJS build valid too.
    shims: true,
  },
  {
    // The lab page (src/lab/page): one self-contained browser script that `corsproof lab` serves;
    // no CDN, no runtime dependency. Separate build so `clean` above never races with it.
    entry: { "lab-page": "src/lab/page/main.ts" },
    format: ["iife"],
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: false,
    dts: false,
    clean: false,
  },
]);
