/**
 * The console lines WebKit prints for a failed fetch(), verbatim, as observed on WebKitGTK 2.50.6 by
 * the WebKit conformance suite. A CORS failure prints three lines:
 * 1. the check's own description (source `security`): Source/WebCore/loader/CrossOriginAccessControl.cpp
 *    `passesAccessControlCheck` and `validatePreflightResponse`,
 *    CrossOriginPreflightResultCache.cpp `validateMethodAndHeaders`, HTTPParsers.cpp's allow-list
 *    parse; a refused redirect wraps it in "Cross-origin redirection to <url> denied by
 *    Cross-Origin Resource Sharing policy: …" (DocumentThreadableLoader::redirectReceived);
 * 2. "Fetch API cannot load <url> due to access control checks." (DocumentThreadableLoader's
 *    `logErrorAndFail` for the fetch initiator), naming the URL whose response failed;
 * 3. the inspector's "Failed to load resource: <1>" for the failed load.
 * A request the fetch mode refuses prints only "Fetch API cannot load <url>.". Lines 2 and 3 come
 * from different places and their order varies from run to run (the suite compares them in this order).
 */

/**
 * What the lines mention: console-messages.ts `MessageContext`, declared here by the fields used so
 * that this module does not import the catalogue that imports it.
 */
interface MessageContext {
  readonly hint: string;
  readonly lastUrl: string;
  readonly pageOrigin: string;
  readonly requestOrigin: string;
  readonly status: number | null;
  readonly headerValue?: string;
  readonly redirectTarget?: string;
}

/** `Origin … is not allowed`: every Access-Control-Allow-Origin that is not the origin, `*` or a list. */
const originNotAllowed = (c: MessageContext) => `Origin ${c.requestOrigin} is not allowed by Access-Control-Allow-Origin. Status code: ${c.status ?? 0}`;

/** The check's description (line 1 before any redirect wrapping), or null when WebKit prints none. */
function description(code: string, c: MessageContext): string | null {
  switch (code) {
    case "WildcardOriginNotAllowed":
    case "PreflightWildcardOriginNotAllowed":
      return "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.";
    // passesAccessControlCheck only looks for a comma; a value with a space is just another origin.
    case "MultipleAllowOriginValues":
    case "PreflightMultipleAllowOriginValues":
      return c.hint.includes(",") ? "Access-Control-Allow-Origin cannot contain more than one origin." : originNotAllowed(c);
    case "MissingAllowOriginHeader":
    case "PreflightMissingAllowOriginHeader":
    case "InvalidAllowOriginValue":
    case "PreflightInvalidAllowOriginValue":
    case "AllowOriginMismatch":
    case "PreflightAllowOriginMismatch":
      return originNotAllowed(c);
    case "InvalidAllowCredentials":
    case "PreflightInvalidAllowCredentials":
      return 'Credentials flag is true, but Access-Control-Allow-Credentials is not "true".';
    case "PreflightInvalidStatus":
      return `Preflight response is not successful. Status code: ${c.status ?? 0}`;
    case "InvalidAllowMethodsPreflightResponse":
      return `Header Access-Control-Allow-Methods has an invalid value: ${c.headerValue ?? ""}`;
    case "InvalidAllowHeadersPreflightResponse":
      return `Header Access-Control-Allow-Headers has an invalid value: ${c.headerValue ?? ""}`;
    case "MethodDisallowedByPreflightResponse":
      return `Method ${c.hint} is not allowed by Access-Control-Allow-Methods.`;
    case "HeaderDisallowedByPreflightResponse":
      return `Request header field ${c.hint} is not allowed by Access-Control-Allow-Headers.`;
    // CrossOriginAccessControl.cpp `validateCrossOriginRedirectionURL`.
    case "RedirectContainsCredentials":
      return `redirection URL ${c.redirectTarget ?? c.lastUrl} has credentials`;
    // Redirect failures of the network process (NetworkLoadChecker.cpp), which name the URL being loaded.
    case "RedirectModeError":
      return `Not allowed to follow a redirection while loading ${c.lastUrl}`;
    case "TooManyRedirects":
      return "Load cannot follow more than 20 redirections";
    case "SameOriginModeRedirect":
      return `Unsafe attempt to load URL ${c.lastUrl} from origin ${c.pageOrigin}. Domains, protocols and ports must match.\n`;
    default:
      return null;
  }
}

/** The redirect target as the "Cross-origin redirection to" prefix names it: without its credentials. */
function withoutCredentials(url: string): string {
  const u = new URL(url);
  u.username = "";
  u.password = "";
  return u.href;
}

/** WebKit's console lines for a failure, joined by "\n", or null when it prints none. */
export function webkitLines(code: string, c: MessageContext): string | null {
  if (code === "DisallowedByMode") return `Fetch API cannot load ${c.lastUrl}.`;
  // DocumentThreadableLoader refuses it before any load: no inspector line (seed 7 g838).
  if (code === "NoCorsRedirectModeNotFollow") return `Not allowed to request resource\nFetch API cannot load ${c.lastUrl} due to access control checks.`;
  const own = description(code, c);
  if (own === null) return null;
  // A CORS check that failed on a redirect response is reported as a refused redirection, whatever the redirect mode (r23).
  const redirected = c.redirectTarget !== undefined && !["RedirectModeError", "TooManyRedirects", "SameOriginModeRedirect"].includes(code);
  const text = redirected ? `Cross-origin redirection to ${withoutCredentials(c.redirectTarget!)} denied by Cross-Origin Resource Sharing policy: ${own}` : own;
  return [text, `Fetch API cannot load ${c.lastUrl} due to access control checks.`, `Failed to load resource: ${text}`].join("\n");
}
