/**
 * A real-network {@link Transport}: writes the request line and header block itself, byte for byte
 * as the model built them, on a plain TCP or TLS socket (optionally through an HTTP proxy, CONNECT
 * for https), and reads the response with Node's own HTTP/1.1 parser. Not fetch()/undici nor a
 * plain `http.request`: they add headers, upper-case the method (`patch` → `PATCH`) and merge
 * duplicate response headers, and the model must send the browser's bytes and see the server's lines.
 */
import { readFileSync } from "node:fs";
import http, { type IncomingMessage } from "node:http";
import net from "node:net";
import { Duplex } from "node:stream";
import tls from "node:tls";
import zlib from "node:zlib";
import type { Transport, WireRequest, WireResponse } from "../types.js";
import { connectedAddressSpace } from "./address-lookup.js";

/** Options of {@link httpTransport}. */
export interface HttpTransportOptions {
  /**
   * Longest silence on a connection, in milliseconds: connecting, or waiting between two reads.
   * Default 10 000. A server that keeps sending never trips it: bound a whole run with `signal`.
   */
  readonly timeout?: number;
  /** Largest response body kept, in bytes, before and after decoding; the rest is dropped. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /**
   * Verify TLS certificates (`false` is curl's `--insecure`). Default true.
   * Security: `false` lets anyone on the path answer for the server; prefer `ca` for a private CA.
   */
  readonly rejectUnauthorized?: boolean;
  /**
   * Extra trusted CA certificates (PEM), added to Node's roots and to the ones NODE_EXTRA_CA_CERTS
   * names (curl's `--cacert` replaces its store; here nothing is lost).
   */
  readonly ca?: string | readonly string[];
  /**
   * An HTTP proxy URL (`http://[user:pass@]host:port`), or a function choosing one per request URL
   * (see {@link proxyFromEnv}); null or absent goes direct. https URLs go through a CONNECT tunnel.
   */
  readonly proxy?: string | null | ((url: URL) => string | null);
  /** curl's `--resolve`: `host:port:address` entries; connections to host:port go to address. */
  readonly resolve?: readonly string[];
  /** Aborts the request in flight; it then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** Chromium reads at most 256 KiB of response headers (net/http/http_stream_parser.cc `kMaxHeaderBufSize`). */
const MAX_HEADER_BYTES = 256 * 1024;

/** A network failure with its cause in words: what `check` prints and the model reports as the hint. */
export class NetworkError extends Error {
  override readonly name = "NetworkError";
}

/**
 * The proxy choice curl makes from the environment: HTTPS_PROXY (https_proxy) for https URLs,
 * HTTP_PROXY (http_proxy) for http, none for hosts NO_PROXY matches (`*`, a host, or a domain
 * suffix with or without a leading dot, optionally `:port`).
 *
 * @example
 * httpTransport({ proxy: proxyFromEnv(process.env) });
 */
export function proxyFromEnv(env: Readonly<Record<string, string | undefined>>): (url: URL) => string | null {
  const get = (name: string) => env[name.toLowerCase()] ?? env[name] ?? "";
  const noProxy = get("NO_PROXY")
    .split(/[\s,]+/)
    .filter((e) => e !== "");
  return (url) => {
    const proxy = url.protocol === "https:" ? get("HTTPS_PROXY") : get("HTTP_PROXY");
    if (proxy === "") return null;
    const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    for (const entry of noProxy) {
      if (entry === "*") return null;
      const [name = "", entryPort] = entry.startsWith("[") ? [entry.slice(1, entry.indexOf("]")), entry.split("]:")[1]] : entry.split(":");
      if (entryPort !== undefined && entryPort !== port) continue;
      const bare = name.replace(/^\./, "").toLowerCase();
      if (host === bare || host.endsWith(`.${bare}`)) return null;
    }
    return proxy;
  };
}

/** NODE_EXTRA_CA_CERTS, read once: Node trusts it by default, but a custom `ca` list would drop it. */
let extraCerts: string[] | undefined;
function envExtraCerts(): string[] {
  if (extraCerts !== undefined) return extraCerts;
  const file = process.env["NODE_EXTRA_CA_CERTS"];
  extraCerts = [];
  if (file !== undefined && file !== "") {
    try {
      extraCerts = [readFileSync(file, "utf8")];
    } catch {
      // Node itself warns at start-up when the file cannot be read.
    }
  }
  return extraCerts;
}

/** The cause of a socket or TLS error, in words. */
function describe(error: unknown, where: string): NetworkError {
  if (error instanceof NetworkError) return error;
  const e = error as NodeJS.ErrnoException;
  const code = e.code ?? "";
  if (code === "ECONNREFUSED") return new NetworkError(`connection refused by ${where}`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NODATA") return new NetworkError(`DNS lookup failed for ${where} (${code})`);
  if (code === "ECONNRESET" || code === "EPIPE") return new NetworkError(`connection reset by ${where}`);
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return new NetworkError(`no route to ${where} (${code})`);
  if (code.startsWith("HPE_")) return new NetworkError(`invalid HTTP response from ${where}: ${e.message} (${code})`);
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO|ERR_OSSL/.test(code)) return new NetworkError(`TLS handshake with ${where} failed: ${e.message} (${code})`);
  return new NetworkError(`${where}: ${e.message}${code === "" ? "" : ` (${code})`}`);
}

/** Waits for a socket to connect (`secureConnect` for TLS). */
function connected(socket: net.Socket, secure: boolean): Promise<void> {
  const event = secure ? "secureConnect" : "connect";
  return new Promise((resolve, reject) => {
    // Both listeners go once either fires: a kept-alive socket is reused for many requests, and a
    // listener left behind per connect would pile up on it.
    const onConnect = () => {
      socket.off("error", onError);
      resolve();
    };
    const onError = (error: Error) => {
      socket.off(event, onConnect);
      reject(error);
    };
    socket.once(event, onConnect);
    socket.once("error", onError);
  });
}

/**
 * Errors reach the caller through the response parser; this listener only keeps an error on an idle
 * or reused socket from becoming an uncaught exception. Added once per socket, not per request.
 */
function ignoreSocketErrors(): void {}

/** Basic credentials from the proxy URL's userinfo, sent up front as curl does; null without any. */
function proxyAuthorization(proxy: URL): string | null {
  if (proxy.username === "") return null;
  return `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString("base64")}`;
}

/** Opens a CONNECT tunnel through `proxy` to `authority`; resolves once the proxy answered 2xx. */
async function tunnel(proxy: URL, authority: string, userAgent: string | undefined): Promise<net.Socket> {
  const socket = net.connect({ host: proxy.hostname.replace(/^\[|\]$/g, ""), port: Number(proxy.port || 80) });
  await connected(socket, false).catch((e: unknown) => {
    throw describe(e, `the proxy ${proxy.host}`);
  });
  // Chromium's CONNECT (net/http/http_proxy_client_socket.cc): Host, Proxy-Connection, User-Agent.
  let head = `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\nProxy-Connection: keep-alive\r\n`;
  if (userAgent !== undefined) head += `User-Agent: ${userAgent}\r\n`;
  const auth = proxyAuthorization(proxy);
  if (auth !== null) head += `Proxy-Authorization: ${auth}\r\n`;
  socket.write(`${head}\r\n`);
  const response = await readResponse(socket, "CONNECT", `the proxy ${proxy.host}`).response;
  response.resume();
  if ((response.statusCode ?? 0) < 200 || (response.statusCode ?? 0) > 299) {
    socket.destroy();
    throw new NetworkError(`the proxy ${proxy.host} refused CONNECT ${authority}: ${response.statusCode} ${response.statusMessage ?? ""}`.trim());
  }
  return socket;
}

/** A response being read from a socket, and how to give the socket back. */
interface Reading {
  readonly response: Promise<IncomingMessage>;
  /** True once any byte of the response arrived (a reused socket that fails before that is retried). */
  readonly started: () => boolean;
  /** Detaches the parser from the socket, so that the socket can carry the next request. */
  readonly release: () => void;
}

/**
 * Reads one HTTP/1.1 response from `socket` with Node's parser (llhttp, strict mode, bounded head).
 * A throw-away ClientRequest runs on a stand-in duplex: what it would write is discarded (the real
 * request was written already), what the socket receives is fed to its parser.
 */
function readResponse(socket: net.Socket, method: string, where: string): Reading {
  let ended = false;
  let started = false;
  const end = () => {
    if (!ended) {
      ended = true;
      standIn.push(null);
    }
  };
  const standIn = new Duplex({
    read() {
      socket.resume();
    },
    write(_chunk, _encoding, callback) {
      callback();
    },
    final(callback) {
      callback();
    },
    destroy(error, callback) {
      callback(error);
    },
  });
  const onData = (chunk: Buffer) => {
    started = true;
    if (!ended && !standIn.push(chunk)) socket.pause();
  };
  const release = () => {
    socket.off("data", onData);
    socket.off("end", end);
    socket.off("close", end);
  };
  socket.on("data", onData);
  socket.on("end", end);
  socket.on("close", end);
  socket.resume();
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    const parser = http.request({
      createConnection: () => standIn as unknown as net.Socket,
      // Only HEAD and CONNECT change how a response is framed; other methods parse alike.
      method: method === "HEAD" || method === "CONNECT" ? method : "GET",
      path: method === "CONNECT" ? "x:1" : "/",
      setHost: false,
      maxHeaderSize: MAX_HEADER_BYTES,
      insecureHTTPParser: false,
    });
    parser.on("error", (e) => reject(describe(e, where)));
    parser.on("response", resolve);
    // Node answers a CONNECT with this event whatever the status; the tunnel's bytes belong to TLS from here on.
    parser.on("connect", (res: IncomingMessage) => {
      release();
      resolve(res);
    });
    parser.end();
  });
  return { response, started: () => started, release };
}

