/** The README's engine-differences table is what the profiles say (see support/engine-table.ts). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { engineTable } from "./support/engine-table.js";

const START = "<!-- engine-differences:start (generated from the profiles by test/browser/support/engine-table.ts) -->";
const END = "<!-- engine-differences:end -->";

describe("README engine-differences table", () => {
  it("documents every switch on which Chromium and Firefox differ", () => {
    expect(engineTable().undocumented).toEqual([]);
  });

  it("equals the table generated from the profiles", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, `README.md needs the markers ${START} … ${END}`).toBeGreaterThan(-1);
    expect(readme.slice(start + START.length, end).trim()).toBe(engineTable().markdown);
  });
});
