/**
 * The sequence diagram of one model run, as SVG: the page on the left, one lifeline per server
 * origin the fetch reached (redirects can add some), an arrow per request and per response, a note
 * for a preflight answered from the cache, and the verdict. Every arrow is a keyboard-operable
 * button that opens the matching headers panel below the drawing.
 */
import type { BrowserResult, WireRequest, WireResponse } from "../../browser/index.js";
import { h, headerText, s } from "./dom.js";

const ROW = 44;
const TOP = 64;
const WIDTH = 860;
const PAGE_X = 110;

interface Arrow {
  readonly from: number;
  readonly to: number;
  readonly label: string;
  readonly title: string;
  readonly detail: string;
  readonly kind: "request" | "response" | "failure";
}

const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

const originHeader = (r: WireRequest) => r.headers.find(([n]) => n.toLowerCase() === "origin")?.[1];

function responseLabel(r: WireResponse | null): string {
  if (r === null) return "no response (network failure)";
  const acao = r.headers.find(([n]) => n.toLowerCase() === "access-control-allow-origin");
  return `${r.status} · ${acao ? `ACAO: ${acao[1]}` : "no Access-Control-Allow-Origin"}`;
}

function requestDetail(r: WireRequest): string {
  return `${r.method} ${r.url}\n${headerText(r.headers)}`;
}

function responseDetail(r: WireResponse | null): string {
  return r === null ? "(no response)" : `HTTP ${r.status}\n${headerText(r.headers)}`;
}

/** Draws `result` into `container` (replacing what was there). */
export function drawSequence(container: HTMLElement, origin: string, result: BrowserResult): void {
  const servers = [...new Set(result.trace.map((x) => new URL(x.request.url).origin))];
  const gap = servers.length === 0 ? 0 : (WIDTH - PAGE_X - 130) / Math.max(1, servers.length);
  const laneX = (url: string) => PAGE_X + gap * (servers.indexOf(new URL(url).origin) + 1);
  const arrows: Arrow[] = [];
  const notes: { y: number; text: string }[] = [];
  let y = TOP;
  if (result.preflightFromCache) {
    notes.push({ y, text: "preflight answered from the preflight cache: no OPTIONS sent" });
    y += ROW;
  }
  for (const [i, x] of result.trace.entries()) {
    const lane = laneX(x.request.url);
    const kind = x.kind === "preflight" ? "preflight" : x.kind === "redirect" ? "redirected hop" : "actual";
    arrows.push({
      from: PAGE_X,
      to: lane,
      // A cross-origin redirect taints the request: the next hops carry `Origin: null` (Fetch §4.4 step 10).
      label: `${x.request.method} ${pathOf(x.request.url)} (${kind})${originHeader(x.request) === origin ? "" : ` · Origin: ${originHeader(x.request) ?? "none"}`}`,
      title: `${i + 1}. ${kind} request`,
      detail: requestDetail(x.request),
      kind: "request",
    });
    arrows.push({
      from: lane,
      to: PAGE_X,
      label: responseLabel(x.response),
      title: `${i + 1}. ${kind} response`,
      detail: responseDetail(x.response),
      kind: x.response === null ? "failure" : "response",
    });
  }
  const height = TOP + (arrows.length + notes.length) * ROW + 50;
  const svg = s("svg", { viewBox: `0 0 ${WIDTH} ${height}`, width: WIDTH, height, role: "group", "aria-label": "Sequence of the exchanges" });
  svg.append(
    s(
      "defs",
      {},
      s(
        "marker",
        { id: "head", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 10, markerHeight: 10, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" },
        s("path", { d: "M0,0 L10,5 L0,10 z", fill: "#1b1f24" }),
      ),
    ),
  );
  const lanes: [number, string, string][] = [[PAGE_X, "page", origin], ...servers.map((o): [number, string, string] => [laneX(`${o}/`), "server", o])];
  for (const [x, role, name] of lanes) {
    svg.append(s("rect", { x: x - 95, y: 8, width: 190, height: 40, rx: 6, fill: "#f4f6f8", stroke: "#8c959f" }));
    svg.append(s("text", { x, y: 24, "text-anchor": "middle", "font-size": 12, fill: "#4b5563" }, role));
    svg.append(
      s(
        "text",
        { x, y: 40, "text-anchor": "middle", "font-size": 12, "font-family": "monospace", fill: "#1b1f24" },
        name.length > 28 ? `${name.slice(0, 27)}…` : name,
      ),
    );
    svg.append(s("line", { x1: x, y1: 48, x2: x, y2: height - 30, stroke: "#8c959f", "stroke-dasharray": "4 4" }));
  }
  const panels = h("div", { class: "exchanges" });
  for (const n of notes) {
    svg.append(s("rect", { x: PAGE_X + 10, y: n.y - 16, width: 420, height: 24, rx: 4, fill: "#fff8c5", stroke: "#bf8700" }));
    svg.append(s("text", { x: PAGE_X + 20, y: n.y, "font-size": 12, fill: "#7d4e00" }, n.text));
  }
  for (const [i, a] of arrows.entries()) {
    const ay = TOP + (notes.length + i) * ROW;
    const id = `exchange-${i}`;
    const color = a.kind === "failure" ? "#a40e26" : a.kind === "request" ? "#0b57d0" : "#1b1f24";
    const g = s("g", {
      class: "arrow",
      tabindex: 0,
      role: "button",
      "aria-expanded": "false",
      "aria-controls": id,
      "aria-label": `${a.title}: ${a.label}. Show headers.`,
    });
    g.append(
      s("line", {
        x1: a.from,
        y1: ay,
        x2: a.to,
        y2: ay,
        stroke: color,
        "stroke-width": 2,
        "marker-end": "url(#head)",
        ...(a.kind === "request" ? {} : { "stroke-dasharray": "6 3" }),
      }),
    );
    g.append(s("text", { x: (a.from + a.to) / 2, y: ay - 7, "text-anchor": "middle", "font-size": 12, "font-family": "monospace", fill: color }, a.label));
    svg.append(g);
    const panel = h("details", { class: "exchange", id }, h("summary", {}, `${a.title}: ${a.label}`), h("pre", {}, a.detail));
    const toggle = () => {
      panel.open = !panel.open;
      g.setAttribute("aria-expanded", String(panel.open));
    };
    panel.addEventListener("toggle", () => g.setAttribute("aria-expanded", String(panel.open)));
    g.addEventListener("click", toggle);
    g.addEventListener("keydown", (e) => {
      const key = (e as KeyboardEvent).key;
      if (key === "Enter" || key === " ") {
        e.preventDefault();
        toggle();
      }
    });
    panels.append(panel);
  }
  const endY = height - 22;
  const verdict = result.allowed
    ? `✓ script reads the response (${result.response?.status ?? ""} ${result.response?.type ?? ""})`
    : `✗ blocked: ${result.error?.code ?? "error"}`;
  svg.append(s("text", { x: PAGE_X - 90, y: endY, "font-size": 14, "font-weight": 700, fill: result.allowed ? "#116329" : "#a40e26" }, verdict));
  container.replaceChildren(svg, panels);
}
