/**
 * The minimal request/response doubles every in-process benchmark uses.
 *
 * FakeResponse is the surface of the `cors` package's own test double (expressjs/cors test/test.js):
 * `getHeader`, `setHeader` (names compared case-insensitively, stored lower-case), `end` and
 * `statusCode`. Peers that strictly need more get it here, and only that:
 * - `headersSent` (false) and `statusMessage`: Koa's response setters read and write them;
 * - `removeHeader`: part of the same Node surface, used by nobody on the measured paths.
 * A new FakeResponse is created for every call (as a server creates one per request); its cost is
 * measured on its own as the "harness" row and is included in every number.
 */

export class FakeResponse {
  constructor() {
    this.statusCode = 200;
    this.statusMessage = "";
    this.headersSent = false;
    this.ended = false;
    this._headers = {};
  }
  getHeader(name) {
    return this._headers[name.toLowerCase()];
  }
  setHeader(name, value) {
    this._headers[name.toLowerCase()] = value;
    return this;
  }
  removeHeader(name) {
    delete this._headers[name.toLowerCase()];
  }
  end() {
    this.ended = true;
    return this;
  }
}

/**
 * A request double: `method`, lower-case `headers` (as Node's IncomingMessage has them), `url`,
 * and `httpVersionMajor` (Koa). The same object is reused for every call of a row; no middleware
 * under test mutates it.
 */
export function fakeRequest(method, headers) {
  return { method, url: "/", httpVersion: "1.1", httpVersionMajor: 1, headers };
}

/** Called by Express-style middleware when the request continues to the application. */
export function noop() {}
