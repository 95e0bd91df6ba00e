/**
 * `check --json` output, for allowed, blocked, probed, redirected and invalid requests, is valid
 * against the JSON Schema shipped in the package (schema/check.schema.json).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import cors from "cors";
import express from "express";
import { afterAll, beforeAll, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { listen } from "../support/http.js";
import { captureIo } from "./capture-io.js";

const APP = "https://app.example.com";
const schema = JSON.parse(readFileSync(resolve(__dirname, "../../schema/check.schema.json"), "utf8"));
const validate = new Ajv2020({ strict: true, allErrors: true, strictTuples: false }).compile(schema);
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  const app = express();
  app.get("/moved", (_req, res) => {
    res.redirect(302, "https://elsewhere.example/items");
  });
  app.use(cors({ origin: [APP], credentials: true, exposedHeaders: ["X-Total-Count"] }));
  app.get("/items", (_req, res) => {
    res.set({ "X-Total-Count": "1", "X-Request-Id": "r" }).json([]);
  });
  server = await listen(app);
});
afterAll(() => server.close());

it("every kind of check result matches the published schema", async () => {
  const runs = [
    [`${server.url}/items`, "--origin", APP],
    [`${server.url}/items`, "--origin", APP, "--credentials", "include"],
    [`${server.url}/items`, "--origin", "https://evil.example", "-X", "PUT", "-H", "X-Custom: 1"],
    [`${server.url}/items`, "--origin", APP, "-X", "DELETE", "--verbose"],
    [`${server.url}/moved`, "--origin", APP, "--redirect", "manual"],
    [`${server.url}/items`, "--origin", APP, "--mode", "no-cors"],
    [`${server.url}/items`, "--origin", APP, "-d", "body on a GET"],
  ];
  const codes: number[] = [];
  for (const argv of runs) {
    const io = captureIo();
    codes.push(await main(["check", ...argv, "--json"], io));
    const json = JSON.parse(io.out());
    const ok = validate(json);
    expect(validate.errors ?? [], argv.join(" ")).toEqual([]);
    expect(ok).toBe(true);
  }
  expect(codes).toEqual([0, 0, 1, 0, 1, 0, 2]);
});
