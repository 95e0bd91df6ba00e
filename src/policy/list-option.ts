/** Reading list options (`'a, b'` or `['a', 'b']`) at configuration time. */
import { isToken } from "../protocol/token.js";
import type { IssueList } from "./config-error.js";
import type { ListOption } from "./options.js";

/** One list element with its path into the options. */
export interface ListItem {
  readonly value: string;
  readonly path: string;
}

/**
 * Splits a list option into trimmed, non-empty items. A string is split on commas, as the `cors`
 * package joins arrays with commas. Non-string elements are reported as `invalid-type`.
 */
export function listItems(option: ListOption | undefined, name: string, issues: IssueList): ListItem[] {
  if (option === undefined) return [];
  if (typeof option === "string") {
    return option
      .split(",")
      .map((v) => v.trim())
      .filter((v) => v !== "")
      .map((value) => ({ value, path: name }));
  }
  if (!Array.isArray(option)) {
    issues.add("invalid-type", name, `${name} must be a string or an array of strings.`, `Write ${name}: ['…', '…'].`);
    return [];
  }
  const out: ListItem[] = [];
  option.forEach((v: unknown, i: number) => {
    if (typeof v === "string" && v.trim() !== "") out.push({ value: v.trim(), path: `${name}[${i}]` });
    else issues.add("invalid-type", `${name}[${i}]`, `${name} entries must be non-empty strings.`, "Remove the entry or write it as a string.");
  });
  return out;
}

/** Whether a listed header name is an RFC 9110 token; reports `invalid-header-name` when it is not. */
export function isValidHeaderName({ value, path }: ListItem, issues: IssueList): boolean {
  if (isToken(value)) return true;
  issues.add("invalid-header-name", path, `'${value}' is not a valid header name (RFC 9110 token).`, "Remove it or fix its spelling.");
  return false;
}
