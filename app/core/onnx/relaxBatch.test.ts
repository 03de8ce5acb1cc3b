/**
 * Batch relaxation: the ONNX zoo's CNTK model, real models given a fixed batch here, hand-made graphs for
 * each rule, and onnxruntime-node as the judge that a relaxed model computes what the original computes.
 * (The full 10 000-image comparison is in relaxBatch.native.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { planFeed, type Feed } from './feed';
import { bytes, file, graph, header, int, msg, opset, str, tensorType, value, varint, type Bytes } from './fixtures/protoWriter';
import { inspectOnnx } from './inspect';
import type { OnnxModel } from './model';
import { relaxBatch, relaxForFeed, type RelaxedBatch } from './relaxBatch';
import { applyEdits, enter, varintField, type Frame } from './rewrite';
import { Cursor } from './wire';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const THIRD_PARTY = join(ROOT, '..', 'shared', 'models-third-party');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const read = (path: string): Uint8Array => new Uint8Array(readFileSync(path));
const CNTK = join(THIRD_PARTY, 'mnist-8-cntk.onnx');

function inspected(data: Uint8Array): OnnxModel {
  const result = inspectOnnx(data);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}
function feedOf(data: Uint8Array): Feed {
  const result = planFeed(inspected(data));
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}
function relaxed(data: Uint8Array): RelaxedBatch {
  const result = relaxBatch(data);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.value;
}
function refusal(data: Uint8Array): string {
  const result = relaxBatch(data);
  if (result.ok) throw new Error('expected a refusal');
  return result.reason;
}

/**
 * The same model with its image input's first dimension fixed at 1 (as a converter that knows only batch 1
 * would write it): a test of the rewriter in the other direction, and fixed-batch versions of real models.
 */
function fixBatch(data: Uint8Array): Uint8Array {
  const frames: Frame[] = [];
  const m = Cursor.file(data, 'ModelProto');
  while (!m.done()) {
    const t = m.tag();
    if (t.field !== 7) {
      m.skip(t);
      continue;
    }
    const g = enter(m, t, 'graph');
    frames.push(g.frame);
    while (!g.cursor.done()) {
      const gt = g.cursor.tag();
      if (gt.field !== 11) {
        g.cursor.skip(gt);
        continue;
      }
      // First graph input → type → tensor_type → shape → first dim: replace its contents by dim_value 1.
      const path: [number, string][] = [[2, 'type'], [1, 'tensor_type'], [2, 'shape'], [1, 'dim']];
      let c = enter(g.cursor, gt, 'input');
      frames.push(c.frame);
      for (const [field, name] of path) {
        let tag = c.cursor.tag();
        while (tag.field !== field) {
          c.cursor.skip(tag);
          tag = c.cursor.tag();
        }
        c = enter(c.cursor, tag, name);
        frames.push(c.frame);
      }
      const dim = frames.pop()!;
      return applyEdits(data, [{ start: dim.start, end: dim.end, bytes: new Uint8Array(varintField(1, 1)), frames: [...frames, dim] }]);
    }
  }
  throw new Error('no input');
}

/**
 * Runs the original model on `count` pseudo-random images one by one and the relaxed model on all of them at
 * once; the largest absolute difference between the scores. `scale` keeps inputs where the model is defined
 * (the logistic regression's normalisation divides 0 by 0 when every sigmoid saturates).
 */
async function batchVersusSingles(original: Uint8Array, relaxedBytes: Uint8Array, feed: Feed, count: number, batchDims: (n: number) => number[], scale = 1): Promise<number> {
  const one = await ort.InferenceSession.create(original);
  const many = await ort.InferenceSession.create(relaxedBytes);
  try {
    const size = 784;
    let seed = 7;
    const x = Float32Array.from({ length: count * size }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * scale);
    const all = (await many.run({ [feed.inputName]: new ort.Tensor('float32', x, batchDims(count)) }))[feed.scoresOutput]!;
    expect(all.dims[0]).toBe(count);
    const classes = all.dims.at(-1)!;
    let worst = 0;
    for (let i = 0; i < count; i++) {
      const out = (await one.run({ [feed.inputName]: new ort.Tensor('float32', x.slice(i * size, (i + 1) * size), batchDims(1)) }))[feed.scoresOutput]!;
      for (let k = 0; k < classes; k++) worst = Math.max(worst, Math.abs((out.data as Float32Array)[k]! - (all.data as Float32Array)[i * classes + k]!));
    }
    return worst;
  } finally {
    await one.release();
    await many.release();
  }
}