/**
 * Whether the connection may carry another request after this response, as //net decides it
 * (HttpStreamParser::CanReuseConnection): HTTP/1.1, no `Connection: close`, and a body whose end
 * was framed (Content-Length, chunked, or none by status or method) rather than marked by the close.
 */
function reusable(res: IncomingMessage, method: string): boolean {
  if (res.httpVersion !== "1.1" || /(^|,)\s*close\s*(,|$)/i.test(res.headers.connection ?? "")) return false;
  const status = res.statusCode ?? 0;
  if (method === "HEAD" || status === 204 || status === 304 || (status >= 100 && status < 200)) return true;
  return res.headers["content-length"] !== undefined || /chunked/i.test(res.headers["transfer-encoding"] ?? "");
}

/** Chromium keeps at most 6 connections per server (ClientSocketPoolManager, normal socket pool). */
const MAX_IDLE_PER_SERVER = 6;
/** Idle connections are closed after this long; they never keep the process alive meanwhile. */
const IDLE_TIMEOUT_MS = 30_000;

/** Idle keep-alive connections by server, as the browser's socket pool holds them. */
function connectionPool() {
  const idle = new Map<string, net.Socket[]>();
  return {
    take(key: string): net.Socket | undefined {
      const list = idle.get(key) ?? [];
      for (let s = list.pop(); s !== undefined; s = list.pop()) {
        if (s.destroyed || s.readyState !== "open") continue;
        // The idle-pool timer goes; the request that takes it sets its own.
        s.removeAllListeners("timeout");
        s.setTimeout(0);
        s.ref();
        return s;
      }
      return undefined;
    },
    put(key: string, socket: net.Socket): void {
      const list = idle.get(key) ?? [];
      if (list.length >= MAX_IDLE_PER_SERVER) {
        socket.destroy();
        return;
      }
      socket.pause();
      socket.unref();
      socket.removeAllListeners("timeout");
      socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy());
      list.push(socket);
      idle.set(key, list);
    },
  };
}

