// A small API protected by corsproof/node: run `npm run demo`, then try the printed requests.
import { createServer } from "node:http";
import { withCors } from "corsproof/node";

const policy = {
  origin: ["https://app.example.com", "http://localhost:*"],
  credentials: true,
  methods: ["GET", "PUT", "DELETE"],
  allowedHeaders: ["Content-Type", "Authorization"],
  exposedHeaders: ["X-Request-Id"],
  maxAge: 600,
  debug: true,
};

const server = createServer(
  withCors(policy, (req, res) => {
    res.setHeader("Content-Type", "application/json");
    res.setHeader("X-Request-Id", String(Date.now()));
    res.end(JSON.stringify({ ok: true, method: req.method, url: req.url }));
  }),
);

server.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
  const { port } = server.address();
  const base = `http://127.0.0.1:${port}`;
  console.log(`corsproof demo API on ${base} (Ctrl-C to stop). Policy: ${JSON.stringify(policy)}\n`);
  console.log("Allowed preflight:");
  console.log(
    `  curl -i -X OPTIONS ${base}/api -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: PUT' -H 'Access-Control-Request-Headers: content-type,authorization'`,
  );
  console.log("Refused preflight (method not allowed; debug mode explains):");
  console.log(`  curl -i -X OPTIONS ${base}/api -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: PATCH'`);
  console.log("Disallowed origin (no CORS headers, only Vary: Origin):");
  console.log(`  curl -i ${base}/api -H 'Origin: https://evil.example'`);
});
