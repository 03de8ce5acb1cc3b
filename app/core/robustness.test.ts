/**
 * Property-based tests (fast-check) of everything that reads untrusted bytes: the IDX reader, the file
 * sniffer, the ONNX inspector and the feed planner. On random byte strings and on real MNIST files and real
 * models with mutated headers, each returns a value or its typed failure (a Result with a reason, an
 * OnnxInspection with a failure kind), never throws, and answers quickly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MNIST } from './datasets';
import { parseIdx } from './idx';
import { checkExternalData, externalDataFiles } from './onnx/externalData';
import { planFeed, type Feed } from './onnx/feed';
import { inspectOnnx, type OnnxFailureKind } from './onnx/inspect';
import type { Dim, OnnxModel, OnnxType, OnnxValue } from './onnx/model';
import type { Result } from './result';
import { sniff, type SniffContext } from './sniff';
import { readImages, readLabels } from './testSet';
import { readMnistCsv } from './formats/csv';
import { writeMnistCsv } from './formats/csvWrite';
import { parseNpy } from './formats/npy';
import { writeNpy } from './formats/npyWrite';
import { readNumpySet } from './formats/numpySet';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (...path: string[]): Uint8Array => new Uint8Array(readFileSync(join(ROOT, ...path)));

const imagesGz = read('public', 'data', 'mnist', MNIST.test.images.name);
const labelsGz = read('public', 'data', 'mnist', MNIST.test.labels.name);
/** The real files cut short: the header and a few images (or labels), so that mutated copies stay cheap. */
const imagesHead = new Uint8Array(gunzipSync(imagesGz)).slice(0, 16 + 3 * 784);
const labelsHead = new Uint8Array(gunzipSync(labelsGz)).slice(0, 8 + 64);
/** Small valid IDX files (their headers match their lengths), for mutations that are not plain truncations. */
const smallImages = (() => {
  const bytes = imagesHead.slice();
  new DataView(bytes.buffer).setUint32(4, 3, false);
  return bytes;
})();
const smallLabels = (() => {
  const bytes = labelsHead.slice();
  new DataView(bytes.buffer).setUint32(4, 64, false);
  return bytes;
})();

const MODELS: readonly { readonly name: string; readonly bytes: Uint8Array }[] = [
  ...readdirSync(join(ROOT, 'models'))
    .filter((f) => f.endsWith('.onnx'))
    .map((f) => ({ name: f, bytes: read('models', f) })),
  ...readdirSync(join(ROOT, '..', 'shared', 'models-third-party'))
    .filter((f) => f.endsWith('.onnx'))
    .map((f) => ({ name: f, bytes: read('..', 'shared', 'models-third-party', f) })),
];

/** One call may take this long at most, on a loaded machine: enough to catch a hang or a quadratic blow-up. */
const SLOW_MS = 500;
/** Random inputs per property: 10 000, as issue 7 asks. */
const RUNS = 10_000;

/** Runs `fn`, failing the property if it throws (fast-check reports that) or takes longer than SLOW_MS. */
function timed<T>(fn: () => T): T {
  const start = performance.now();
  const result = fn();
  const ms = performance.now() - start;
  if (ms > SLOW_MS) throw new Error(`took ${ms.toFixed(0)} ms`);
  return result;
}

/** A Result: a value, or a failure with a non-empty reason. */
function expectResult<T>(result: Result<T>): result is { ok: true; value: T } {
  if (result.ok) return true;
  expect(result).toEqual({ ok: false, reason: expect.any(String) });
  expect(result.reason.length).toBeGreaterThan(0);
  return false;
}

// ---------------------------------------------------------------------------------------------
// Byte strings: random, or a real file with a few mutations.

type Mutation =
  | { readonly kind: 'set'; readonly at: number; readonly value: number }
  | { readonly kind: 'cut'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly count: number };

/**
 * Positions in a file of `length` bytes: anywhere, or (more often) in the first 256 bytes and the last
 * 2 KB, where IDX headers and a model's graph structure and its inputs and outputs are.
 */
const position = (length: number): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.nat({ max: Math.min(length, 256) }) },
    { weight: 2, arbitrary: fc.integer({ min: Math.max(0, length - 2048), max: length }) },
    { weight: 1, arbitrary: fc.nat({ max: length }) },
  );

const mutation = (length: number): fc.Arbitrary<Mutation> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), at: position(length), value: fc.oneof(fc.constantFrom(0, 1, 0x7f, 0x80, 0xff), fc.nat({ max: 255 })) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: position(length) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position(length), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: position(length), count: fc.integer({ min: 1, max: 16 }) }) },
  );

