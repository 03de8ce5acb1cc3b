/** External data: which files a model needs, and whether the files a user gave are the right ones. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkExternalData, externalDataFiles } from './externalData';
import { inspectOnnx } from './inspect';
import type { ExternalTensor, OnnxModel } from './model';

const FIXTURES = join(import.meta.dirname, 'fixtures');

function fixture(name: string): OnnxModel {
  const result = inspectOnnx(new Uint8Array(readFileSync(join(FIXTURES, name))));
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

// external-data.onnx keeps its bias, 10 float32, at offset 0 of external-data.onnx.data (40 bytes), written by
// onnx.save(save_as_external_data=True) in fixtures/make_fixtures.py.
const model = fixture('external-data.onnx');
const dataSize = statSync(join(FIXTURES, 'external-data.onnx.data')).size;

/** The same model with other external tensors, for cases no exporter writes in a tiny file. */
const withTensors = (tensors: ExternalTensor[]): OnnxModel => ({ ...model, externalTensors: tensors });

describe('externalDataFiles', () => {
  it('lists the files a model needs, with the bytes each must hold', () => {
    expect(dataSize).toBe(40);
    expect(externalDataFiles(model)).toEqual([{ location: 'external-data.onnx.data', fileName: 'external-data.onnx.data', tensors: 1, minimumSize: 40 }]);
  });

  it('is empty for a self-contained model', () => {
    expect(externalDataFiles(fixture('two-image-inputs.onnx'))).toEqual([]);
  });

  it('groups tensors by file, keeps paths, and gives up the size when a tensor has none', () => {
    const files = externalDataFiles(
      withTensors([
        { tensor: 'a', location: 'weights/part1.bin', offset: 0, length: 100, bytes: 100 },
        { tensor: 'b', location: 'part2.bin', offset: 0, length: null, bytes: null },
        { tensor: 'c', location: 'weights/part1.bin', offset: 4096, length: 16, bytes: 16 },
      ]),
    );
    expect(files).toEqual([
      { location: 'weights/part1.bin', fileName: 'part1.bin', tensors: 2, minimumSize: 4112 },
      { location: 'part2.bin', fileName: 'part2.bin', tensors: 1, minimumSize: null },
    ]);
  });
});

describe('checkExternalData', () => {
  it('matches the file by name', () => {
    expect(checkExternalData(model, [{ name: 'external-data.onnx.data', size: dataSize }])).toEqual({
      ok: true,
      value: [{ location: 'external-data.onnx.data', file: 'external-data.onnx.data' }],
    });
  });

  it('matches a location with folders by its file name', () => {
    const nested = withTensors([{ tensor: 'w', location: 'weights/w.bin', offset: 0, length: 8, bytes: 8 }]);
    expect(checkExternalData(nested, [{ name: 'w.bin', size: 8 }])).toEqual({ ok: true, value: [{ location: 'weights/w.bin', file: 'w.bin' }] });
  });

  it('says which file is missing', () => {
    expect(checkExternalData(model, [{ name: 'external-data.onnx', size: 314 }])).toEqual({
      ok: false,
      reason: "The model keeps the data of 1 tensor in a separate file, 'external-data.onnx.data' (at least 40 bytes), which is missing: add that file together with the model.",
    });
  });

  it('lists several missing files', () => {
    const split = withTensors([
      { tensor: 'a', location: 'a.bin', offset: 0, length: 1000, bytes: 1000 },
      { tensor: 'b', location: 'b.bin', offset: 0, length: null, bytes: null },
      { tensor: 'c', location: 'b.bin', offset: 0, length: null, bytes: null },
    ]);
    expect(checkExternalData(split, [])).toEqual({
      ok: false,
      reason: "The model keeps tensor data in 2 separate files that are missing: 'a.bin' (1 tensor, at least 1,000 bytes), 'b.bin' (2 tensors). Add them together with the model.",
    });
  });

  it('says when the file is too short for a tensor', () => {
    expect(checkExternalData(model, [{ name: 'external-data.onnx.data', size: 39 }])).toEqual({
      ok: false,
      reason:
        "The external data file 'external-data.onnx.data' is 39 bytes long, but tensor 'bias' needs 40 bytes at offset 0 (up to byte 40): " +
        'the file is truncated or belongs to another version of the model.',
    });
  });

  it('accepts a model without external data and no files', () => {
    expect(checkExternalData(fixture('one-class.onnx'), [])).toEqual({ ok: true, value: [] });
  });
});
