// Starts the WebAssembly app. Trunk would inline this as a <script type="module">, which the
// Content-Security-Policy (script-src 'self', no inline scripts) forbids; Trunk.toml's
// `pattern_script` instead writes a <script src="start.js"> tag carrying the hashed file names
// of the JS glue and the wasm module in data attributes, and this file loads them.
const tag = document.querySelector("script[data-glue]");
try {
  const glue = await import(new URL(tag.dataset.glue, document.baseURI).href);
  await glue.default({ module_or_path: tag.dataset.wasm });
} catch (error) {
  // boot.js shows the message and the static figures instead of a blank page.
  if (window.hopfieldBootFailed) {
    window.hopfieldBootFailed("Hopfield Lab could not start: " + (error && error.message ? error.message : String(error)));
  } else {
    throw error;
  }
}
