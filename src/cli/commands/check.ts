/** `corsproof check <url> --origin <origin>`: send the request the way a browser would and judge the answer. */
import { explainRequest, httpTransport, simulateFetch } from "../../browser/index.js";
import { integer, parse } from "../args.js";
import { detectFramework, policyFor, snippet } from "../fix-snippet.js";
import { type CliIo, style, useColor } from "../io.js";
import { renderCheck } from "../render-check.js";
import { browserRequest, NETWORK_FLAGS, NETWORK_FLAGS_HELP, REQUEST_FLAGS, REQUEST_FLAGS_HELP, transportOptions } from "../request-options.js";

export const CHECK_HELP = `Usage: corsproof check <url> --origin <origin> [options]

Sends the request to <url> exactly as a browser on a page at <origin> would (preflight included),
and says whether the browser lets script read the response, what Chromium's console prints, and
what the server must send to fix it.

Options:
${REQUEST_FLAGS_HELP}
${NETWORK_FLAGS_HELP}
  --timeout <ms>           longest silence on a connection: connect, or between two reads (default 10000)
  --max-time <ms>          deadline for the whole run, redirects and preflight included, like
                           curl's --max-time (default 60000)

The requests carry exactly the bytes the chosen Chromium release sends (method case, header
order, User-Agent, client hints, Sec-Fetch-*, Referer, Accept-Encoding, Accept-Language).

Exit codes: 0 allowed, 1 blocked, 2 usage or network error (--max-time included); killed by
Ctrl-C/SIGTERM: 130/143.
`;

export async function checkCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse("check", argv, { ...REQUEST_FLAGS, ...NETWORK_FLAGS, timeout: { type: "string" }, "max-time": { type: "string" } }, 1);
  if (values.help) {
    io.stdout.write(CHECK_HELP);
    return 0;
  }
  const { request, profile } = browserRequest(positionals[0], values, "check");
  const timeout = integer("--timeout", values.timeout, 10_000, 1, 600_000);
  const maxTime = integer("--max-time", values["max-time"], 60_000, 1, 3_600_000);
  const explanation = explainRequest(request, { profile });
  const network = transportOptions(values, io.env);
  // --timeout is an idle timer: a server that drips bytes or streams an endless body never trips
  // it. The deadline aborts the in-flight socket whatever it is doing.
  const deadline = AbortSignal.timeout(maxTime);
  const result = await simulateFetch(request, { transport: httpTransport({ ...network, timeout, signal: deadline }), profile });
  const framework = detectFramework(result.trace.map((x) => x.response));
  if (result.error?.code === "NetworkFailure") {
    // Nothing answered: there is no CORS verdict and no CORS fix to print, only the cause.
    const cause = result.error.hint || "no response";
    if (values.json) {
      const json = {
        allowed: false,
        url: request.url,
        origin: request.origin,
        browser: profile,
        error: result.error,
        networkError: cause,
        trace: result.trace,
        fix: null,
      };
      io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    }
    if (deadline.aborted) {
      io.stderr.write(`corsproof check: no complete answer from ${request.url} within --max-time ${maxTime} ms\n`);
      return 2;
    }
    const advice = cause.startsWith("TLS") ? " (trust its CA with --cacert FILE or NODE_EXTRA_CA_CERTS, or skip verification with --insecure)" : "";
    io.stderr.write(`corsproof check: network error reaching ${request.url}: ${cause}${advice}\n`);
    return 2;
  }
  if (values.json) {
    const fix = result.allowed
      ? null
      : {
          line: result.error?.fix ?? null,
          headers: explanation.required ? { preflight: explanation.required.preflight, actual: explanation.required.actual } : null,
          framework,
          snippet: explanation.required ? snippet(framework, policyFor(explanation)) : null,
        };
    const json = {
      allowed: result.allowed,
      url: request.url,
      origin: request.origin,
      browser: profile,
      preflight: result.preflight,
      preflightFromCache: result.preflightFromCache,
      preflightReasons: explanation.preflight.reasons.map((r) => r.text),
      message: result.message,
      error: result.error,
      exposedHeaders: result.allowed ? result.exposedHeaders : [],
      response: result.response,
      trace: result.trace,
      warnings: result.warnings,
      fix,
    };
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    io.stdout.write(renderCheck(result, explanation, framework, style(useColor(io))));
  }
  return result.allowed ? 0 : 1;
}
