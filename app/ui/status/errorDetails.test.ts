import { describe, expect, it } from 'vitest';
import { explainRuntimeError } from '../../inference/runtimeErrors';
import { splitErrorDetails } from './errorDetails';

describe('splitErrorDetails', () => {
  it('puts onnxruntime\'s raw text apart from the explanation', () => {
    const raw = 'failed to call OrtRun(). ERROR_CODE: 6, ERROR_MESSAGE: std::bad_alloc';
    const message = `big.onnx: ${explainRuntimeError(new Error(raw), 'run', { modelBytes: 32_000 })}`;
    const split = splitErrorDetails(message);
    expect(split.summary).toMatch(/^big\.onnx: The model ran out of memory while it ran: .* other models run as before\.$/);
    expect(split.details).toBe(raw);
  });
  it('splits the generic wording too', () => {
    const raw = '/onnxruntime/core/common/safeint.h:17 SafeIntOnOverflow() Integer overflow';
    expect(splitErrorDetails(`m.onnx: onnxruntime could not load the model: ${raw}`)).toEqual({ summary: 'm.onnx: onnxruntime could not load the model.', details: raw });
    expect(splitErrorDetails(`m.onnx: ${explainRuntimeError('boom', 'run')}`)).toEqual({ summary: 'm.onnx: onnxruntime failed while running the model.', details: 'boom' });
  });
  it('leaves messages without onnxruntime text whole', () => {
    const message = 'labels.gz: the file holds 9,999 labels for 10,000 images.';
    expect(splitErrorDetails(message)).toEqual({ summary: message, details: null });
  });
});
