import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectOnnx } from './inspect';
import { addOutput, exposeFeatures, findPenultimate, sketchGraph, type GraphSketch } from './penultimate';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const model = (path: string) => new Uint8Array(readFileSync(join(ROOT, path)));

const graph = (nodes: [string, string[], string[]][], inputs = ['x'], outputs = ['y']): GraphSketch => ({
  nodes: nodes.map(([opType, i, o]) => ({ opType, inputs: i, outputs: o })),
  inputs,
  outputs,
});

describe('findPenultimate on real models', () => {
  const cases = [
    // The built-in CNNs: Flatten → Gemm → Relu → Gemm; the features are the 64 ReLU outputs.
    { path: 'models/mnist-cnn.onnx', scores: 'logits', tensor: '/classifier/classifier.2/Relu_output_0', layer: 'Gemm' },
    { path: 'models/fashion-cnn.onnx', scores: 'logits', tensor: '/classifier/classifier.2/Relu_output_0', layer: 'Gemm' },
    // The ONNX zoo's CNTK model: Reshape → MatMul (CNTK's Times) → Add; its weights are listed as graph inputs too.
    { path: '../shared/models-third-party/mnist-8-cntk.onnx', scores: 'Plus214_Output_0', tensor: 'Pooling160_Output_0_reshape0', layer: 'MatMul' },
    // keras2onnx: Dense layers as MatMul + Add, Softmax and Identity after the last; nodes not in topological order.
    { path: '../shared/models-third-party/mnist-keras-nhwc.onnx', scores: 'dense_4/Softmax:0', tensor: 'biased_tensor_name1', layer: 'MatMul' },
  ];
  for (const c of cases) {
    it(`${c.path}: the input of the final ${c.layer}`, () => {
      const sketch = sketchGraph(model(c.path));
      if (!sketch.ok) throw new Error(sketch.reason);
      expect(findPenultimate(sketch.value, c.scores)).toEqual({ ok: true, value: { tensor: c.tensor, layer: c.layer } });
    });
  }

  for (const path of ['models/mnist-logreg.onnx', 'models/fashion-logreg.onnx']) {
    it(`${path}: none, the final Gemm reads the pixels`, () => {
      const found = exposeFeatures(model(path), 'probabilities');
      expect(found).toEqual({
        kind: 'probabilities',
        reason: "The final Gemm reads the model's input 'pixels' directly: a linear model has no hidden layer, so there are no learned features.",
      });
    });
  }
});

describe('findPenultimate on small graphs', () => {
  it('sees through reshapes and scaling to a graph input: still a linear model', () => {
    const g = graph([
      ['Div', ['x', 'c255'], ['scaled']],
      ['Flatten', ['scaled'], ['flat']],
      ['Gemm', ['flat', 'W', 'b'], ['y']],
    ]);
    const found = findPenultimate(g, 'y');
    expect(found.ok).toBe(false);
    expect(!found.ok && found.reason).toContain("reads the model's input 'x' through reshapes and scaling only");
  });

  it('takes the operand computed from the input, whichever side of the MatMul it is on', () => {
    const g = graph([
      ['Relu', ['x'], ['h']],
      ['MatMul', ['W', 'h'], ['z']],
      ['Add', ['z', 'b'], ['y']],
    ]);
    expect(findPenultimate(g, 'y')).toEqual({ ok: true, value: { tensor: 'h', layer: 'MatMul' } });
  });

  it('fails, saying why, without a linear layer or with two computed operands', () => {
    expect(findPenultimate(graph([['Relu', ['x'], ['y']]]), 'y')).toEqual({ ok: false, reason: "No Gemm or MatMul computes 'y': the model has no final linear layer to take the features from." });
    const twice = findPenultimate(
      graph([
        ['Relu', ['x'], ['a']],
        ['Sigmoid', ['x'], ['b']],
        ['MatMul', ['a', 'b'], ['y']],
      ]),
      'y',
    );
    expect(twice.ok).toBe(false);
    expect(findPenultimate(graph([['Relu', ['w'], ['y']]]), 'y')).toEqual({ ok: false, reason: "The output 'y' is not computed from the model's input." });
  });
});

describe('addOutput', () => {
  it('appends the tensor as a graph output and changes nothing else the inspector sees', () => {
    const bytes = model('models/mnist-cnn.onnx');
    const rewritten = addOutput(bytes, '/classifier/classifier.2/Relu_output_0');
    if (!rewritten.ok) throw new Error(rewritten.reason);
    const before = inspectOnnx(bytes);
    const after = inspectOnnx(rewritten.value);
    if (!before.ok || !after.ok) throw new Error('unreadable');
    expect(after.value.outputs.map((o) => o.name)).toEqual(['logits', '/classifier/classifier.2/Relu_output_0']);
    expect(after.value.parameters).toBe(before.value.parameters);
    expect(after.value.operators).toEqual(before.value.operators);
    // An existing output is not added twice.
    const again = addOutput(rewritten.value, '/classifier/classifier.2/Relu_output_0');
    expect(again.ok && again.value).toBe(rewritten.value);
  });

  it('refuses a damaged file with the reader’s message', () => {
    const cut = model('models/mnist-cnn.onnx').subarray(0, 1000);
    const result = addOutput(cut, 'h');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^The model could not be rewritten: The file is truncated/);
  });
});

describe('exposeFeatures on damaged files', () => {
  it('never throws: random bytes and mutated real models give features or a reason', () => {
    const base = model('models/mnist-cnn.onnx');
    const mutated = fc
      .array(fc.record({ at: fc.nat({ max: base.length - 1 }), value: fc.nat({ max: 255 }), cut: fc.boolean() }), { minLength: 1, maxLength: 6 })
      .map((edits) => {
        let bytes = base.slice();
        for (const e of edits) {
          if (e.cut) bytes = bytes.slice(0, e.at);
          else if (e.at < bytes.length) bytes[e.at] = e.value;
        }
        return bytes;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 512 }), mutated), (bytes) => {
        const found = exposeFeatures(bytes, 'logits');
        expect(found.kind === 'features' ? found.bytes.length > 0 : found.reason.length > 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('findPenultimate on a damaged graph', () => {
  it('stops on a cycle of pass-through nodes', () => {
    const g = graph([
      ['Relu', ['x'], ['h']],
      ['Identity', ['h', 'a'], ['a']],
      ['Gemm', ['a', 'W'], ['y']],
    ]);
    expect(findPenultimate(g, 'y')).toEqual({ ok: true, value: { tensor: 'a', layer: 'Gemm' } });
  });
});
