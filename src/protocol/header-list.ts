/**
 * Bounded parsing of header-name lists such as Access-Control-Request-Headers
 * (RFC 9110 §5.6.1 `#token`). One linear pass, no regex, no per-comma allocation, and hard caps
 * so a hostile value (1 MiB of commas, 16 KiB of spaces) is refused in constant time
 * (rs/cors CVE-2025-47908, Hono's regex split).
 */
import { isTokenChar } from "./token.js";

/** Values longer than this are refused before they are read. Browsers send a few hundred bytes. */
export const MAX_HEADER_LIST_LENGTH = 4096;
/** Empty elements tolerated (`a,,b`); proxies such as AWS API Gateway join lines with ", ". */
export const MAX_EMPTY_ELEMENTS = 16;
/** Longest run of optional whitespace tolerated around an element. */
export const MAX_OWS_RUN = 8;
/** Most names read from one list; more is refused. */
export const MAX_HEADER_NAMES = 256;

/**
 * Scans `value` as a comma-separated list of header names. Returns false when it is malformed or
 * over a cap. When `out` is given, pushes each name lower-cased (duplicates included) and stops
 * pushing after `maxNames` names (returning false), so memory stays bounded too.
 */
export function scanHeaderNameList(value: string, out?: string[], maxNames = MAX_HEADER_NAMES): boolean {
  const n = value.length;
  if (n > MAX_HEADER_LIST_LENGTH) return false;
  let empty = 0;
  let names = 0;
  let i = 0;
  while (i <= n) {
    let ows = 0;
    while (i < n && (value.charCodeAt(i) === 0x20 || value.charCodeAt(i) === 0x09)) {
      i++;
      if (++ows > MAX_OWS_RUN) return false;
    }
    const start = i;
    let upper = false;
    while (i < n && isTokenChar(value.charCodeAt(i))) {
      const c = value.charCodeAt(i);
      if (c >= 0x41 && c <= 0x5a) upper = true;
      i++;
    }
    const end = i;
    ows = 0;
    while (i < n && (value.charCodeAt(i) === 0x20 || value.charCodeAt(i) === 0x09)) {
      i++;
      if (++ows > MAX_OWS_RUN) return false;
    }
    if (i < n && value.charCodeAt(i) !== 0x2c) return false;
    if (end === start) {
      if (++empty > MAX_EMPTY_ELEMENTS) return false;
    } else {
      if (++names > maxNames) return false;
      if (out !== undefined) {
        const name = value.slice(start, end);
        out.push(upper ? name.toLowerCase() : name);
      }
    }
    i++;
  }
  return true;
}
