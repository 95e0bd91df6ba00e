import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    node: "src/adapters/node.ts",
    express: "src/adapters/express.ts",
    browser: "src/browser/index.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  splitting: true,
  cjsInterop: true,
  shims: false,
});
