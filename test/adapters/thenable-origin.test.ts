/**
 * @koa/cors and hono/cors `await` an origin function's answer, so a thenable that is not a real
 * Promise (a query builder, a custom deferred) allows the origin it resolves to. corsproof/koa and
 * corsproof/hono adopt it the same way (Promise.resolve), through real Koa and Hono apps.
 */
import { Hono } from "hono";
import Koa from "koa";
import { afterEach, describe, expect, it } from "vitest";
import { cors as honoCors } from "../../src/adapters/hono.js";
import koaCors from "../../src/adapters/koa.js";
import { send } from "../support/http.js";
import { closeAll, serveKoa } from "./support/koa-driver.js";

const APP = "https://app.example.com";

/** A thenable that resolves on a later tick, as database query builders do. */
function later<T>(value: T): PromiseLike<T> {
  return {
    // biome-ignore lint/suspicious/noThenProperty: the point of the test is a non-Promise thenable
    then(onFulfilled, onRejected) {
      return new Promise<T>((resolve) => setTimeout(() => resolve(value), 5)).then(onFulfilled, onRejected);
    },
  } as PromiseLike<T>;
}

afterEach(closeAll);

describe("origin functions answering with a thenable", () => {
  it("corsproof/koa allows the origin the thenable resolves to, and denies others", async () => {
    const app = new Koa();
    app.use(koaCors({ origin: (ctx) => later(ctx.get("Origin") === APP ? APP : "") as unknown as Promise<string>, credentials: true }));
    app.use((ctx) => {
      ctx.body = "ok";
    });
    const url = await serveKoa(app);
    expect((await send(url, "GET", { origin: APP })).headers["access-control-allow-origin"]).toBe(APP);
    expect((await send(url, "GET", { origin: "https://evil.example.net" })).headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("corsproof/hono allows the origin the thenable resolves to, and denies others", async () => {
    const app = new Hono();
    app.use(honoCors({ origin: (origin) => later(origin === APP ? origin : null) as unknown as string, credentials: true }));
    app.get("/", (c) => c.text("ok"));
    const allowed = await app.request("http://127.0.0.1/", { headers: { origin: APP } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe(APP);
    const denied = await app.request("http://127.0.0.1/", { headers: { origin: "https://evil.example.net" } });
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  });
});
