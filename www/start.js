// Loads the module of the link's view (Trunk.toml, scripts/page-modules.sh), read as
// src/url_state/route.rs and embed.rs read it.
const VIEWS = ["studio", "landscape", "capacity", "heads", "learn", "pooling"];
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

// The landscape's high-dimensional and theory tabs are a module of their own
// (src/pages/landscape_high_dim.rs); its 2-D tab and embedded panels are the landscape module.
// A link's last `tab` counts, as in src/url_state/query.rs.
const HIGH_DIM_TABS = ["high-dim", "theory"];

function moduleOfLink(search) {
  const view = viewOfLink(search);
  const params = new URLSearchParams(search);
  const tab = params.getAll("tab").pop();
  const highDim = view === "landscape" && !params.has("embed") && HIGH_DIM_TABS.includes(tab);
  return highDim ? "highdim" : view;
}

// `?lecture=5` alone becomes scene 5's link (src/url_state/lecture.rs checks this list).
const SCENES = [
  "view=studio&source=glyphs&count=4&side=32&edits=flip:0.2",
  "view=capacity&preset=classic-breaks",
  "view=capacity&preset=dense-poly",
  "view=studio&source=photos&edits=mask-lower&beta=0.1",
  "view=landscape&preset=two-close-one-far&beta=0.05",
  "view=landscape&preset=two-clusters&beta=2&basins=1",
  "view=heads&text=0&m=1&head=1.1&row=1",
  "view=capacity&preset=modern-thousands",
  "view=landscape&tab=theory&hd-source=random-binary&hd-mask=eighth&hd-beta=0.01",
  "view=learn&task=recall",
];

function openScene() {
  const params = new URLSearchParams(location.search);
  const raw = params.get("lecture");
  if (raw === null || params.has("view") || params.has("embed")) return;
  const n = /^\+?\d+$/.test(raw.trim()) ? Math.min(Math.max(+raw, 1), SCENES.length) : 1;
  history.replaceState(null, "", `${location.pathname}?${SCENES[n - 1]}&lecture=${encodeURIComponent(raw)}`);
}

async function start() {
  openScene();
  const module = moduleOfLink(location.search);
  const tag = document.querySelector("script[data-modules]");
  const stem = tag.dataset.modules.split(" ").find(s => s.startsWith(`hopfield-${module}-`));
  if (!stem) throw new Error(`the page has no module for the ${module} view`);
  const url = name => new URL(tag.dataset.base + name, document.baseURI).href;
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
