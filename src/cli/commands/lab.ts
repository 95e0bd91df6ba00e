/** `corsproof lab`: the local page where your real browser and the model run the same request side by side. */
import { spawn } from "node:child_process";
import { integer, parse } from "../args.js";
import type { CliIo } from "../io.js";
import { UsageError } from "../usage-error.js";

export const LAB_HELP = `Usage: corsproof lab [--port 4300] [--no-open]

Serves the corsproof lab on 127.0.0.1: build a request, and your real browser (from a page the lab
serves at the origin you choose: 127.0.0.1, localhost or <name>.localhost) and the browser model
run it side by side, with a sequence diagram and a policy playground. Works offline.

Options:
  --port <port>   port of the lab (default 4300; 0 picks a free one)
  --no-open       do not open a browser, only print the URL
  -h, --help      this help
`;

/** The command that opens a URL on this desktop, or null when there is no desktop to open it on. */
function opener(env: CliIo["env"], platform: NodeJS.Platform): string[] | null {
  if (platform === "darwin") return ["open"];
  if (platform === "win32") return ["cmd", "/c", "start", ""];
  return env.DISPLAY || env.WAYLAND_DISPLAY ? ["xdg-open"] : null;
}

export async function labCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(
    "lab",
    argv,
    { port: { type: "string" }, "no-open": { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
    0,
  );
  if (values.help) {
    io.stdout.write(LAB_HELP);
    return 0;
  }
  const port = integer("--port", values.port, 4300, 0, 65535);
  const { startLab } = await import("../../lab/server.js");
  let lab: Awaited<ReturnType<typeof startLab>>;
  try {
    lab = await startLab({ port });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code) throw new UsageError(`cannot listen on 127.0.0.1:${port}: ${code}${code === "EADDRINUSE" ? " (choose another --port)" : ""}`);
    throw e;
  }
  io.stdout.write(`corsproof lab on ${lab.url} (Ctrl-C stops)\n`);
  const open = values["no-open"] || !io.stdout.isTTY ? null : opener(io.env, process.platform);
  if (open !== null) {
    const [cmd, ...args] = open as [string, ...string[]];
    const child = spawn(cmd, [...args, lab.url], { stdio: "ignore", detached: true });
    child.on("error", () => io.stdout.write(`(could not open a browser; open ${lab.url} yourself)\n`));
    child.unref();
  }
  const signal = await (io.stopSignal ?? new Promise<string>(() => {}));
  io.stdout.write(`corsproof lab: ${signal}, stopping\n`);
  await lab.close();
  return 0;
}
