// The TF.js reference of the engine's modern update and energy grid (issue 18): the same
// numbers as benches/cases.rs (written to data/ by tests/browser_bench/tfjs.rs), the same
// arithmetic in TF.js ops on its wasm backend (SIMD, one thread), timed by the loop of
// tests/shared/wasm_timing.rs. `window.startBench()` sets `window.__bench` to
// { done, error?, backend, simd, threads, cases: { id: { ms, samples, out } } }.
'use strict';

// Milliseconds per call: as tests/shared/wasm_timing.rs (≥ 5 samples of ≥ 2 ms each, for about
// a second, the median), after three warm-up calls (TF.js builds its kernels on the first).
function time(run) {
  run();
  run();
  const t0 = performance.now();
  run();
  const once = Math.max(performance.now() - t0, 1e-3);
  const calls = Math.max(1, Math.ceil(2 / once));
  const samples = [];
  const start = performance.now();
  while (samples.length < 5 || (performance.now() - start < 1000 && samples.length < 200)) {
    const t = performance.now();
    for (let i = 0; i < calls; i++) run();
    samples.push((performance.now() - t) / calls);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[samples.length >> 1], samples: samples.length };
}

async function floats(name) {
  const response = await fetch(`data/${name}`);
  if (!response.ok) throw new Error(`data/${name}: ${response.status}`);
  return new Float32Array(await response.arrayBuffer());
}

// ξ_new = X softmax(β Xᵀξ), X stored as N rows of d (each pattern contiguous, as the engine).
async function modern(c) {
  const X = tf.tensor2d(await floats(`${c.id}.x.f32`), [c.n, c.d]);
  const q = tf.tensor2d(await floats(`${c.id}.q.f32`), [c.d, 1]);
  const update = () => tf.tidy(() => {
    const z = tf.matMul(X, q).reshape([1, c.n]); // Xᵀξ
    return tf.matMul(tf.softmax(tf.mul(z, c.beta)), X); // X p
  });
  return update;
}

// E over the grid's cell centres (row 0 on top): −lse(β, u b + v c) + ½(u² + v²) + ln N/β + ½M²,
// the engine's energy on the standard plane (landscape/mod.rs).
async function grid(c) {
  const xs = await floats(`${c.id}.x.f32`);
  const n = xs.length / 2;
  const b = new Float32Array(n), cc = new Float32Array(n);
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    b[i] = xs[2 * i];
    cc[i] = xs[2 * i + 1];
    m2 = Math.max(m2, b[i] * b[i] + cc[i] * cc[i]);
  }
  const offset = Math.log(n) / c.beta + 0.5 * m2;
  const [lo, hi] = c.range;
  const step = (hi - lo) / c.side;
  const u = new Float32Array(c.side * c.side), v = new Float32Array(c.side * c.side);
  for (let row = 0; row < c.side; row++) {
    for (let col = 0; col < c.side; col++) {
      u[row * c.side + col] = lo + (col + 0.5) * step;
      v[row * c.side + col] = hi - (row + 0.5) * step;
    }
  }
  const cells = c.side * c.side;
  const U = tf.tensor2d(u, [cells, 1]), V = tf.tensor2d(v, [cells, 1]);
  const B = tf.tensor2d(b, [1, n]), C = tf.tensor2d(cc, [1, n]);
  const energy = () => tf.tidy(() => {
    const z = tf.add(tf.mul(U, B), tf.mul(V, C)); // (cells, N)
    const lse = tf.div(tf.logSumExp(tf.mul(z, c.beta), 1), c.beta);
    const quad = tf.mul(tf.add(tf.square(U), tf.square(V)).reshape([cells]), 0.5);
    return tf.add(tf.sub(quad, lse), offset);
  });
  return energy;
}

async function bench() {
  // The wasm files beside the backend's script; threads only with cross-origin isolation,
  // which this page does not have, and set to 1 besides.
  tf.wasm.setWasmPaths('node_modules/@tensorflow/tfjs-backend-wasm/dist/');
  tf.wasm.setThreadsCount(1);
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
  await tf.ready();
  const result = {
    backend: tf.getBackend(),
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    threads: tf.wasm.getThreadsCount(),
    version: tf.version.tfjs,
    cases: {},
  };
  const list = await (await fetch('data/cases.json')).json();
  for (const c of list) {
    const make = c.kind === 'modern' ? modern : grid;
    const compute = await make(c);
    // One call = the ops and reading the result back (the engine returns a Vec).
    const run = () => {
      const t = compute();
      const out = t.dataSync();
      t.dispose();
      return out;
    };
    const timing = time(run);
    result.cases[c.id] = { ...timing, out: Array.from(run()) };
  }
  return result;
}

window.startBench = () => {
  window.__bench = { done: false };
  bench().then(
    r => { window.__bench = { done: true, ...r }; },
    e => { window.__bench = { done: true, error: String(e && e.stack || e) }; },
  );
};
