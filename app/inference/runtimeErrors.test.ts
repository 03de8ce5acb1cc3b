import { describe, expect, it } from 'vitest';
import { explainRuntimeError } from './runtimeErrors';

describe('explainRuntimeError', () => {
  it('explains an operator the backend lacks', () => {
    const message = explainRuntimeError(new Error("Could not find an implementation for Mystery(7) node with name 'x'"), 'load');
    expect(message).toMatch(/^onnxruntime-web's WebAssembly backend has no implementation of operator Mystery \(opset 7\)\./);
    expect(message).toContain("(onnxruntime: Could not find an implementation for Mystery(7) node with name 'x')");
  });
  it('explains a custom operator (as onnxruntime 1.30 words it)', () => {
    const raw = "Can't create a session. ERROR_CODE: 1, ERROR_MESSAGE: Fatal error: com.example:FancyActivation(-1) is not a registered function/op";
    expect(explainRuntimeError(new Error(raw), 'load')).toBe(
      `The model uses the operator FancyActivation of domain com.example, which onnxruntime-web does not implement (a custom operator). Re-export the model with standard ONNX operators only. (onnxruntime: ${raw})`,
    );
    expect(explainRuntimeError(new Error('Fatal error: Fancy(-1) is not a registered function/op'), 'load')).toMatch(/^The model uses an operator Fancy that is not a standard ONNX operator/);
  });
  it('explains external shape constants (as onnxruntime 1.30 words it)', () => {
    const raw = "Can't create a session. ERROR_CODE: 6, ERROR_MESSAGE: [ShapeInferenceError] Cannot parse data from external tensors. Please load external data into raw data for tensor: class_axis";
    expect(explainRuntimeError(new Error(raw), 'load')).toMatch(/^onnxruntime needs the small constant "class_axis" inside the .onnx file/);
  });
  it('keeps unknown errors, saying at which stage they happened', () => {
    expect(explainRuntimeError('boom', 'run')).toBe('onnxruntime failed while running the model: boom');
    expect(explainRuntimeError(new Error('boom'), 'load')).toBe('onnxruntime could not load the model: boom');
  });
});
