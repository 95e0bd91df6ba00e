/**
 * A readable, bounded description of a module policy's default export, for the playground: what
 * the module handed to corsproof, with RegExps as literals and functions by name, so the page can
 * show it without ever holding (or running) the module's code. The value comes from user code:
 * depth, entries and text are capped, and a getter that throws is shown, not propagated.
 */

const MAX_DEPTH = 4;
const MAX_ENTRIES = 50;
const MAX_STRING = 200;
const MAX_TOTAL = 8 * 1024;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

function describe(value: unknown, depth: number, indent: string): string {
  if (typeof value === "string") return JSON.stringify(clip(value, MAX_STRING));
  if (value === null || typeof value === "number" || typeof value === "boolean" || value === undefined) return String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "symbol") return value.toString();
  if (typeof value === "function") return `[function ${value.name || "(anonymous)"}]`;
  if (value instanceof RegExp) return clip(value.toString(), MAX_STRING);
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? "[…]" : "{…}";
  const inner = `${indent}  `;
  const entries: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value.slice(0, MAX_ENTRIES)) entries.push(describe(item, depth + 1, inner));
    if (value.length > MAX_ENTRIES) entries.push(`… ${value.length - MAX_ENTRIES} more`);
    return entries.length === 0 ? "[]" : `[\n${entries.map((e) => `${inner}${e}`).join(",\n")}\n${indent}]`;
  }
  const names = Object.keys(value as object);
  for (const name of names.slice(0, MAX_ENTRIES)) {
    let shown: string;
    try {
      shown = describe((value as Record<string, unknown>)[name], depth + 1, inner);
    } catch (e) {
      shown = `[getter threw: ${clip(String(e), MAX_STRING)}]`;
    }
    entries.push(`${key(name)}: ${shown}`);
  }
  if (names.length > MAX_ENTRIES) entries.push(`… ${names.length - MAX_ENTRIES} more`);
  return entries.length === 0 ? "{}" : `{\n${entries.map((e) => `${inner}${e}`).join(",\n")}\n${indent}}`;
}

/**
 * Describes `value` as JavaScript-like text (at most 8 KiB).
 *
 * @example
 * describeOptions({ origin: [/^https:\/\/a\.example$/, isTenant] });
 * // '{\n  origin: [\n    /^https:\/\/a\.example$/,\n    [function isTenant]\n  ]\n}'
 */
export function describeOptions(value: unknown): string {
  return clip(describe(value, 0, ""), MAX_TOTAL);
}
