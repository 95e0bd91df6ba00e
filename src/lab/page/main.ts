/**
 * The lab page bundle (built by tsup into dist/lab-page.global.js). The same script serves the app
 * and the runner page; the body's data-view says which one this document is.
 */
import { byId } from "./dom.js";
import { startPolicyView } from "./policy-view.js";
import { startRequestView } from "./request-view.js";
import { startRunner } from "./runner.js";

/** Tabs with the ARIA tabs pattern: arrow keys move between tabs, the selected one is in the tab order. */
function startTabs(): (id: string) => void {
  const tabs = [byId("tab-request"), byId("tab-policy")];
  const select = (id: string) => {
    for (const t of tabs) {
      const on = t.id === id;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      byId(t.getAttribute("aria-controls") as string).hidden = !on;
    }
  };
  for (const [i, t] of tabs.entries()) {
    t.addEventListener("click", () => select(t.id));
    t.addEventListener("keydown", (e) => {
      if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
      const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length] as HTMLElement;
      select(next.id);
      next.focus();
    });
  }
  return select;
}

if (document.body.dataset.view === "runner") startRunner();
else {
  const select = startTabs();
  startRequestView();
  startPolicyView(() => select("tab-request"));
}
