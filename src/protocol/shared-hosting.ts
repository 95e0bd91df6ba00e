/**
 * The best-known shared-hosting suffixes: names from the Public Suffix List's private section
 * (https://publicsuffix.org/list/public_suffix_list.dat, "===BEGIN PRIVATE DOMAINS===") under which
 * anyone can get a site for free, so trusting every subdomain of one trusts strangers. A short
 * built-in list, not the PSL: the scanner probes each of them, and the policy falls back to it when
 * the full list is not loaded (edge bundles without `corsproof/public-suffix`), so that an origin
 * function's `endsWith(".vercel.app")` is still caught there. Each entry is checked against the full
 * list (tldts) in test/policy/shared-hosting.test.ts.
 */
export const SHARED_HOSTING_SUFFIXES: readonly string[] = [
  "github.io",
  "gitlab.io",
  "vercel.app",
  "netlify.app",
  "herokuapp.com",
  "pages.dev",
  "workers.dev",
  "s3.amazonaws.com",
  "web.app",
  "azurewebsites.net",
  "onrender.com",
  "fly.dev",
  "amplifyapp.com",
  "firebaseapp.com",
  "up.railway.app",
  "cloudfront.net",
  "deno.dev",
  "surge.sh",
];