describe('relaxBatch on the ONNX zoo CNTK model', () => {
  const original = read(CNTK);
  const result = relaxed(original);

  it('frees the input, the output and every intermediate shape on the image path, and patches the [1,256] Reshape', () => {
    expect(result.symbol).toBe('N');
    expect(result.inputName).toBe('Input3');
    expect(result.shapes).toEqual([
      'Input3', 'Plus214_Output_0', 'Convolution28_Output_0', 'Plus30_Output_0', 'ReLU32_Output_0', 'Pooling66_Output_0', 'Convolution110_Output_0',
      'Plus112_Output_0', 'ReLU114_Output_0', 'Pooling160_Output_0', 'Pooling160_Output_0_reshape0', 'Times212_Output_0',
    ]);
    // The weights' Reshape to [256,10] is not on the image path and stays as it is.
    expect(result.reshapes).toEqual([{ tensor: 'Pooling160_Output_0_reshape0_shape', from: [1, 256], to: [-1, 256] }]);
  });

  it('gives a model the inspector reads like the original but with a free batch', () => {
    const before = inspected(original);
    const after = inspected(result.bytes);
    expect(after.inputs).toEqual([{ name: 'Input3', type: { kind: 'tensor', elemType: 'float32', elemTypeCode: 1, shape: ['N', 1, 28, 28] } }]);
    expect(after.outputs).toEqual([{ name: 'Plus214_Output_0', type: { kind: 'tensor', elemType: 'float32', elemTypeCode: 1, shape: ['N', 10] } }]);
    expect({ ...after, inputs: [], outputs: [], byteLength: 0 }).toEqual({ ...before, inputs: [], outputs: [], byteLength: 0 });
    // Each shape: dim_value 1 (2 bytes) → dim_param "N" (3 bytes), plus the length prefixes that grew; -1 takes 10 bytes as a varint.
    expect(result.bytes.length - original.length).toBe(21);
    expect(feedOf(result.bytes)).toMatchObject({ inputName: 'Input3', layout: 'N,1,28,28', fixedBatch: null, scoresOutput: 'Plus214_Output_0', classes: 10 });
  });

  it('leaves the input bytes alone and is deterministic', () => {
    expect(read(CNTK)).toEqual(original);
    expect(relaxed(original).bytes).toEqual(result.bytes);
  });

  it('is refused a second time: the batch is no longer fixed', () => {
    expect(refusal(result.bytes)).toBe("input 'Input3' does not fix its batch at 1");
  });

  it('runs 20 images at once exactly as one by one in onnxruntime-node', async () => {
    const feed = feedOf(original);
    expect(await batchVersusSingles(original, result.bytes, feed, 20, (n) => [n, 1, 28, 28])).toBe(0);
  });
});

describe('relaxBatch on real models given a fixed batch of 1', () => {
  const cases: [string, string, (n: number) => number[], number][] = [
    // keras2onnx: Transpose to NCHW and back, Reshape [-1,196] (kept), MatMul, Softmax(axis -1), Identity, nodes out of order.
    ['keras2onnx CNN', join(THIRD_PARTY, 'mnist-keras-nhwc.onnx'), (n) => [n, 28, 28, 1], 1],
    // PyTorch: Conv, MaxPool, Flatten(axis 1), Gemm(transB).
    ['our PyTorch CNN', join(ROOT, 'models', 'mnist-cnn.onnx'), (n) => [n, 1, 28, 28], 1],
  ];
  for (const [what, path, dims, shapes] of cases) {
    it(`${what}: relaxed, and 12 images at once match one by one`, async () => {
      const fixed = fixBatch(read(path));
      expect(feedOf(fixed).fixedBatch).toBe(1);
      const r = relaxed(fixed);
      expect(r.reshapes).toEqual([]);
      expect(r.shapes).toHaveLength(shapes);
      expect(feedOf(r.bytes).fixedBatch).toBeNull();
      expect(await batchVersusSingles(fixed, r.bytes, feedOf(fixed), 12, dims)).toBeLessThan(1e-6);
    });
  }

  it('our logistic regression given a fixed batch: ReduceSum over axis 1 (a constant axes input), Div, ArgMax(axis 1)', async () => {
    const fixed = fixBatch(read(join(ROOT, 'models', 'mnist-logreg.onnx')));
    const r = relaxed(fixed);
    expect(r.shapes).toEqual(['pixels']);
    expect(await batchVersusSingles(fixed, r.bytes, feedOf(fixed), 12, (n) => [n, 784], 0.01)).toBeLessThan(1e-7);
  });

  it('refuses the generated uint8 fixture: Slice is not analysed', () => {
    expect(refusal(read(join(FIXTURES, 'uint8-nhwc-batch1.onnx')))).toBe("Slice 'scores' is not an operator whose batch behaviour is known here");
  });
});