/** Collects a body, keeping at most `max` bytes. */
function collect(res: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      if (size < max) chunks.push(chunk.subarray(0, max - size));
      size += chunk.length;
    });
    res.on("error", reject);
    res.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

/**
 * Decodes the body the way the browser does for script (`Content-Encoding` gzip, deflate, br, zstd
 * — the codings Chromium's Accept-Encoding offers). Returns undefined when this Node cannot decode
 * it (zstd needs Node 22.15+) or the body is corrupt: the verdict never depends on the body.
 */
function decode(raw: Buffer, encoding: string | undefined, max: number): string | undefined {
  const coding = (encoding ?? "").trim().toLowerCase();
  const options = { maxOutputLength: max, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  try {
    if (coding === "" || coding === "identity") return raw.toString("utf8");
    if (coding === "gzip" || coding === "x-gzip") return zlib.gunzipSync(raw, options).toString("utf8");
    if (coding === "deflate") {
      // Chromium accepts zlib-wrapped and raw deflate alike (net/filter/gzip_source_stream.cc).
      try {
        return zlib.inflateSync(raw, options).toString("utf8");
      } catch {
        return zlib.inflateRawSync(raw, options).toString("utf8");
      }
    }
    if (coding === "br") return zlib.brotliDecompressSync(raw, { maxOutputLength: max }).toString("utf8");
    const zstd = (zlib as unknown as { zstdDecompressSync?: (b: Buffer, o: object) => Buffer }).zstdDecompressSync;
    if (coding === "zstd" && zstd !== undefined) return zstd(raw, { maxOutputLength: max }).toString("utf8");
  } catch {
    return undefined;
  }
  return undefined;
}

/** Parses `host:port:address` entries (curl `--resolve`); throws on a malformed one. */
export function parseResolve(entries: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of entries) {
    const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5}):(\[[^\]]+\]|.+)$/.exec(entry);
    const address = m?.[3]?.replace(/^\[|\]$/g, "");
    if (m === null || address === undefined || net.isIP(address) === 0)
      throw new TypeError(`--resolve must look like host:port:address with an IP address, such as api.example.com:443:127.0.0.1, not '${entry}'`);
    map.set(`${m[1]!.toLowerCase()}:${m[2]}`, address);
  }
  return map;
}

