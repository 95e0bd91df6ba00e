/**
 * The order in which Chromium's network service sees the request headers script set: the
 * iteration order of Blink's `HTTPHeaderMap`, a hash table, not the order script used.
 *
 * Why it matters: when a preflight response allows some but not all CORS-unsafe request headers,
 * Chromium names the FIRST disallowed one in its console message
 * (services/network/cors/preflight_result.cc `PreflightResult::EnsureAllowedCrossOriginHeaders`
 * walks `CorsUnsafeNotForbiddenRequestHeaderNames(headers.GetHeaderVector(), …)`, cors.cc, which
 * keeps the order of the request's `net::HttpRequestHeaders`). That order is made in the renderer:
 *
 * 1. third_party/blink/renderer/core/fetch/fetch_header_list.h: the Fetch header list is a
 *    `std::multimap<String, String, ByteCaseInsensitiveCompare>`, so it is sorted by ASCII-lower-cased
 *    name whatever order script used.
 * 2. core/fetch/fetch_manager.cc `FetchManager::Loader::PerformHTTPFetch`: each entry goes into the
 *    blink::ResourceRequest with `AddHttpHeaderField` (a repeated name combines its value in place).
 * 3. platform/loader/fetch/resource_request_utils.cc `UpgradeResourceRequestForLoader` →
 *    core/loader/frame_fetch_context.cc `AddClientHintsIfNecessary` sets `sec-ch-ua`,
 *    `sec-ch-ua-mobile`, `sec-ch-ua-platform` (only for potentially trustworthy URLs,
 *    `ClientHintsPreferences::IsClientHintsAllowed`), then `PrepareRequest` → `SetHTTPUserAgent`
 *    sets `User-Agent`.
 * 4. platform/loader/fetch/url_loader/request_conversion.cc `PopulateResourceRequest` iterates
 *    `HttpHeaderFields()` and appends each to the network::ResourceRequest's headers. Default
 *    `Accept`, `Origin` and the rest are added later and never precede script's headers.
 *
 * `HTTPHeaderMap` (platform/network/http_header_map.h) is
 * `HashMap<AtomicString, AtomicString, CaseFoldingHashTraits<AtomicString>>`:
 * - hash: wtf/text/case_folding_hash.h `CaseFoldingHash` — rapidhash (third_party/rapidhash,
 *   templatised on a HashReader) over the name case-folded and widened to UTF-16
 *   (`CaseFoldingHashReader<LChar>`, expansion factor 2), masked to 24 bits, 0 → 0x800000
 *   (wtf/text/string_hasher.h `StringHasher::ComputeHashAndMaskTop8Bits`, `MaskTop8Bits`);
 * - table: wtf/hash_table.h — open addressing, first bucket `hash & (size - 1)`, probe
 *   `i = (i + probe_count) & mask` (triangular), initial size 8 (`kMinimumTableSize`), after each new
 *   key `(key_count + deleted_count) * kMaxLoad(2) >= table_size` doubles the table, re-inserting old
 *   buckets in index order (`RehashTo`); iteration walks the buckets in index order.
 *
 * Checked against Chromium 156 (headless, Debian 156.0.8078.79) by the conformance suite, which
 * compares both the console message and the order of script's headers on the wire.
 */

import { isPotentiallyTrustworthy } from "./trustworthy.js";

const MASK64 = (1n << 64n) - 1n;
const RAPID_SEED = 0xbdd89aa982704029n;
const RAPID_SECRET = [0x2d358dccaa6c78a5n, 0x8bb84b93962eacc9n, 0x4b33a62ed433d4a3n] as const;
const S0 = RAPID_SECRET[0];
const S1 = RAPID_SECRET[1];
const S2 = RAPID_SECRET[2];

/** `rapid_mul128`: the low and high 64 bits of a 64×64 product. */
function mul128(a: bigint, b: bigint): [bigint, bigint] {
  const r = a * b;
  return [r & MASK64, r >> 64n];
}

/** `rapid_mix`. */
function mix(a: bigint, b: bigint): bigint {
  const [lo, hi] = mul128(a, b);
  return lo ^ hi;
}

/** `StringImpl::kLatin1CaseFoldTable` for one Latin-1 code unit (header names are ASCII tokens). */
function foldLatin1(c: number): number {
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xde && c !== 0xd7)) return c + 0x20;
  if (c === 0xb5) return 0x3bc;
  return c;
}

/**
 * `CaseFoldingHash::GetHash` of an 8-bit (Latin-1) string: rapidhash over `2 × length` produced
 * bytes, read through `CaseFoldingHashReader<LChar>`. Every read the hash makes lands on an even
 * produced offset, so reading the folded UTF-16LE bytes directly is equivalent — except
 * `ReadSmall` (a one-character name), which the reader answers with the folded character alone.
 */