// Hand-made graphs: x float32[1,1,28,28] → Reshape(shape) → MatMul(W [784,10]) → Add(B) → Softmax → scores[1,10].

/** TensorProto fields. */
const dims = (d: readonly number[]): number[] => bytes(1, d.flatMap((x) => varint(x)));
const int64Raw = (name: string, d: readonly number[], values: readonly number[]): number[] => {
  const raw = new Uint8Array(values.length * 8);
  values.forEach((v, k) => new DataView(raw.buffer).setBigInt64(k * 8, BigInt(v), true));
  return [...dims(d), ...int(2, 7), ...str(8, name), ...bytes(9, [...raw])];
};
const int64Packed = (name: string, d: readonly number[], values: readonly number[]): number[] => [...dims(d), ...int(2, 7), ...bytes(7, values.flatMap((v) => varint(v))), ...str(8, name)];
const int64Unpacked = (name: string, d: readonly number[], values: readonly number[]): number[] => [...dims(d), ...int(2, 7), ...values.flatMap((v) => int(7, v)), ...str(8, name)];
const floats = (name: string, d: readonly number[], seed: number): number[] => {
  const n = d.reduce((a, b) => a * b, 1);
  const data = Float32Array.from({ length: n }, (_, k) => Math.sin(seed + k * 0.37) * 0.1);
  return [...dims(d), ...int(2, 1), ...str(8, name), ...bytes(9, [...new Uint8Array(data.buffer)])];
};
const init = (tensor: Bytes): number[] => msg(5, tensor);
/** GraphProto.value_info (field 13). */
const valueInfo = (name: string, type: Bytes): number[] => msg(13, str(1, name), msg(2, type));
/** NodeProto: inputs, outputs, op type, attributes (AttributeProto payloads). */
const node = (inputs: readonly string[], outputs: readonly string[], op: string, ...attrs: Bytes[]): number[] =>
  msg(1, ...inputs.map((i) => str(1, i)), ...outputs.map((o) => str(2, o)), str(3, `${op}_${outputs[0]}`), str(4, op), ...attrs.map((a) => msg(5, a)));
const intAttr = (name: string, v: number): number[] => [...str(1, name), ...int(20, 2), ...int(3, v)];
const intsAttr = (name: string, v: readonly number[]): number[] => [...str(1, name), ...int(20, 7), ...v.flatMap((x) => int(8, x))];
const tensorAttr = (name: string, t: Bytes): number[] => [...str(1, name), ...int(20, 4), ...msg(5, t)];

const INPUT = value(11, 'x', tensorType(1, [1, 1, 28, 28]));
const OUTPUT = value(12, 'scores', tensorType(1, [1, 10]));
const HEAD = [init(floats('W', [784, 10], 1)), init(floats('B', [10], 2)), node(['flat', 'W'], ['mm'], 'MatMul'), node(['mm', 'B'], ['logits'], 'Add'), node(['logits'], ['scores'], 'Softmax', intAttr('axis', 1))];
const model = (...fields: Bytes[]): Uint8Array => file(header(), graph(str(2, 'g'), INPUT, OUTPUT, ...fields, ...HEAD), opset(13));
const viaShape = (shape: Bytes, extra: Bytes[] = []): Uint8Array => model(shape, node(['x', 'shape'], ['flat'], 'Reshape'), ...extra);

