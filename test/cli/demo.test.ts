import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureIo } from "./capture-io.js";

describe("corsproof demo", () => {
  it("tours the demo API: four allowed requests, one blocked, exit 0", async () => {
    const io = captureIo();
    expect(await main(["demo"], io)).toBe(0);
    const out = io.out();
    expect(out.match(/ALLOWED/g)).toHaveLength(4);
    expect(out.match(/BLOCKED/g)).toHaveLength(1);
    expect(out).toContain("Preflight request");
    expect(out).toContain("(status 500)");
    expect(out).toContain("from origin 'https://evil.example' has been blocked by CORS policy");
    expect(io.err()).toBe("");
  });
});
