/**
 * The architecture's import rules (docs/ARCHITECTURE.md): protocol imports nothing of ours; policy and
 * browser import only protocol; browser never imports policy (it is the independent judge);
 * adapters and the exporter use only the public surface of the policy (src/index.ts); the scanner
 * uses the browser model and protocol, never the policy.
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

/** The layer of a resolved import target: protocol, policy, browser, adapters, cli, or index. */
function layerOf(path: string): string {
  const rel = relative(SRC, path);
  return rel === "index.ts" ? "index" : (rel.split("/")[0] as string);
}

const rules: Record<string, (target: string, spec: string) => boolean> = {
  protocol: (t, s) => t === "protocol" && !s.startsWith("node:"),
  policy: (t) => t === "protocol" || t === "policy",
  browser: (t) => t === "protocol" || t === "browser",
  adapters: (t) => t === "index" || t === "adapters",
  // The exporter reads the policy only through its public surface, and the pure facts of protocol.
  export: (t) => t === "index" || t === "protocol" || t === "export",
  // The scanner judges servers with the browser model only, never with the policy engine.
  scanner: (t) => t === "protocol" || t === "browser" || t === "scanner",
};

describe("import rules", () => {
  for (const layer of Object.keys(rules)) {
    it(`${layer} imports only what it may`, () => {
      const offending: string[] = [];
      for (const file of files(join(SRC, layer))) {
        for (const spec of importsOf(file)) {
          if (!spec.startsWith(".")) {
            if (layer === "protocol" && spec.startsWith("node:")) offending.push(`${relative(SRC, file)} -> ${spec}`);
            continue;
          }
          const target = layerOf(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
          if (!(rules[layer] as (t: string, s: string) => boolean)(target, spec)) offending.push(`${relative(SRC, file)} -> ${spec}`);
        }
      }
      expect(offending).toEqual([]);
    });
  }

  it("no module of src/ imports itself through others (no import circles, type imports included)", () => {
    const graph = new Map<string, string[]>();
    for (const file of files(SRC)) {
      const targets = importsOf(file)
        .filter((spec) => spec.startsWith("."))
        .map((spec) => resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      graph.set(file, targets);
    }
    const circles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, path: string[]): void => {
      state.set(file, "open");
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === "open") circles.push([...path.slice(path.indexOf(next)), next].map((f) => relative(SRC, f)).join(" -> "));
        else if (!state.has(next)) visit(next, [...path, next]);
      }
      state.set(file, "done");
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file, [file]);
    expect(circles).toEqual([]);
  });

  it("the policy engine has no runtime dependency but the Public Suffix List", () => {
    const pkg = JSON.parse(readFileSync(resolve(SRC, "../package.json"), "utf8")) as { dependencies?: Record<string, string> };
    expect(Object.keys(pkg.dependencies ?? {})).toEqual(["tldts"]);
  });
});
