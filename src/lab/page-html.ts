/**
 * The lab's two HTML documents. The markup is static (labels, landmarks, tab order); the bundle
 * (`page/main.ts`) adds behaviour. No external resource of any kind: the lab works offline.
 */

const STYLE = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #4b5563; --bg: #ffffff; --panel: #f4f6f8; --line: #c9d1d9;
  --ok: #116329; --ok-bg: #dafbe1; --bad: #a40e26; --bad-bg: #ffebe9; --warn: #7d4e00; --warn-bg: #fff8c5; --accent: #0b57d0; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; align-items: center; gap: 24px; padding: 10px 20px; border-bottom: 1px solid var(--line); background: var(--panel); }
h1 { font-size: 19px; margin: 0; }
h2 { font-size: 17px; margin: 0 0 8px; }
h3 { font-size: 15px; margin: 12px 0 4px; }
[role=tablist] { display: flex; gap: 4px; }
[role=tab] { font: inherit; padding: 6px 14px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); cursor: pointer; }
[role=tab][aria-selected=true] { background: var(--accent); border-color: var(--accent); color: #fff; }
main { padding: 16px 20px; max-width: 1400px; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
form.builder { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 10px 14px; align-items: end; }
form.builder .wide { grid-column: span 2; }
form.builder .full { grid-column: 1 / -1; }
label { display: flex; flex-direction: column; gap: 3px; font-weight: 600; font-size: 13px; }
input, select, textarea { font: 14px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; padding: 6px 8px; border: 1px solid #8c959f; border-radius: 5px; color: var(--fg); background: var(--bg); }
textarea { resize: vertical; }
button { font: inherit; padding: 7px 14px; border-radius: 6px; border: 1px solid var(--line); background: var(--panel); color: var(--fg); cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
button:disabled { opacity: .6; cursor: default; }
.actions { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.note { color: var(--muted); font-size: 13px; margin: 4px 0; }
.hosting { padding: 6px 10px; border-radius: 6px; background: var(--panel); margin: 12px 0 0; font-size: 14px; }
.hosting.model-only { background: var(--warn-bg); color: var(--warn); }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin-top: 14px; }
.column { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; min-width: 0; }
.column dl { display: grid; grid-template-columns: 150px minmax(0, 1fr); gap: 4px 10px; margin: 0; }
.column dt { font-weight: 600; color: var(--muted); }
.column dd { margin: 0; overflow-wrap: anywhere; }
.mismatch { background: var(--warn-bg); outline: 2px solid #bf8700; border-radius: 3px; }
.verdict { display: inline-block; font-weight: 700; padding: 1px 8px; border-radius: 10px; }
.verdict.allowed { color: var(--ok); background: var(--ok-bg); }
.verdict.blocked { color: var(--bad); background: var(--bad-bg); }
pre { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--panel); padding: 8px; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; }
.agreement { margin-top: 14px; padding: 10px 14px; border-radius: 8px; font-weight: 600; }
.agreement.agree { background: var(--ok-bg); color: var(--ok); }
.agreement.disagree { background: var(--bad-bg); color: var(--bad); }
.agreement.model-only { background: var(--panel); color: var(--muted); }
.diagram { margin-top: 16px; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.diagram svg { max-width: 100%; height: auto; }
.diagram .arrow { cursor: pointer; }
.diagram .arrow:focus { outline: none; }
.diagram .arrow:focus-visible line, .diagram .arrow:hover line { stroke-width: 3; }
.diagram .arrow:focus-visible text { text-decoration: underline; }
details.exchange { margin: 4px 0; }
details.exchange summary { cursor: pointer; font-weight: 600; }
.problems { list-style: none; padding: 0; margin: 8px 0; }
.problems li { padding: 6px 10px; border-left: 4px solid var(--bad); background: var(--bad-bg); margin-bottom: 6px; border-radius: 0 6px 6px 0; }
.problems li.none { border-left-color: var(--ok); background: var(--ok-bg); }
.problems li.warning { border-left-color: #bf8700; background: var(--warn-bg); }
.problems button.at { font-size: 12px; padding: 1px 8px; margin-left: 6px; }
fieldset.format { border: 0; padding: 0; margin: 0 0 8px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
fieldset.format legend { font-weight: 600; font-size: 13px; float: left; margin-right: 4px; }
fieldset.format label { flex-direction: row; align-items: center; gap: 6px; font-weight: 400; font-size: 14px; }
.sandbox { padding: 8px 10px; border-radius: 6px; background: var(--panel); border-left: 4px solid var(--accent); font-size: 13px; margin: 0 0 8px; }
.sandbox.open { border-left-color: #bf8700; }
.policy-grid { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 16px; }
#matrix { overflow-x: auto; max-width: 100%; }
table.matrix { border-collapse: collapse; margin-top: 10px; font-size: 13px; }
table.matrix th, table.matrix td { border: 1px solid var(--line); padding: 4px 6px; text-align: center; }
table.matrix th[scope=row] { text-align: left; font-family: ui-monospace, monospace; }
table.matrix td.allowed { background: var(--ok-bg); color: var(--ok); }
table.matrix td.blocked { background: var(--bad-bg); color: var(--bad); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** The lab app; `token` is the per-run secret its API calls send back (base64url, so safe in an attribute). */
export function appHtml(token: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="corsproof-lab-token" content="${token.replace(/[^\w-]/g, "")}">
<title>corsproof lab</title><style>${STYLE}</style></head>
<body data-view="app">
<header><h1>corsproof lab</h1>
<div role="tablist" aria-label="Lab views">
<button role="tab" id="tab-request" aria-controls="view-request" aria-selected="true">Request</button>
<button role="tab" id="tab-policy" aria-controls="view-policy" aria-selected="false" tabindex="-1">Policy playground</button>
</div></header>
<main>
<section id="view-request" role="tabpanel" aria-labelledby="tab-request">
<form class="builder" id="builder" aria-label="Request builder">
<label class="wide">Preset<select id="preset"><option value="">(choose a classic failure)</option></select></label>
<p class="note wide" id="preset-why" aria-live="polite"></p>
<label class="wide">Target URL<input id="url" type="url" required spellcheck="false" autocomplete="off"></label>
<label class="wide">Page origin<input id="origin" required spellcheck="false" autocomplete="off" aria-describedby="hosting"></label>
<label>Method<input id="method" required spellcheck="false" list="methods" autocomplete="off"></label>
<datalist id="methods"><option>GET</option><option>HEAD</option><option>POST</option><option>PUT</option><option>PATCH</option><option>DELETE</option></datalist>
<label>Credentials<select id="credentials"><option>same-origin</option><option>include</option><option>omit</option></select></label>
<label>Redirect<select id="redirect"><option>follow</option><option>error</option><option>manual</option></select></label>
<label>Browser model<select id="browser"><option value="chromium">Chromium</option><option value="firefox">Firefox</option><option value="spec">Fetch Standard</option></select></label>
<label class="wide">Headers (one "Name: value" a line)<textarea id="headers" rows="3" spellcheck="false"></textarea></label>
<label class="wide">Body (text; empty for none)<textarea id="body" rows="3" spellcheck="false"></textarea></label>
<div class="actions full"><button class="primary" id="run" type="submit">Run in both</button>
<button type="button" id="clear-cache">Clear the model's preflight cache</button>
<span id="status" class="note" role="status"></span></div>
</form>
<p id="hosting" class="hosting" aria-live="polite"></p>
<div class="columns">
<section class="column" id="real" aria-labelledby="real-title" aria-live="polite"><h2 id="real-title">Your browser</h2><p class="note">Run a request to see what fetch() gave script.</p></section>
<section class="column" id="model" aria-labelledby="model-title" aria-live="polite"><h2 id="model-title">corsproof model</h2><p class="note">The same simulateFetch as <code>corsproof check</code>.</p></section>
</div>
<label class="full" style="margin-top:12px">Console message your browser printed (paste it from DevTools to compare)<textarea id="console" rows="2" spellcheck="false"></textarea></label>
<div id="agreement" class="agreement model-only" role="status">Nothing run yet.</div>
<div class="actions" style="margin-top:8px"><button type="button" id="save" disabled>Save scenario as JSON</button></div>
<section class="diagram" aria-labelledby="diagram-title"><h2 id="diagram-title">Sequence</h2><div id="diagram"><p class="note">The exchanges of the last run appear here; select an arrow for its headers.</p></div></section>
</section>
<section id="view-policy" role="tabpanel" aria-labelledby="tab-policy" hidden>
<div class="policy-grid">
<div><fieldset class="format"><legend>Format</legend>
<label><input type="radio" name="policy-format" id="format-json" value="json" checked> JSON</label>
<label><input type="radio" name="policy-format" id="format-mjs" value="mjs"> JavaScript module (.mjs, <code>export default { … }</code>)</label></fieldset>
<p id="sandbox-note" class="sandbox" hidden></p>
<label>Policy (the options of createCorsPolicy / serve --config)<textarea id="policy" rows="14" spellcheck="false"></textarea></label>
<h3>Problems</h3><ul class="problems" id="problems" aria-live="polite"></ul>
<details id="exported" hidden><summary>What the module exports</summary><pre id="exported-text"></pre></details></div>
<div><label>Also test these origins (one a line)<textarea id="policy-origins" rows="4" spellcheck="false">http://localhost:5173</textarea></label>
<label style="flex-direction:row;align-items:center;gap:8px;margin-top:8px"><input type="checkbox" id="policy-credentials"> credentials: 'include'</label>
<div class="actions" style="margin-top:10px"><button type="button" class="primary" id="serve">Serve it on a local port</button><button type="button" id="stop" disabled>Stop</button></div>
<p class="note" id="served" aria-live="polite"></p></div>
</div>
<h3>What the browser allows under this policy</h3>
<p class="note">Each cell is a fetch() judged by the browser model against the policy's real fetch adapter (preflight included).</p>
<div id="matrix"></div>
</section>
</main>
<script src="/lab.js"></script>
</body></html>`;
}

/** The runner: a page at the chosen origin that calls fetch() for the lab (embedded in an iframe). */
export function runnerHtml(parents: readonly string[]): string {
  const attr = parents.join(" ").replace(/[&"<>]/g, "");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>corsproof lab runner</title></head>
<body data-view="runner" data-parents="${attr}"><p>corsproof lab runner: this page runs fetch() for the lab at ${attr.split(" ")[0]}.</p>
<script src="/lab.js"></script></body></html>`;
}
