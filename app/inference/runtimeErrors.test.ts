import { describe, expect, it } from 'vitest';
import { breaksWorker, explainRuntimeError, isOutOfMemory } from './runtimeErrors';

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

describe('failures that take onnxruntime down', () => {
  it('explains running out of memory with the model size and what to try, keeping the raw text', () => {
    const raw = 'failed to call OrtRun(). ERROR_CODE: 6, ERROR_MESSAGE: std::bad_alloc';
    const message = explainRuntimeError(new Error(raw), 'run', { modelBytes: 31_744 });
    expect(message).toBe(
      'The model ran out of memory while it ran: it needs more than the 4 GB a page\'s WebAssembly can use. The model file is only 31 kB, so it is the tensors its graph makes that do not fit, not its weights. ' +
        `Try a smaller model or one with smaller intermediate tensors, or evaluate it natively with \`npm run eval\` (onnxruntime-node). The page started a fresh inference worker, so other models run as before. (onnxruntime: ${raw})`,
    );
    expect(breaksWorker(raw)).toBe(true);
    expect(isOutOfMemory('RuntimeError: Aborted(Cannot enlarge memory arrays to size 4294967296 bytes (OOM).)')).toBe(true);
  });
  it('explains a size overflow and an abort in plain words', () => {
    const overflow = "Can't create a session. ERROR_CODE: 1, ERROR_MESSAGE: /onnxruntime/core/common/safeint.h:17 static void SafeIntExceptionHandler<onnxruntime::OnnxRuntimeException>::SafeIntOnOverflow() Integer overflow";
    expect(explainRuntimeError(new Error(overflow), 'load')).toMatch(/^The model asks for a tensor too large to address .* \(onnxruntime: Can't create a session/);
    const aborted = 'RuntimeError: Aborted(native code called abort())';
    expect(explainRuntimeError(new Error(aborted), 'run')).toMatch(/^onnxruntime stopped with an internal error while running the model; the page started a fresh inference worker\./);
    expect(breaksWorker(aborted)).toBe(true);
    expect(breaksWorker(overflow)).toBe(false);
    expect(breaksWorker("Could not find an implementation for Mystery(7) node with name 'x'")).toBe(false);
  });
});