/** The request line and header block, exactly as given; refuses CR, LF or NUL anywhere in them. */
function head(method: string, target: string, headers: readonly (readonly [string, string])[]): string {
  const unsafe = /[\0\r\n]/;
  if (unsafe.test(method) || unsafe.test(target) || headers.some(([n, v]) => unsafe.test(n) || unsafe.test(v)))
    throw new NetworkError("refusing to send a request line or header containing CR, LF or NUL");
  let text = `${method} ${target} HTTP/1.1\r\n`;
  for (const [name, value] of headers) text += `${name}: ${value}\r\n`;
  return `${text}\r\n`;
}

/** A request for a plain-HTTP proxy: `Proxy-Connection` for `Connection`, then its credentials if any. */
function viaProxy(headers: readonly (readonly [string, string])[], auth: string | null): (readonly [string, string])[] {
  const out = headers.map(([n, v]): readonly [string, string] => (n.toLowerCase() === "connection" ? ["Proxy-Connection", v] : [n, v]));
  if (auth !== null) out.splice(2, 0, ["Proxy-Authorization", auth]);
  return out;
}

/**
 * The model's requests start with Host, Connection and Content-Length as the browser writes them; a
 * hand-made request without them (a probe, a test) gets Host first and Content-Length for its body,
 * since HTTP/1.1 servers refuse a request without Host and cannot frame a body without a length.
 */
function framed(request: WireRequest, url: URL): readonly (readonly [string, string])[] {
  const has = (name: string) => request.headers.some(([n]) => n.toLowerCase() === name);
  const out: (readonly [string, string])[] = has("host") ? [] : [["Host", url.host]];
  out.push(...request.headers);
  if (request.body !== undefined && !has("content-length")) out.push(["Content-Length", String(request.body.byteLength)]);
  return out;
}

