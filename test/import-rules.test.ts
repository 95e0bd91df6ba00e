/**
 * The architecture's import rules (shared/DESIGN.md): spec imports nothing of ours; policy and
 * browser import only spec; browser never imports policy (it is the independent judge);
 * adapters and the exporter use only the public surface of the policy (src/index.ts).
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(__dirname, "../src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1] as string);
}

/** The layer of a resolved import target: spec, policy, browser, adapters, cli, or index. */
function layerOf(path: string): string {
  const rel = relative(SRC, path);
  return rel === "index.ts" ? "index" : (rel.split("/")[0] as string);
}

const rules: Record<string, (target: string, spec: string) => boolean> = {
  spec: (t, s) => t === "spec" && !s.startsWith("node:"),
  policy: (t) => t === "spec" || t === "policy",
  browser: (t) => t === "spec" || t === "browser",
  adapters: (t) => t === "index" || t === "adapters",
  // The exporter reads the policy only through its public surface, and the pure facts of spec.
  export: (t) => t === "index" || t === "spec" || t === "export",
};

describe("import rules", () => {
  for (const layer of Object.keys(rules)) {
    it(`${layer} imports only what it may`, () => {
      const offending: string[] = [];
      for (const file of files(join(SRC, layer))) {
        for (const spec of importsOf(file)) {
          if (!spec.startsWith(".")) {
            if (layer === "spec" && spec.startsWith("node:")) offending.push(`${relative(SRC, file)} -> ${spec}`);
            continue;
          }
          const target = layerOf(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
          if (!(rules[layer] as (t: string, s: string) => boolean)(target, spec)) offending.push(`${relative(SRC, file)} -> ${spec}`);
        }
      }
      expect(offending).toEqual([]);
    });
  }

  it("the policy engine has no runtime dependency but the Public Suffix List", () => {
    const pkg = JSON.parse(readFileSync(resolve(SRC, "../package.json"), "utf8")) as { dependencies?: Record<string, string> };
    expect(Object.keys(pkg.dependencies ?? {})).toEqual(["tldts"]);
  });
});
