/**
 * RFC 9110 §12.5.5 Vary: appending field names to whatever a response already carries.
 * Names are compared case-insensitively, never duplicated, and `*` absorbs everything.
 * The request's own Vary header is never an input (Hono GHSA-q7jf-gf43-6x6p).
 */

/** Splits a Vary value on commas and trims optional whitespace; no regex, linear. */
function fieldNames(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= value.length; i++) {
    if (i === value.length || value.charCodeAt(i) === 0x2c) {
      const name = value.slice(start, i).trim();
      if (name !== "") out.push(name);
      start = i + 1;
    }
  }
  return out;
}

/**
 * Returns the Vary value that results from appending `names` (a comma-separated list we produce
 * ourselves, e.g. "Origin, Access-Control-Request-Headers") to `existing` (a header value as a
 * Node response holds it: undefined, a string, a number or an array of lines). The existing text
 * is kept as it is; only missing names are appended, after ", ".
 */
export function appendVary(existing: string | number | readonly string[] | undefined, names: string): string {
  if (existing === undefined || existing === "") return names;
  let out = typeof existing === "string" ? existing : Array.isArray(existing) ? existing.join(", ") : String(existing);
  const seen = new Set<string>();
  for (const name of fieldNames(out)) {
    if (name === "*") return "*";
    seen.add(name.toLowerCase());
  }
  for (const name of fieldNames(names)) {
    const lower = name.toLowerCase();
    if (!seen.has(lower)) {
      seen.add(lower);
      out = out === "" ? name : `${out}, ${name}`;
    }
  }
  return out;
}