/**
 * Sends each request with exactly the given request line and header lines
 * (the model writes Host, Connection and Content-Length itself) and returns the response's raw
 * header lines in order, duplicates kept, and its body decoded as the browser decodes it.
 *
 * Connections are kept alive and reused for the next request to the same server, as the browser
 * does (at most 6 idle per server, closed after 30 s idle, never keeping the process alive); a
 * reused connection the server closed meanwhile is retried once on a new one, as Chromium does.
 *
 * Security: every size is bounded (256 KiB of response headers as Chromium, `maxBodyBytes` of body),
 * silence is bounded by `timeout` and a whole run by `signal` (`AbortSignal.timeout(ms)`); header
 * values with CR/LF are refused, not sent.
 *
 * @example
 * const result = await simulateFetch({ url: "http://127.0.0.1:3000/api", origin: "http://localhost:5173", method: "patch" },
 *   { transport: httpTransport({ timeout: 5000 }) });
 */
export function httpTransport(options: HttpTransportOptions = {}): Transport {
  const timeout = options.timeout ?? 10_000;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const resolveMap = parseResolve(options.resolve ?? []);
  const extraCa = options.ca === undefined ? [] : typeof options.ca === "string" ? [options.ca] : [...options.ca];
  const ca = extraCa.length === 0 ? undefined : [...tls.rootCertificates, ...envExtraCerts(), ...extraCa];
  const proxyFor = typeof options.proxy === "function" ? options.proxy : () => (typeof options.proxy === "string" ? options.proxy : null);
  const pool = connectionPool();

  /** Where a request for `url` connects: the host (after --resolve), its port, and the proxy if any. */
  function endpoint(url: URL) {
    const secure = url.protocol === "https:";
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const port = Number(url.port || (secure ? 443 : 80));
    const proxyText = proxyFor(url);
    const proxy = proxyText === null ? null : new URL(proxyText);
    if (proxy !== null && proxy.protocol !== "http:") throw new NetworkError(`only http:// proxies are supported, not ${proxy.protocol}`);
    const where = `${url.host}${proxy === null ? "" : ` via the proxy ${proxy.host}`}`;
    const address = resolveMap.get(`${host.toLowerCase()}:${port}`) ?? host;
    return { secure, host, port, proxyText, proxy, where, address };
  }

  async function exchange(request: WireRequest, track: (s: net.Socket) => void): Promise<WireResponse> {
    const url = new URL(request.url);
    const { secure, host, port, proxyText, proxy, where, address } = endpoint(url);

    // A plain-HTTP proxy gets the absolute URL and Proxy-Connection (Chromium's HttpNetworkTransaction).
    const forwarded = proxy !== null && !secure;
    const headers = forwarded ? viaProxy(framed(request, url), proxyAuthorization(proxy)) : framed(request, url);
    // Built (and checked for CR/LF) before anything is sent.
    const bytes = Buffer.from(head(request.method, forwarded ? url.href.replace(/#.*$/, "") : url.pathname + url.search, headers), "latin1");

    const open = async (): Promise<net.Socket> => {
      if (forwarded) {
        const socket = net.connect({ host: proxy.hostname.replace(/^\[|\]$/g, ""), port: Number(proxy.port || 80) });
        track(socket);
        await connected(socket, false).catch((e: unknown) => {
          throw describe(e, `the proxy ${proxy.host}`);
        });
        return socket;
      }
      let raw: net.Socket | undefined;
      if (proxy !== null) {
        const userAgent = headers.find(([n]) => n.toLowerCase() === "user-agent")?.[1];
        raw = await tunnel(proxy, `${url.hostname}:${port}`, userAgent);
        track(raw);
      }
      let socket: net.Socket;
      if (secure) {
        const tlsOptions: tls.ConnectionOptions = {
          rejectUnauthorized: options.rejectUnauthorized ?? true,
          ALPNProtocols: ["http/1.1"],
          ...(ca === undefined ? {} : { ca }),
          ...(net.isIP(host) === 0 ? { servername: host } : {}),
          // Verify the certificate against the URL's host even when --resolve or a tunnel connects elsewhere.
          checkServerIdentity: (_name, cert) => tls.checkServerIdentity(host, cert),
        };
        socket = raw === undefined ? tls.connect({ ...tlsOptions, host: address, port }) : tls.connect({ ...tlsOptions, socket: raw });
      } else {
        socket = net.connect({ host: address, port });
      }
      track(socket);
      await connected(socket, secure).catch((e: unknown) => {
        throw describe(e, where);
      });
      return socket;
    };

    /** One try on `socket`; undefined when a reused connection turned out closed before any answer. */
    const attempt = async (socket: net.Socket, reused: boolean): Promise<{ res: IncomingMessage; raw: Buffer } | undefined> => {
      if (!socket.listeners("error").includes(ignoreSocketErrors)) socket.on("error", ignoreSocketErrors);
      const reading = readResponse(socket, request.method, where);
      socket.write(request.body === undefined ? bytes : Buffer.concat([bytes, Buffer.from(request.body)]));
      try {
        const res = await reading.response;
        return { res, raw: await collect(res, maxBodyBytes) };
      } catch (error) {
        // Chromium resends on a fresh connection when a reused one fails before the response
        // started (HttpNetworkTransaction::ShouldResendRequest).
        if (reused && !reading.started()) return undefined;
        throw error;
      } finally {
        reading.release();
      }
    };

    // Like the browser, keep the connection open after a response and reuse it for the next request
    // to the same server (a preflight's actual request, the next hop, the next fetch).
    const key = `${proxyText ?? "direct"}|${url.protocol}//${host.toLowerCase()}:${port}|${address}`;
    let outcome: { socket: net.Socket; res: IncomingMessage; raw: Buffer } | undefined;
    const idleSocket = pool.take(key);
    if (idleSocket !== undefined) {
      track(idleSocket);
      const done = await attempt(idleSocket, true);
      if (done === undefined) idleSocket.destroy();
      else outcome = { socket: idleSocket, ...done };
    }
    if (outcome === undefined) {
      const socket = await open();
      const done = await attempt(socket, false);
      if (done === undefined) throw new NetworkError(`no response from ${where}`);
      outcome = { socket, ...done };
    }
    const { socket, res, raw } = outcome;
    if (reusable(res, request.method)) pool.put(key, socket);
    else socket.destroy();
    const lines: [string, string][] = [];
    for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) lines.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
    const body = request.method === "HEAD" ? "" : decode(raw, res.headers["content-encoding"], maxBodyBytes);
    return body === undefined ? { status: res.statusCode ?? 0, headers: lines } : { status: res.statusCode ?? 0, headers: lines, body };
  }

  return {
    // Local Network Access judges the connected socket's peer: the server, or the proxy in between.
    addressSpace: async (url) => {
      const { proxy, port, address, where } = endpoint(url);
      const peer = proxy === null ? { host: address, port } : { host: proxy.hostname.replace(/^\[|\]$/g, ""), port: Number(proxy.port || 80) };
      return connectedAddressSpace(peer.host, peer.port, timeout).catch((e: unknown) => {
        throw describe(e, proxy === null ? where : `the proxy ${proxy.host}`);
      });
    },
    send(request: WireRequest): Promise<WireResponse> {
      const sockets: net.Socket[] = [];
      const stop = (error: Error) => {
        for (const s of sockets) s.destroy(error);
      };
      return new Promise<WireResponse>((resolve, reject) => {
        const signal = options.signal;
        const fail = (error: Error) => {
          stop(error);
          reject(error);
        };
        if (signal?.aborted) return fail(new NetworkError(`aborted: ${String(signal.reason)}`));
        // `timeout` is an idle timer per socket (connecting, or waiting between two reads); the
        // signal is the deadline for a whole run.
        const onIdle = () => fail(new NetworkError(`timed out after ${timeout} ms waiting for ${new URL(request.url).host}`));
        const track = (socket: net.Socket) => {
          sockets.push(socket);
          socket.setTimeout(timeout);
          socket.on("timeout", onIdle);
        };
        const onAbort = () => fail(new NetworkError(`aborted: ${signal?.reason instanceof Error ? signal.reason.message : String(signal?.reason)}`));
        signal?.addEventListener("abort", onAbort, { once: true });
        const done = () => {
          for (const s of sockets) s.off("timeout", onIdle);
          signal?.removeEventListener("abort", onAbort);
        };
        exchange(request, track).then(
          (response) => {
            done();
            resolve(response);
          },
          (error: unknown) => {
            done();
            fail(describe(error, new URL(request.url).host));
          },
        );
      });
    },
  };
}
