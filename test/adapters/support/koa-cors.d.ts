/** @koa/cors ships no types; the part the differential test uses. */
declare module "@koa/cors" {
  import type Koa from "koa";
  function cors(options?: Record<string, unknown>): Koa.Middleware;
  export default cors;
}
