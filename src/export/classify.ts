/**
 * The request tests every target carries out, as regular expressions in the target's dialect:
 * which origins pass (beyond the exact ones), which methods, which Access-Control-Request-Headers
 * values. Each test is a list of rules tried in order, the first match deciding, so a target can
 * put "deny" expressions (the engine's caps) before the "allow" ones.
 */
import type { EdgePolicy } from "./edge-policy.js";
import {
  type Dialect,
  defaultPortRegex,
  forbiddenMethodRegex,
  headersTooLongRegex,
  hostTooLongRegex,
  hostnameOriginRegex,
  ipv4OriginRegex,
  ipv6OriginRegexes,
  methodListRegex,
  numericHostRegex,
  originTooLongRegex,
  namesAuthorizationRegex,
  originPatternRegex,
  reflectedHostTooLongRegex,
  requestHeadersRegex,
  tokenRegex,
  tooManyEmptyElementsRegex,
  tooManyNamesRegex,
} from "./regex.js";

/** One rule: when `regex` matches, the verdict is `allow`. */
export interface Rule {
  readonly regex: string;
  readonly allow: boolean;
}

/**
 * Origins (not exact entries) that pass. `origin: true`: exactly the values isSerializedOrigin
 * accepts (the caps and non-canonical forms denied, then IPv4, names and IPv6 allowed). Patterns:
 * the host-length cap first, then one rule per pattern.
 */
export function originRules(p: EdgePolicy): readonly Rule[] {
  if (p.reflectOrigin) {
    return [
      { regex: originTooLongRegex(), allow: false },
      { regex: reflectedHostTooLongRegex(), allow: false },
      { regex: defaultPortRegex(), allow: false },
      { regex: ipv4OriginRegex(), allow: true },
      { regex: numericHostRegex(), allow: false },
      { regex: hostnameOriginRegex(), allow: true },
      ...ipv6OriginRegexes().map((regex) => ({ regex, allow: true })),
    ];
  }
  if (p.originPatterns.length === 0) return [];
  return [{ regex: hostTooLongRegex(), allow: false }, ...p.originPatterns.map((pattern) => ({ regex: originPatternRegex(pattern), allow: true }))];
}

/** Access-Control-Request-Method values that pass (Fetch: case-sensitive; `*` = any non-forbidden token). */
export function methodRules(p: EdgePolicy, d: Dialect): readonly Rule[] {
  const rules: Rule[] = [{ regex: methodListRegex(p.methods, d), allow: true }];
  if (p.anyMethod) rules.push({ regex: forbiddenMethodRegex(), allow: false }, { regex: tokenRegex(d), allow: true });
  return rules;
}

/**
 * Non-empty Access-Control-Request-Headers values that pass: the engine's caps on length and
 * element counts (header-list.ts) and, for `*`, Authorization, then the list grammar.
 */
export function requestHeadersRules(p: EdgePolicy, d: Dialect): readonly Rule[] {
  const rules: Rule[] = [
    { regex: headersTooLongRegex(), allow: false },
    { regex: tooManyEmptyElementsRegex(d), allow: false },
    { regex: tooManyNamesRegex(d), allow: false },
  ];
  if (p.refuseAuthorization) rules.push({ regex: namesAuthorizationRegex(), allow: false });
  rules.push({ regex: requestHeadersRegex(p.requestHeaders, d), allow: true });
  return rules;
}