function mutate(base: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = base.slice();
  for (const m of mutations) {
    const at = Math.min(m.at, bytes.length);
    if (m.kind === 'set') {
      if (at < bytes.length) bytes[at] = m.value;
    } else if (m.kind === 'cut') {
      bytes = bytes.slice(0, at);
    } else if (m.kind === 'insert') {
      const next = new Uint8Array(bytes.length + m.bytes.length);
      next.set(bytes.subarray(0, at));
      next.set(m.bytes, at);
      next.set(bytes.subarray(at), at + m.bytes.length);
      bytes = next;
    } else {
      const tail = bytes.subarray(Math.min(bytes.length, at + m.count));
      const next = new Uint8Array(at + tail.length);
      next.set(bytes.subarray(0, at));
      next.set(tail, at);
      bytes = next;
    }
  }
  return bytes;
}

/** A real file with 1 to 6 mutations. */
const mutated = (base: Uint8Array): fc.Arbitrary<Uint8Array> => fc.array(mutation(base.length), { minLength: 1, maxLength: 6 }).map((ms) => mutate(base, ms));

/** Random bytes, often starting like an IDX file (00 00 type rank) so that the reader gets past the magic number. */
const randomIdxLike: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc
    .tuple(fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x07), fc.nat({ max: 6 }), fc.uint8Array({ maxLength: 64 }))
    .map(([type, rank, rest]) => Uint8Array.from([0, 0, type, rank, ...rest])),
  // A valid header with any dimensions (absurd ones included: up to 2^32-1 each), then a little data.
  fc
    .tuple(fc.array(fc.oneof(fc.nat({ max: 40 }), fc.constantFrom(2 ** 31, 2 ** 32 - 1), fc.nat({ max: 2 ** 32 - 1 })), { minLength: 1, maxLength: 4 }), fc.nat({ max: 200 }))
    .map(([dims, data]) => {
      const bytes = new Uint8Array(4 + 4 * dims.length + data);
      bytes[2] = 0x08;
      bytes[3] = dims.length;
      dims.forEach((d, i) => new DataView(bytes.buffer).setUint32(4 + 4 * i, d, false));
      return bytes;
    }),
);

const idxInputs: fc.Arbitrary<Uint8Array> = fc.oneof(randomIdxLike, mutated(imagesHead), mutated(labelsHead), mutated(smallImages), mutated(smallLabels));

// ---------------------------------------------------------------------------------------------

