/** `corsproof check <url> --origin <origin>`: send the request the way a browser would and judge the answer. */
import { httpTransport } from "../../browser/index.js";
import { integer, parse } from "../args.js";
import { runCheck } from "../check-run.js";
import { checkJson } from "../check-json.js";
import { frameworkFlag } from "../fix-snippet.js";
import { type CliIo, style, useColor } from "../io.js";
import { disagreements, judgeByEngine } from "../engines.js";
import { renderCheck } from "../render-check.js";
import { browserRequest, browserState, NETWORK_FLAGS, NETWORK_FLAGS_HELP, REQUEST_FLAGS, REQUEST_FLAGS_HELP, transportOptions } from "../request-options.js";

export const CHECK_HELP = `Usage: corsproof check <url> --origin <origin> [options]

Sends the request to <url> exactly as a browser on a page at <origin> would (preflight included),
and says whether the browser lets script read the response, what Chromium's console prints, why,
and what to add to the server's CORS configuration to fix it.

Options:
${REQUEST_FLAGS_HELP}
${NETWORK_FLAGS_HELP}
  --timeout <ms>           longest silence on a connection: connect, or between two reads (default 10000)
  --max-time <ms>          deadline for the whole run, redirects, preflight and probes included, like
                           curl's --max-time (default 60000)
  --framework <name>       write the fix for express | fastify | koa | hono | next | nginx | node
                           (default: detected from the responses)
  --verbose                show every header of every exchange
  --no-probe               send only what the browser sends: no plain GET to tell a refused
                           preflight's causes apart, no request from an unknown origin (sent when
                           credentials are included, to find servers that reflect any origin)

The requests carry exactly the bytes the chosen Chromium release sends (method case, header
order, User-Agent, client hints, Sec-Fetch-*, Referer, Accept-Encoding, Accept-Language).

Exit codes: 0 allowed, 1 blocked, 2 usage or network error (--max-time included), or a fetch()
call that throws; killed by Ctrl-C/SIGTERM: 130/143.
`;

/** `--browser all`: every engine's verdict on the same server, and where they disagree. */
async function checkAllEngines(
  url: string | undefined,
  values: Parameters<typeof browserRequest>[1] & { json?: boolean | undefined },
  limits: { timeout: number; signal: AbortSignal },
  io: CliIo,
): Promise<number> {
  const { request } = browserRequest(url, { ...values, browser: undefined }, "check");
  const transport = httpTransport({ ...transportOptions(values as Parameters<typeof transportOptions>[0], io.env), ...limits });
  const { verdicts, results } = await judgeByEngine(request, transport);
  const failed = results.find((r) => r.error?.code === "NetworkFailure");
  if (failed !== undefined) {
    io.stderr.write(`corsproof check: network error reaching ${request.url}: ${failed.error?.hint || "no response"}\n`);
    return 2;
  }
  const differ = disagreements(verdicts);
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({ allowed: verdicts.every((v) => v.allowed), url: request.url, origin: request.origin, engines: verdicts, disagreements: differ }, null, 2)}\n`,
    );
  } else {
    const s = style(useColor(io));
    for (const v of verdicts) {
      io.stdout.write(`${v.engine} (${v.browser}): ${v.allowed ? s.green("allowed") : s.red("blocked")}${v.preflight ? ", after a preflight" : ""}\n`);
      if (v.message !== null) for (const line of v.message.split("\n")) io.stdout.write(`  ${line}\n`);
    }
    io.stdout.write(
      differ.length === 0 ? "The engines agree on this server.\n" : `The engines disagree on this server:\n${differ.map((d) => `  - ${d}\n`).join("")}`,
    );
  }
  return verdicts.every((v) => v.allowed) ? 0 : 1;
}

export async function checkCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    "check",
    argv,
    {
      ...REQUEST_FLAGS,
      ...NETWORK_FLAGS,
      timeout: { type: "string" },
      "max-time": { type: "string" },
      framework: { type: "string" },
      verbose: { type: "boolean", default: false },
      "no-probe": { type: "boolean", default: false },
    },
    1,
  );
  if (values.help) {
    io.stdout.write(CHECK_HELP);
    return 0;
  }
  const timeout = integer("--timeout", values.timeout, 10_000, 1, 600_000);
  const maxTime = integer("--max-time", values["max-time"], 60_000, 1, 3_600_000);
  if (values.browser === "all") return checkAllEngines(positionals[0], values, { timeout, signal: AbortSignal.timeout(maxTime) }, io);
  const { request, profile } = browserRequest(positionals[0], values, "check");
  const framework = frameworkFlag(values.framework);
  const network = transportOptions(values, io.env);
  // --timeout is an idle timer: a server that drips bytes or streams an endless body never trips
  // it. The deadline aborts the in-flight socket whatever it is doing.
  const deadline = AbortSignal.timeout(maxTime);
  const transport = httpTransport({ ...network, timeout, signal: deadline });
  const state = await browserState(request.url, request.origin, values);
  const run = await runCheck(request, { transport, profile, probes: !values["no-probe"], framework, browserState: state });
  const { result } = run;
  if (result.error?.code === "InvalidRequest") {
    // The page's own call is wrong: no server answer can change it, so it is a usage error.
    if (values.json) io.stdout.write(`${JSON.stringify(checkJson(run, profile), null, 2)}\n`);
    io.stderr.write(`corsproof check: fetch() throws before sending anything: ${result.error.exception}\n`);
    return 2;
  }
  if (result.error?.code === "NetworkFailure") {
    // Nothing answered: there is no CORS verdict and no CORS fix to print, only the cause.
    const cause = result.error.hint || "no response";
    if (values.json) io.stdout.write(`${JSON.stringify({ ...checkJson(run, profile), networkError: cause, fix: null }, null, 2)}\n`);
    if (deadline.aborted) {
      io.stderr.write(`corsproof check: no complete answer from ${request.url} within --max-time ${maxTime} ms\n`);
      return 2;
    }
    const advice = cause.startsWith("TLS") ? " (trust its CA with --cacert FILE or NODE_EXTRA_CA_CERTS, or skip verification with --insecure)" : "";
    io.stderr.write(`corsproof check: network error reaching ${request.url}: ${cause}${advice}\n`);
    return 2;
  }
  if (values.json) io.stdout.write(`${JSON.stringify(checkJson(run, profile), null, 2)}\n`);
  else io.stdout.write(renderCheck(run, style(useColor(io)), { verbose: values.verbose === true }));
  return result.allowed ? 0 : 1;
}
