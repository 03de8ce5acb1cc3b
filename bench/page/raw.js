/**
 * The benchmark's baseline: the least a page can do to score a model on IDX files with onnxruntime-web —
 * fetch, gunzip (DecompressionStream), parse, convert pixels once, create a session, loop session.run over
 * batches, arg-max. On the main thread, no UI, no worker. Parameters in the query string (set by bench.ts):
 *
 *   model, images, labels   URLs
 *   ort                     URL of the folder with ort.wasm.min.mjs and ort-wasm-simd-threaded.{mjs,wasm}
 *   input, output           input and scores output names
 *   layout                  N,784 | N,1,28,28 | N,28,28,1 | N,28,28
 *   batch                   images per run (the model's fixed batch when it has one)
 *   fixed                   1 when the batch is fixed: the last batch is padded to full size
 *   scale, offset, invert   preprocessing: value = (invert ? 255 − pixel : pixel) × scale + offset
 *   threads                 onnxruntime's numThreads (default: the dashboard's rule)
 *   loops                   how many times to loop over the whole set (default 2: a cold and a warm loop)
 *   worker                  1: do all of it in a module Worker (this same file) instead of on the main thread,
 *                           as the dashboard does, to tell the cost of the worker from the cost of the app
 *
 * Results go to `window.__bench` and the #status element's data-state (done | error).
 */
const inWorker = typeof document === 'undefined';

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function gunzip(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** IDX: magic (0, 0, type 0x08, dims), big-endian sizes, then the bytes. */
function idx(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = bytes[3];
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i));
  return { shape, data: bytes.subarray(4 + 4 * dims) };
}

function dimsFor(layout, n) {
  switch (layout) {
    case 'N,784':
      return [n, 784];
    case 'N,1,28,28':
      return [n, 1, 28, 28];
    case 'N,28,28,1':
      return [n, 28, 28, 1];
    default:
      return [n, 28, 28];
  }
}

async function measure(params) {
  const q = new URLSearchParams(params);
  const num = (name, fallback) => (q.has(name) ? Number(q.get(name)) : fallback);
  const t = { start: performance.now() };
  const ort = await import(new URL('ort.wasm.min.mjs', q.get('ort')).href);
  t.imported = performance.now();
  const [modelBytes, imagesGz, labelsGz] = await Promise.all([fetchBytes(q.get('model')), fetchBytes(q.get('images')), fetchBytes(q.get('labels'))]);
  t.fetched = performance.now();
  const images = idx(await gunzip(imagesGz));
  const labels = idx(await gunzip(labelsGz));
  t.decoded = performance.now();

  const isolated = globalThis.crossOriginIsolated === true;
  ort.env.wasm.wasmPaths = q.get('ort');
  ort.env.wasm.numThreads = num('threads', isolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1);
  const session = await ort.InferenceSession.create(modelBytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  t.session = performance.now();

  const count = images.shape[0];
  const size = images.shape[1] * images.shape[2];
  const batch = num('batch', 1000);
  const fixed = q.get('fixed') === '1';
  const scale = num('scale', 1 / 255);
  const offset = num('offset', 0);
  const invert = q.get('invert') === '1';
  // Pixels → input values once, padded to whole batches for a fixed-batch model.
  const padded = fixed ? Math.ceil(count / batch) * batch : count;
  const values = new Float32Array(padded * size);
  for (let i = 0; i < count * size; i++) values[i] = (invert ? 255 - images.data[i] : images.data[i]) * scale + offset;
  t.preprocessed = performance.now();

  const input = q.get('input');
  const output = q.get('output');
  const loops = [];
  let predicted = null;
  for (let loop = 0; loop < num('loops', 2); loop++) {
    const started = performance.now();
    predicted = new Uint16Array(count);
    for (let start = 0; start < count; start += batch) {
      const n = fixed ? batch : Math.min(batch, count - start);
      const tensor = new ort.Tensor('float32', values.subarray(start * size, (start + n) * size), dimsFor(q.get('layout'), n));
      const out = (await session.run({ [input]: tensor }, [output]))[output];
      const scores = out.data;
      const classes = out.dims[1];
      for (let k = 0; k < Math.min(n, count - start); k++) {
        let best = 0;
        for (let c = 1; c < classes; c++) if (scores[k * classes + c] > scores[k * classes + best]) best = c;
        predicted[start + k] = best;
      }
      out.dispose();
    }
    loops.push(performance.now() - started);
  }
  let correct = 0;
  for (let i = 0; i < count; i++) if (predicted[i] === labels.data[i]) correct++;
  return {
    count,
    accuracy: correct / count,
    threads: ort.env.wasm.numThreads,
    isolated,
    importMs: t.imported - t.start,
    fetchMs: t.fetched - t.imported,
    decodeMs: t.decoded - t.fetched,
    sessionMs: t.session - t.decoded,
    preprocessMs: t.preprocessed - t.session,
    loopMs: loops,
    // Up to the end of the first loop, from the start of measure(); the page adds its own offset.
    firstDoneMs: t.preprocessed + loops[0] - t.start,
  };
}

if (inWorker) {
  self.onmessage = (e) =>
    measure(e.data).then(
      (r) => self.postMessage(r),
      (err) => self.postMessage({ error: String(err?.stack ?? err) }),
    );
} else {
  const status = document.getElementById('status');
  const params = location.search;
  const run = async () => {
    const started = performance.now();
    let r;
    if (new URLSearchParams(params).get('worker') === '1') {
      const worker = new Worker(new URL(import.meta.url), { type: 'module', name: 'raw' });
      r = await new Promise((resolve) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => resolve({ error: e.message || 'worker failed' });
        worker.postMessage(params);
      });
      worker.terminate();
    } else {
      r = await measure(params);
    }
    if (r.error) throw new Error(r.error);
    // From navigation start: what "open to done" is for the dashboard (first loop only).
    r.openToFirstDoneMs = started + r.firstDoneMs;
    return r;
  };
  run().then(
    (r) => {
      window.__bench = r;
      status.textContent = `Done: ${r.count} images, accuracy ${r.accuracy.toFixed(4)}, loops ${r.loopMs.map((l) => l.toFixed(0)).join(', ')} ms`;
      status.dataset.state = 'done';
    },
    (e) => {
      window.__bench = { error: String(e?.stack ?? e) };
      status.textContent = `Error: ${e}`;
      status.dataset.state = 'error';
    },
  );
}
