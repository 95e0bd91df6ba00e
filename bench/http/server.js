/**
 * HTTP benchmark server: `node bench/http/server.js <bare|corsproof|cors>`. Listens on an
 * ephemeral port on 127.0.0.1 and prints `{"port": n}` on stdout once listening.
 *
 * Every variant answers with the same handler (200, text/plain "ok"); corsproof and cors wrap it
 * with the same policy: two allowed origins, the `cors` default methods, an explicit header list
 * and max-age 600 (the "2 origins" row of the in-process matrix).
 */
import { createServer } from "node:http";

const mode = process.argv[2];
const ORIGINS = ["https://app.example.com", "https://admin.example.com"];
const POLICY = {
  origin: ORIGINS,
  methods: ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"],
  allowedHeaders: ["Content-Type", "Authorization"],
  maxAge: 600,
};

function handler(_req, res) {
  res.setHeader("Content-Type", "text/plain");
  res.end("ok");
}

async function listener() {
  if (mode === "bare") return handler;
  if (mode === "corsproof") {
    const { withCors } = await import("corsproof/node");
    return withCors(handler, POLICY);
  }
  if (mode === "cors") {
    const cors = (await import("cors")).default;
    const mw = cors({ ...POLICY, methods: POLICY.methods.join(","), allowedHeaders: POLICY.allowedHeaders.join(",") });
    return (req, res) => mw(req, res, () => handler(req, res));
  }
  throw new Error(`unknown mode ${mode}`);
}

const server = createServer(await listener());
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
