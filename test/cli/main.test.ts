import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureIo } from "./capture-io.js";

describe("corsproof CLI: main", () => {
  it("--version prints the package version", async () => {
    const io = captureIo();
    expect(await main(["--version"], io)).toBe(0);
    expect(io.out().trim()).toBe((JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version);
  });

  it("--help lists every command; no command is a usage error", async () => {
    const io = captureIo();
    expect(await main(["--help"], io)).toBe(0);
    for (const c of ["check", "explain", "serve", "demo"]) expect(io.out()).toContain(c);
    expect(await main([], captureIo())).toBe(2);
  });

  for (const command of ["check", "explain", "serve", "demo"]) {
    it(`${command} --help`, async () => {
      const io = captureIo();
      expect(await main([command, "--help"], io)).toBe(0);
      expect(io.out()).toMatch(new RegExp(`^Usage: corsproof ${command}`));
    });
  }

  const usage: Array<[string, string[], RegExp]> = [
    ["an unknown command", ["frobnicate"], /unknown command 'frobnicate'/],
    ["an unknown flag", ["check", "http://127.0.0.1:1/", "--origin", "https://a.example", "--bogus"], /Unknown option '--bogus'/],
    ["a missing --origin", ["check", "http://127.0.0.1:1/"], /--origin is required/],
    ["a missing url", ["explain", "--origin", "https://a.example"], /missing <url>/],
    ["a non-origin --origin", ["explain", "https://x.example/", "--origin", "https://a.example/"], /--origin must be a serialised origin/],
    ["a bad --credentials", ["explain", "https://x.example/", "--origin", "https://a.example", "--credentials", "always"], /--credentials must be/],
    ["a bad --browser", ["explain", "https://x.example/", "--origin", "https://a.example", "--browser", "lynx"], /--browser must be/],
    ["a malformed --header", ["explain", "https://x.example/", "--origin", "https://a.example", "-H", "nocolon"], /--header must look like/],
    ["a bad --port", ["serve", "--port", "99999"], /--port must be a whole number/],
    ["a bad --upstream", ["serve", "--upstream", "ftp://x"], /--upstream must be an http: or https: URL/],
    ["a relative url", ["check", "/api", "--origin", "https://a.example"], /<url> must be an absolute URL/],
    ["an extra argument", ["explain", "https://x.example/", "extra", "--origin", "https://a.example"], /unexpected argument 'extra'/],
  ];
  for (const [what, argv, message] of usage) {
    it(`${what} exits 2 with one line on stderr`, async () => {
      const io = captureIo();
      expect(await main(argv, io)).toBe(2);
      expect(io.err()).toMatch(message);
      expect(io.err().trim().split("\n")).toHaveLength(1);
      expect(io.out()).toBe("");
    });
  }
});
