// Rehearse's island loader. Pages are server HTML; once the browser is idle this loads the
// wasm bundle and wakes each <leptos-island> in document order by calling the export the
// island names. It is a file, not an inline script, so pages carry no inline script at all:
// the Content-Security-Policy allows scripts from this site only, and a page's bytes do not
// depend on the response (they can be cached and shared by every signed-out visitor).
//
// The bundle's addresses come from the page's own preload links (written by the server from
// its Leptos settings), so the two never disagree.
const BUNDLE = document.querySelector('link[rel="modulepreload"]')?.href;
const WASM = document.querySelector('link[rel="preload"][as="fetch"]')?.href;

// Leptos's hydration runtime reads these arrays; no island of ours loads data while the page
// renders, so they start empty (Leptos would otherwise write them in inline scripts).
for (const name of [
  "__RESOLVED_RESOURCES",
  "__SERIALIZED_ERRORS",
  "__PENDING_RESOURCES",
  "__RESOURCE_RESOLVERS",
  "__INCOMPLETE_CHUNKS",
]) {
  window[name] = [];
}

// The one shortcut every page has: "/" focuses the header's search field, unless the learner
// is typing in a field (or holds a modifier). Here rather than in an island so that it works
// from the first paint, before the bundle loads, and costs the bundle nothing.
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) {
    return;
  }
  const target = event.target;
  const typing =
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      target.tagName === "TEXTAREA" ||
      target.tagName === "SELECT" ||
      (target.tagName === "INPUT" && !["checkbox", "radio", "button", "submit"].includes(target.type)));
  const field = document.getElementById("header-q");
  if (typing || !field) return;
  event.preventDefault();
  field.focus();
});

const whenIdle = window.requestIdleCallback ?? ((run) => setTimeout(run, 0));

// Islands inside another island's children are not used here, so each is woken on its own.
async function wakeIslands() {
  const bundle = await import(BUNDLE);
  await bundle.default({ module_or_path: WASM });
  bundle.hydrate();
  for (const island of document.querySelectorAll("leptos-island")) {
    const wake = bundle[island.dataset.component];
    if (wake) {
      await wake(island);
    } else {
      console.warn(`No island called ${island.dataset.component} in the bundle.`);
    }
  }
}

// Without the wasm the page still works as plain HTML; say why in the console.
whenIdle(() => wakeIslands().catch((error) => console.error("Islands did not load:", error)));
