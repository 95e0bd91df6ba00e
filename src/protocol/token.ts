/**
 * RFC 9110 §5.6.2 `token` = 1*tchar. Methods and header field names are tokens;
 * checking them with a table instead of a regex keeps validation linear and allocation-free.
 */
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TCHAR[c.charCodeAt(0)] = 1;
}

/** True when `code` (a UTF-16 code unit) is an RFC 9110 `tchar`. */
export function isTokenChar(code: number): boolean {
  return code < 128 && TCHAR[code] === 1;
}

/** True when `value` is a non-empty RFC 9110 token. */
export function isToken(value: string): boolean {
  const n = value.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    if (!isTokenChar(value.charCodeAt(i))) return false;
  }
  return true;
}
