/**
 * corsproof/public-suffix — import once, before creating policies, in runtimes where corsproof
 * cannot load the Public Suffix List itself (Workers and other edge bundles). Needed only for
 * credentialed wildcard patterns such as `https://*.example.com`; Node loads it automatically.
 *
 * @example
 * import "corsproof/public-suffix";
 * import { withCors } from "corsproof/fetch";
 * export default { fetch: withCors(handler, { origin: ["https://*.example.com"], credentials: true }) };
 */
import { getPublicSuffix } from "tldts";
import { registerPublicSuffixList } from "./policy/public-suffix.js";

registerPublicSuffixList((host, privateDomains = true) => getPublicSuffix(host, { allowPrivateDomains: privateDomains }));