describe('the IDX reader on hostile bytes', () => {
  it('parseIdx returns a view of the declared size or a reason, never throws', () => {
    fc.assert(
      fc.property(idxInputs, (bytes) => {
        const result = timed(() => parseIdx(bytes));
        if (expectResult(result)) {
          const { shape, data } = result.value;
          expect(shape.length).toBeGreaterThanOrEqual(1);
          expect(shape.length).toBeLessThanOrEqual(4);
          expect(data.length).toBe(shape.reduce((a, b) => a * b, 1));
          // A view on the input, never a copy: nothing is allocated in proportion to what a header declares.
          expect(data.buffer).toBe(bytes.buffer);
          expect(4 + 4 * shape.length + data.length).toBe(bytes.length);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('readImages and readLabels return consistent sets or a reason, never throw', () => {
    fc.assert(
      fc.property(idxInputs, (bytes) => {
        const images = timed(() => readImages(bytes));
        if (expectResult(images)) {
          const { count, rows, cols, pixels } = images.value;
          expect(count).toBeGreaterThan(0);
          expect(pixels.length).toBe(count * rows * cols);
        }
        const labels = timed(() => readLabels(bytes));
        if (expectResult(labels)) {
          expect(labels.value.count).toBeGreaterThan(0);
          expect(labels.value.labels.length).toBe(labels.value.count);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a header declaring 2^31 images is refused at once, allocating nothing', () => {
    const bytes = new Uint8Array(16 + 784);
    bytes.set([0, 0, 8, 3, 0x80, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28]);
    const before = process.memoryUsage().arrayBuffers;
    const result = timed(() => readImages(bytes));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^The file is truncated: its header declares 2147483648×28×28 = 1,683,627,180,032 bytes/) });
  });
});

// ---------------------------------------------------------------------------------------------

const SNIFFED_KINDS = ['gzip', 'idx-images', 'idx-labels', 'onnx', 'unknown'];

describe('sniff on hostile bytes', () => {
  const heads = [imagesHead, labelsHead, imagesGz.subarray(0, 4096), labelsGz.subarray(0, 4096), gzipSync(imagesHead), ...MODELS.map((m) => m.bytes.subarray(0, 4096))];
  const context: fc.Arbitrary<SniffContext> = fc.record(
    { size: fc.nat({ max: 2 ** 32 }), gunzipped: fc.constantFrom('ok' as const, 'damaged' as const) },
    { requiredKeys: [] },
  );
  it('names a kind (with a reason when unknown) for any bytes, never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 256 }), randomIdxLike, fc.constantFrom(...heads).chain(mutated)), context, (bytes, ctx) => {
        const sniffed = timed(() => sniff(bytes, ctx));
        expect(SNIFFED_KINDS).toContain(sniffed.kind);
        if (sniffed.kind === 'unknown') expect(sniffed.reason.length).toBeGreaterThan(0);
        if (sniffed.kind === 'idx-images' || sniffed.kind === 'idx-labels') expect(sniffed.dims === null || Array.isArray(sniffed.dims)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------

const FAILURE_KINDS: readonly OnnxFailureKind[] = ['empty', 'not-onnx', 'truncated', 'malformed', 'no-graph'];
const LAYOUTS = ['N,784', 'N,1,28,28', 'N,28,28,1', 'N,28,28'];

/** Checks a Feed against the model it was planned for. */
function expectFeed(model: OnnxModel, feed: Feed): void {
  expect(model.inputs.map((i) => i.name)).toContain(feed.inputName);
  expect(model.outputs.map((o) => o.name)).toContain(feed.scoresOutput);
  expect(LAYOUTS).toContain(feed.layout);
  expect(['float32', 'float64', 'uint8']).toContain(feed.inputType);
  expect(feed.fixedBatch === null || (Number.isInteger(feed.fixedBatch) && feed.fixedBatch > 0)).toBe(true);
  expect(feed.classes === null || (Number.isInteger(feed.classes) && feed.classes >= 2)).toBe(true);
  expect(feed.notes.every((n) => typeof n === 'string' && n.length > 0)).toBe(true);
}

/** inspectOnnx, then (on what it accepts) planFeed and the external data checks: each a value or its typed failure. */
function inspectAndPlan(bytes: Uint8Array): { accepted: boolean; planned: boolean } {
  const inspected = timed(() => inspectOnnx(bytes));
  if (!inspected.ok) {
    expect(FAILURE_KINDS).toContain(inspected.kind);
    expect(inspected.reason.length).toBeGreaterThan(0);
    return { accepted: false, planned: false };
  }
  const model = inspected.value;
  expect(model.byteLength).toBe(bytes.length);
  const feed = timed(() => planFeed(model));
  if (expectResult(feed)) expectFeed(model, feed.value);
  const files = timed(() => externalDataFiles(model));
  expectResult(timed(() => checkExternalData(model, files.map((f) => ({ name: f.fileName, size: 0 })))));
  return { accepted: true, planned: feed.ok };
}

describe('the ONNX inspector and the feed planner on hostile bytes', () => {
  it('inspectOnnx returns a model or a failure kind with a reason for random bytes, never throws', () => {
    const protobufLike = fc
      .tuple(fc.constantFrom(0x08, 0x0a, 0x12, 0x3a, 0x42), fc.uint8Array({ maxLength: 200 }))
      .map(([first, rest]) => Uint8Array.from([first, ...rest]));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 256 }), protobufLike), (bytes) => {
        inspectAndPlan(bytes);
      }),
      { numRuns: RUNS },
    );
  });

  it('inspectOnnx and planFeed on real models with mutated bytes: a value or a typed failure, never a throw', () => {
    let accepted = 0;
    let planned = 0;
    fc.assert(
      fc.property(fc.constantFrom(...MODELS).chain((m) => mutated(m.bytes)), (bytes) => {
        const outcome = inspectAndPlan(bytes);
        accepted += Number(outcome.accepted);
        planned += Number(outcome.planned);
      }),
      { numRuns: RUNS },
    );
    // The mutations reach past the parser: many mutated models are still read, and planned for.
    expect(accepted).toBeGreaterThan(RUNS / 10);
    expect(planned).toBeGreaterThan(RUNS / 20);
  });

  it('planFeed decides or explains for any declared inputs and outputs, never throws', () => {
    const dim: fc.Arbitrary<Dim> = fc.oneof(fc.constantFrom(1, 28, 784, 10, 0, -1, 3), fc.integer({ min: -2, max: 5000 }), fc.constantFrom('N', 'batch', ''), fc.constant(null));
    const shape = fc.option(fc.array(dim, { maxLength: 6 }), { nil: null });
    const elemType = fc.constantFrom('float32', 'float64', 'uint8', 'float16', 'int64', 'bfloat16', 'string', 'unknown');
    const tensor: fc.Arbitrary<OnnxType> = fc.record({
      kind: fc.constantFrom('tensor' as const, 'sparse-tensor' as const),
      elemType,
      elemTypeCode: fc.nat({ max: 30 }),
      shape,
    });
    const type: fc.Arbitrary<OnnxType> = fc.oneof(
      { weight: 6, arbitrary: tensor },
      { weight: 1, arbitrary: tensor.map((elem) => ({ kind: 'sequence' as const, elem })) },
      { weight: 1, arbitrary: tensor.map((elem) => ({ kind: 'sequence' as const, elem: { kind: 'map' as const, keyType: 'int64', value: elem } })) },
      { weight: 1, arbitrary: tensor.map((elem) => ({ kind: 'optional' as const, elem })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'unknown' as const }) },
    );
    const value: fc.Arbitrary<OnnxValue> = fc.record({ name: fc.string({ maxLength: 12 }), type });
    const base = inspectOnnx(read('models', 'mnist-logreg.onnx'));
    if (!base.ok) throw new Error(base.reason);
    fc.assert(
      fc.property(fc.array(value, { maxLength: 3 }), fc.array(value, { maxLength: 4 }), fc.array(value, { maxLength: 2 }), (inputs, outputs, weightInputs) => {
        const model: OnnxModel = { ...base.value, inputs, outputs, weightInputs };
        const feed = timed(() => planFeed(model));
        if (expectResult(feed)) expectFeed(model, feed.value);
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Issue 11's readers: NumPy arrays and MNIST CSVs, on random bytes and mutated real files.

describe('the NumPy and CSV readers on hostile bytes', () => {
  const { images: realImages, labels: realLabels } = (() => {
    const i = readImages(smallImages);
    const l = readLabels(smallLabels);
    if (!i.ok || !l.ok) throw new Error('the small IDX files do not read');
    return { images: i.value, labels: { count: 3, labels: l.value.labels.subarray(0, 3) } };
  })();
  const npyImages = writeNpy(realImages.pixels, { descr: '|u1', shape: [3, 28, 28] });
  const npyFloats = writeNpy(Float64Array.from(realImages.pixels, (p) => p / 255), { descr: '>f4', shape: [3, 784], fortranOrder: true, version: 2 });
  const npyLabels = writeNpy(realLabels.labels, { descr: '<i8', shape: [3] });
  const csv = new TextEncoder().encode(writeMnistCsv(realImages, realLabels, 'kaggle'));

  it('parseNpy and readNumpySet return arrays of the declared size or a reason, never throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 512 }).map((b) => { const out = new Uint8Array(b.length + 6); out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); out.set(b, 6); return out; }),
          fc.constantFrom(npyImages, npyFloats, npyLabels).chain((base) => fc.array(mutation(base.length), { minLength: 1, maxLength: 4 }).map((ms) => mutate(base, ms))),
        ),
        (bytes) => {
          const parsed = timed(() => parseNpy(bytes));
          if (expectResult(parsed)) expect(parsed.value.data.length).toBe(parsed.value.length * parsed.value.dtype.size);
          const set = timed(() => readNumpySet([{ name: 'x.npy', bytes }, { name: 'y.npy', bytes: npyLabels }]));
          if (expectResult(set)) expect(set.value.images.pixels.length).toBe(set.value.images.count * 784);
        },
      ),
      { numRuns: RUNS / 2 },
    );
  });

  it('readMnistCsv returns whole rows or a reason naming the file, never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 4096 }),
          fc.array(mutation(csv.length), { minLength: 1, maxLength: 4 }).map((ms) => mutate(csv, ms)),
        ),
        (bytes) => {
          const r = timed(() => readMnistCsv(bytes, 'train.csv'));
          if (expectResult(r)) {
            expect(r.value.images.pixels.length).toBe(r.value.images.count * 784);
            if (r.value.labels) expect(r.value.labels.count).toBe(r.value.images.count);
          } else expect(!r.ok && r.reason.startsWith('train.csv: ')).toBe(true);
        },
      ),
      { numRuns: RUNS / 2 },
    );
  });
});
