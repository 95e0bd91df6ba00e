/**
 * The request builder's presets: the classic CORS failures people search for, ready to run against
 * `corsproof serve` (port 3000) from a dev server origin.
 */
import type { LabRequest } from "./protocol.js";

/** A named request. */
export interface Preset {
  readonly id: string;
  readonly title: string;
  readonly why: string;
  readonly request: LabRequest;
}

const API = "http://127.0.0.1:3000";

export const PRESETS: readonly Preset[] = [
  {
    id: "json-post-auth",
    title: "JSON POST with Authorization",
    why: "Content-Type: application/json and Authorization are not safelisted: the browser preflights, and the server must allow both headers.",
    request: {
      url: `${API}/api/items`,
      origin: "http://localhost:5173",
      method: "POST",
      headers: [
        ["Content-Type", "application/json"],
        ["Authorization", "Bearer secret-token"],
      ],
      credentials: "same-origin",
      redirect: "follow",
      body: '{"name":"from the lab"}',
    },
  },
  {
    id: "cookies-across-sites",
    title: "Cookies across sites",
    why: "credentials: 'include' needs Access-Control-Allow-Credentials: true and the exact origin, never *.",
    request: {
      url: `${API}/api/session`,
      origin: "http://app.localhost:5173",
      method: "GET",
      headers: [],
      credentials: "include",
      redirect: "follow",
      body: null,
    },
  },
  {
    id: "put-from-localhost",
    title: "PUT from localhost to an API",
    why: "PUT is not a simple method: the preflight must list it in Access-Control-Allow-Methods.",
    request: {
      url: `${API}/api/items/1`,
      origin: "http://localhost:5173",
      method: "PUT",
      headers: [["Content-Type", "application/json"]],
      credentials: "same-origin",
      redirect: "follow",
      body: '{"name":"renamed"}',
    },
  },
  {
    id: "simple-get",
    title: "Simple GET",
    why: "No preflight: the response alone must carry Access-Control-Allow-Origin.",
    request: {
      url: `${API}/api/items`,
      origin: "http://localhost:5173",
      method: "GET",
      headers: [],
      credentials: "same-origin",
      redirect: "follow",
      body: null,
    },
  },
];