describe('relaxBatch: Reshape shape constants in every encoding', () => {
  const encodings: [string, Uint8Array][] = [
    ['raw_data initializer', viaShape(init(int64Raw('shape', [2], [1, 784])))],
    ['packed int64_data initializer', viaShape(init(int64Packed('shape', [2], [1, 784])))],
    ['unpacked int64_data initializer', viaShape(init(int64Unpacked('shape', [2], [1, 784])))],
    ['Constant node', viaShape(node([], ['shape'], 'Constant', tensorAttr('value', int64Packed('', [2], [1, 784]))))],
    ['Constant node with raw_data', viaShape(node([], ['shape'], 'Constant', tensorAttr('value', int64Raw('', [2], [1, 784]))))],
  ];
  for (const [what, original] of encodings) {
    it(`${what}: [1,784] → [-1,784], and onnxruntime agrees`, async () => {
      const r = relaxed(original);
      expect(r.reshapes).toEqual([{ tensor: what.startsWith('Constant') ? '' : 'shape', from: [1, 784], to: [-1, 784] }]);
      expect(r.shapes).toEqual(['x', 'scores']);
      // Relaxing is idempotent on the rewritten constant: the result reads -1 there now.
      expect(relaxBatch(r.bytes)).toEqual({ ok: false, reason: "input 'x' does not fix its batch at 1" });
      expect(await batchVersusSingles(original, r.bytes, feedOf(original), 5, (n) => [n, 1, 28, 28])).toBeLessThan(1e-7);
    });
  }

  it('keeps 0 (copy the batch) and -1 first elements as they are', () => {
    for (const lead of [0, -1]) {
      const r = relaxed(viaShape(init(int64Packed('shape', [2], [lead, 784]))));
      expect(r.reshapes).toEqual([]);
    }
  });

  it('picks another symbol when the model already uses N', () => {
    const original = file(header(), graph(str(2, 'g'), INPUT, value(12, 'scores', tensorType(1, [1, 10])), valueInfo('other', tensorType(1, ['N', 3])), init(int64Raw('shape', [2], [1, 784])), node(['x', 'shape'], ['flat'], 'Reshape'), ...HEAD), opset(13));
    expect(relaxed(original).symbol).toBe('batch');
  });
});

