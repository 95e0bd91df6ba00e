/** A few DOM helpers for the lab page: build elements with text only (never HTML from data). */

import { LAB_TOKEN_HEADER } from "../protocol.js";

type Child = Node | string | null | undefined | false;

/** Creates `<tag>` with attributes and children; strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false) continue;
    el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const SVG = "http://www.w3.org/2000/svg";

/** Creates an SVG element. */
export function s(tag: string, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

/** The element with `id`, which the static page always has. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the lab page has no #${id}`);
  return el as T;
}

/** Header lines as `Name: value` text. */
export function headerText(headers: readonly (readonly [string, string])[]): string {
  return headers.map(([n, v]) => `${n}: ${v}`).join("\n");
}

/** The lab's per-run token from the page's markup: the API answers only requests that carry it. */
const token = () => document.querySelector<HTMLMetaElement>('meta[name="corsproof-lab-token"]')?.content ?? "";

/** POSTs JSON to the lab API and returns the JSON answer; a 4xx/5xx becomes an Error with the server's message. */
export async function api<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", [LAB_TOKEN_HEADER]: token() },
    body: JSON.stringify(body),
  });
  const value = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(value.error ?? `${res.status}`);
  return value;
}
