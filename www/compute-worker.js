// A compute worker (started by the app, src/app/compute/, as a module worker from the page's
// origin: no blob script, so the Content-Security-Policy needs nothing new). Its URL names the
// hashed compute module, `compute-worker.js?module=hopfield-compute-<hash>`; this loads it and
// hands every message (a request's bytes) to its `run`, which posts the replies back as bytes.
// Plain strings are the bootstrap's own messages: "ready" once the module is running, or the
// reason it could not load, which the page shows as a notice.
const stem = new URL(self.location.href).searchParams.get("module");
const ready = (async () => {
  if (!stem || !/^hopfield-compute-[0-9a-f]+$/.test(stem)) throw new Error(`no compute module named (${stem})`);
  const glue = await import(new URL(`${stem}.js`, self.location.href).href);
  const wasm = await fetch(new URL(`${stem}_bg.wasm`, self.location.href).href);
  if (!wasm.ok) throw new Error(`${stem}_bg.wasm answered ${wasm.status}`);
  await glue.default({ module_or_path: wasm });
  return glue;
})();
ready.then(
  () => self.postMessage("ready"),
  error => self.postMessage(`the compute module could not be loaded: ${error && error.message ? error.message : error}`),
);
self.onmessage = async event => {
  const glue = await ready;
  glue.run(new Uint8Array(event.data), bytes => self.postMessage(bytes, [bytes.buffer]));
};
