// Starts the WebAssembly app. Trunk builds one module per view (index.html has a `rust` link for
// each); Trunk.toml's `pattern_script` writes the <script src="start.js"> tag and its post-build
// hook (scripts/page-modules.sh) lists the modules' hashed file stems in its `data-modules`. This
// loads only the module of the view the link names, so a visitor downloads one view's code.
// (Trunk would inline its loader instead, which the Content-Security-Policy, script-src 'self'
// without inline scripts, forbids.)

// The view the link names, read the way the app reads it (src/url_state/route.rs: the first raw
// `view=` value; src/url_state/embed.rs: an embedded panel belongs to its view). Anything else
// is the studio, which then shows a notice naming the bad parameter.
const VIEWS = ["studio", "landscape", "capacity", "heads"];
const PANEL_VIEWS = {
  retrieval: "studio", attention: "studio", landscape: "landscape", bifurcation: "landscape",
  capacity: "capacity",
};

function viewOfLink(search) {
  const embed = new URLSearchParams(search).get("embed");
  if (embed !== null && PANEL_VIEWS[embed.trim()]) return PANEL_VIEWS[embed.trim()];
  for (const pair of search.replace(/^\?/, "").split("&")) {
    const cut = pair.indexOf("=");
    if (cut >= 0 && pair.slice(0, cut) === "view") {
      return VIEWS.includes(pair.slice(cut + 1)) ? pair.slice(cut + 1) : "studio";
    }
  }
  return "studio";
}

async function start() {
  const view = viewOfLink(location.search);
  const tag = document.querySelector("script[data-modules]");
  const stem = tag.dataset.modules.split(" ").find(s => s.startsWith(`hopfield-${view}-`));
  if (!stem) throw new Error(`the page has no module for the ${view} view`);
  const url = name => new URL(tag.dataset.base + name, document.baseURI).href;
  // Fetch the wasm while the glue loads; the glue's init accepts the pending response.
  const wasm = fetch(url(`${stem}_bg.wasm`));
  const glue = await import(url(`${stem}.js`));
  await glue.default({ module_or_path: wasm });
}

try {
  await start();
} catch (error) {
  // boot.js shows the message and the static figures instead of a blank page.
  if (window.hopfieldBootFailed) {
    window.hopfieldBootFailed("Hopfield Lab could not start: " + (error && error.message ? error.message : String(error)));
  } else {
    throw error;
  }
}
