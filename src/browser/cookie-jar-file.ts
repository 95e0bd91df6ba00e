/**
 * The Netscape cookie file format as curl reads and writes it (`curl -c jar.txt`): one cookie per
 * line, seven TAB-separated fields — domain, include-subdomains flag, path, secure flag, expiry
 * (Unix seconds, 0 for a session cookie), name, value — and `#HttpOnly_` before the domain of an
 * HttpOnly cookie. Other lines starting with `#` and blank lines are comments.
 *
 * The format has no SameSite field, so every cookie read from it is `Unspecified`: Chromium treats
 * it as SameSite=Lax (Lax-by-default). Use `--cookie` with an explicit SameSite when the server set one.
 */
import type { Cookie } from "./cookie.js";

/** Largest cookie file accepted, in characters (curl's jars are small; a bigger file is not a jar). */
export const MAX_COOKIE_FILE_CHARS = 1_048_576;

const flag = (text: string, what: string, line: number): boolean => {
  if (text === "TRUE") return true;
  if (text === "FALSE") return false;
  throw new TypeError(`cookie file line ${line}: ${what} must be TRUE or FALSE, not '${text}'`);
};

/**
 * Parses a Netscape/curl cookie file. Throws a TypeError naming the line for malformed input.
 *
 * @example
 * parseNetscapeCookieFile("#HttpOnly_.example.com\tTRUE\t/\tTRUE\t0\tsid\tabc\n");
 * // → [{ name: "sid", value: "abc", domain: "example.com", hostOnly: false, httpOnly: true, secure: true, sameSite: "Unspecified", … }]
 */
export function parseNetscapeCookieFile(text: string): Cookie[] {
  if (text.length > MAX_COOKIE_FILE_CHARS) throw new TypeError(`cookie file is larger than ${MAX_COOKIE_FILE_CHARS} characters`);
  const cookies: Cookie[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const n = index + 1;
    let line = raw;
    let httpOnly = false;
    if (line.startsWith("#HttpOnly_")) {
      httpOnly = true;
      line = line.slice("#HttpOnly_".length);
    } else if (line.startsWith("#") || line.trim() === "") continue;
    const fields = line.split("\t");
    if (fields.length !== 7)
      throw new TypeError(
        `cookie file line ${n}: expected 7 TAB-separated fields (domain, subdomains, path, secure, expiry, name, value), found ${fields.length}`,
      );
    const [domain = "", subdomains = "", path = "", secure = "", expiry = "", name = "", value = ""] = fields;
    if (!/^\d+$/.test(expiry)) throw new TypeError(`cookie file line ${n}: expiry must be Unix seconds (0 for a session cookie), not '${expiry}'`);
    const includeSubdomains = flag(subdomains, "the include-subdomains field", n);
    cookies.push({
      name,
      value,
      domain: domain.replace(/^\./, "").toLowerCase(),
      hostOnly: !includeSubdomains,
      path: path === "" ? "/" : path,
      secure: flag(secure, "the secure field", n),
      httpOnly,
      sameSite: "Unspecified",
      expires: expiry === "0" ? null : Number(expiry) * 1000,
    });
  }
  return cookies;
}