describe('relaxBatch refuses what it cannot prove', () => {
  const refusals: [string, Uint8Array, string][] = [
    [
      'a shape computed at run time',
      model(node(['x'], ['s'], 'Shape'), init(int64Raw('start', [1], [0])), init(int64Raw('end', [1], [1])), node(['s', 'start', 'end'], ['b'], 'Slice'), init(int64Raw('rest', [1], [784])), node(['b', 'rest'], ['shape'], 'Concat', intAttr('axis', 0)), node(['x', 'shape'], ['flat'], 'Reshape')),
      "Shape 'Shape_s' is not an operator whose batch behaviour is known here",
    ],
    ['a -1 after the batch', viaShape(init(int64Raw('shape', [2], [1, -1]))), "Reshape 'Reshape_flat' has −1 after its first element [1,-1], so the batch cannot be inferred"],
    ['a first element that is not the batch', viaShape(init(int64Raw('shape', [3], [2, 392, 1]))), "Reshape 'Reshape_flat' reshapes to [2,392,1], whose first element is neither the batch (1), 0 nor −1"],
    [
      'a shape constant something else also reads',
      viaShape(init(int64Raw('shape', [2], [1, 784])), [node(['shape'], ['shape_copy'], 'Identity'), value(12, 'shape_copy', tensorType(7, [2]))]),
      "Reshape 'Reshape_flat''s shape constant 'shape' is also used elsewhere",
    ],
    ['a shape that is not int64 data in the file', viaShape(init([...dims([2]), ...int(2, 7), ...str(8, 'shape'), ...int(14, 1), ...msg(13, str(1, 'location'), str(2, 'x.bin'))])), "Reshape 'Reshape_flat' takes its shape from 'shape', which is not an int64 constant stored in the file"],
    [
      'a constant that spans the batch',
      file(header(), graph(str(2, 'g'), INPUT, OUTPUT, init(floats('C', [3, 1, 28, 28], 3)), node(['x', 'C'], ['y'], 'Add'), init(int64Raw('shape', [2], [1, 2352])), node(['y', 'shape'], ['flat'], 'Reshape')), opset(13)),
      "Add 'Add_y': constant 'C' [3,1,28,28] spans the batch dimension of a rank-4 tensor",
    ],
    [
      'a softmax across the batch',
      file(header(), graph(str(2, 'g'), INPUT, OUTPUT, init(int64Raw('shape', [2], [1, 784])), node(['x', 'shape'], ['flat'], 'Reshape'), node(['flat'], ['scores'], 'Softmax', intAttr('axis', 0))), opset(13)),
      "Softmax 'Softmax_scores' normalises across the batch",
    ],
    [
      'a transpose that moves the batch',
      file(header(), graph(str(2, 'g'), INPUT, OUTPUT, node(['x'], ['t'], 'Transpose', intsAttr('perm', [1, 0, 2, 3])), init(int64Raw('shape', [2], [1, 784])), node(['t', 'shape'], ['flat'], 'Reshape')), opset(13)),
      "Transpose 'Transpose_t' moves the batch axis",
    ],
    [
      'a custom operator',
      file(header(), graph(str(2, 'g'), INPUT, OUTPUT, msg(1, str(1, 'x'), str(2, 'flat'), str(4, 'Flat'), str(7, 'com.example'))), opset(13)),
      "Flat 'flat' is from the 'com.example' domain",
    ],
    [
      'a subgraph',
      file(header(), graph(str(2, 'g'), INPUT, OUTPUT, msg(1, str(1, 'c'), str(2, 'flat'), str(4, 'If'), msg(5, str(1, 'then_branch'), int(20, 5), msg(6, str(2, 'then'))))), opset(13)),
      'it has subgraphs (If, Loop or Scan bodies), which are not analysed',
    ],
    ['a free batch', file(header(), graph(str(2, 'g'), value(11, 'x', tensorType(1, ['N', 784])), value(12, 'scores', tensorType(1, ['N', 10])), node(['x'], ['scores'], 'Identity')), opset(13)), "input 'x' does not fix its batch at 1"],
    ['a batch of 2', file(header(), graph(str(2, 'g'), value(11, 'x', tensorType(1, [2, 784])), value(12, 'scores', tensorType(1, [2, 10])), node(['x'], ['scores'], 'Identity')), opset(13)), "input 'x' does not fix its batch at 1"],
    [
      'a value_info that contradicts the analysis',
      viaShape(init(int64Raw('shape', [2], [1, 784])), [valueInfo('mm', tensorType(1, [4, 10]))]),
      "'mm' depends on the image but declares a first dimension of 4",
    ],
  ];
  for (const [what, data, reason] of refusals) {
    it(`refuses ${what}`, () => expect(refusal(data)).toBe(reason));
  }

  it('refuses opsets before 7 (legacy broadcasting)', () => {
    const old = file(header(), graph(str(2, 'g'), INPUT, OUTPUT, init(int64Raw('shape', [2], [1, 784])), node(['x', 'shape'], ['flat'], 'Reshape'), ...HEAD), opset(6));
    expect(refusal(old)).toBe('its standard opset is 6; before opset 7 operators broadcast differently');
  });

  it('says so for bytes that are not a model', () => {
    expect(refusal(new Uint8Array([0x0a, 0x05, 1]))).toMatch(/^The model could not be read: /);
  });
});

describe('relaxForFeed', () => {
  it('relaxes a fixed batch of 1 and replaces the one-at-a-time note', () => {
    const original = read(CNTK);
    const feed = feedOf(original);
    const out = relaxForFeed(original, feed);
    expect(out.relaxed).not.toBeNull();
    expect(out.bytes).toEqual(out.relaxed!.bytes);
    expect(out.feed).toEqual({
      ...feed,
      fixedBatch: null,
      notes: [
        "Input 'Input3' fixes the batch size at 1; the graph computes each image independently, so the batch dimension was made free (12 shapes, Reshape [1,256] → [-1,256]) and images run in batches.",
      ],
    });
  });

  it('leaves free-batch models alone', () => {
    const original = read(join(ROOT, 'models', 'mnist-logreg.onnx'));
    const feed = feedOf(original);
    expect(relaxForFeed(original, feed)).toEqual({ bytes: original, feed, relaxed: null, refusal: null });
  });

  it('keeps a refused model one by one and says why', () => {
    const original = read(join(FIXTURES, 'uint8-nhwc-batch1.onnx'));
    const feed = feedOf(original);
    const out = relaxForFeed(original, feed);
    expect(out.bytes).toBe(original);
    expect(out.feed.fixedBatch).toBe(1);
    expect(out.refusal).toBe("Slice 'scores' is not an operator whose batch behaviour is known here");
    expect(out.feed.notes.at(-1)).toBe("Its batch size cannot be freed safely: Slice 'scores' is not an operator whose batch behaviour is known here.");
  });
});
