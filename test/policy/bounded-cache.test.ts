import { describe, expect, it } from "vitest";
import { BoundedCache } from "../../src/policy/bounded-cache.js";

describe("BoundedCache", () => {
  it("keeps at most its limit, forgetting the oldest entry first", () => {
    const cache = new BoundedCache<string, number>(3);
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i);
    expect(cache.size).toBe(3);
    expect([cache.get("k6"), cache.get("k7"), cache.get("k8"), cache.get("k9")]).toEqual([undefined, 7, 8, 9]);
  });

  it("setting a key again makes it the newest and returns the value", () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.set("a", 3)).toBe(3);
    cache.set("c", 4);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([3, undefined, 4]);
  });
});