export function caseFoldingHash(name: string): number {
  const n = name.length;
  const len = 2 * n;
  const units: number[] = [];
  for (let i = 0; i < n; i++) units.push(foldLatin1(name.charCodeAt(i)));
  const u = (at: number): bigint => BigInt(units[at >> 1] ?? 0);
  const read32 = (at: number): bigint => u(at) | (u(at + 2) << 16n);
  const read64 = (at: number): bigint => u(at) | (u(at + 2) << 16n) | (u(at + 4) << 32n) | (u(at + 6) << 48n);

  let seed = RAPID_SEED ^ mix(RAPID_SEED ^ S0, S1) ^ BigInt(len);
  let a: bigint;
  let b: bigint;
  if (len <= 16) {
    if (len >= 4) {
      const last = len - 4;
      a = (read32(0) << 32n) | read32(last);
      const delta = (len & 24) >> (len >> 3);
      b = (read32(delta) << 32n) | read32(last - delta);
    } else if (len > 0) {
      a = u(0);
      b = 0n;
    } else {
      a = 0n;
      b = 0n;
    }
  } else {
    let p = 0;
    let i = len;
    if (i > 48) {
      let see1 = seed;
      let see2 = seed;
      do {
        seed = mix(read64(p) ^ S0, read64(p + 8) ^ seed);
        see1 = mix(read64(p + 16) ^ S1, read64(p + 24) ^ see1);
        see2 = mix(read64(p + 32) ^ S2, read64(p + 40) ^ see2);
        p += 48;
        i -= 48;
      } while (i >= 48);
      seed ^= see1 ^ see2;
    }
    if (i > 16) {
      seed = mix(read64(p) ^ S2, read64(p + 8) ^ seed ^ S1);
      if (i > 32) seed = mix(read64(p + 16) ^ S2, read64(p + 24) ^ seed);
    }
    a = read64(p + i - 16);
    b = read64(p + i - 8);
  }
  [a, b] = mul128(a ^ S1, b ^ seed);
  const hash = Number(mix(a ^ S0 ^ BigInt(len), b ^ S1) & 0xffffffn);
  return hash === 0 ? 0x800000 : hash;
}

const hashCache = new Map<string, number>();

function cachedHash(lower: string): number {
  let h = hashCache.get(lower);
  if (h === undefined) {
    h = caseFoldingHash(lower);
    if (hashCache.size < 4096) hashCache.set(lower, h);
  }
  return h;
}

/** WTF::HashTable insertion without deletions; `false` when the key is present already. */
function insert(table: (string | undefined)[], key: string, hash: number): boolean {
  const mask = table.length - 1;
  let i = hash & mask;
  let probe = 0;
  for (;;) {
    const at = table[i];
    if (at === undefined) {
      table[i] = key;
      return true;
    }
    if (at === key) return false;
    probe++;
    i = (i + probe) & mask;
  }
}

const MINIMUM_TABLE_SIZE = 8;
const MAX_LOAD = 2;

/**
 * Iteration order of an `HTTPHeaderMap` after `names` were added in this order (lower-cased,
 * duplicates ignored): the bucket order of the final table.
 */
export function hashMapOrder(names: readonly string[]): string[] {
  let table: (string | undefined)[] = new Array(MINIMUM_TABLE_SIZE);
  let count = 0;
  for (const name of names) {
    const key = name.toLowerCase();
    if (!insert(table, key, cachedHash(key))) continue;
    count++;
    if (count * MAX_LOAD >= table.length) {
      const old = table;
      table = new Array(old.length * 2);
      for (const k of old) if (k !== undefined) insert(table, k, cachedHash(k));
    }
  }
  return table.filter((k): k is string => k !== undefined);
}

/** `FetchHeaderList::ByteCaseInsensitiveCompare`: code-unit order of the ASCII-lower-cased names. */
function byteCaseInsensitive(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The headers Blink adds to the map after script's: client hints for potentially trustworthy
 * URLs (https:, and http: to localhost / loopback addresses), then User-Agent.
 */
export function blinkAddedHeaderNames(url: URL): readonly string[] {
  return isPotentiallyTrustworthy(url) ? ["sec-ch-ua", "sec-ch-ua-mobile", "sec-ch-ua-platform", "user-agent"] : ["user-agent"];
}

/**
 * The names (lower-case) of Blink's `HTTPHeaderMap` for a request to `url`, in the order Chromium's
 * network service holds and writes them: script's names sorted like the Fetch header list, put
 * through the hash map together with the headers Blink adds, read back in bucket order.
 */
export function blinkHeaderMapNames(scriptNames: readonly string[], url: URL): string[] {
  const sorted = [...new Set(scriptNames.map((n) => n.toLowerCase()))].sort(byteCaseInsensitive);
  return hashMapOrder([...sorted, ...blinkAddedHeaderNames(url)]);
}

/**
 * Reorders script's request headers (one entry per name, as the model keeps them) into the order
 * Chromium's network service holds them (see {@link blinkHeaderMapNames}).
 */
export function blinkHeaderOrder<T extends { readonly name: string }>(headers: readonly T[], url: URL): T[] {
  const byName = new Map<string, T>();
  for (const h of headers) {
    const lower = h.name.toLowerCase();
    if (!byName.has(lower)) byName.set(lower, h);
  }
  const out: T[] = [];
  for (const name of blinkHeaderMapNames([...byName.keys()], url)) {
    const h = byName.get(name);
    if (h !== undefined) out.push(h);
  }
  return out;
}
