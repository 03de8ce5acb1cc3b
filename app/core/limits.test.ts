import { describe, expect, it } from 'vitest';
import { checkArchiveSize, checkDeclaredImages, checkModelSize, checkTestSetSize, deviceLimits, formatSize } from './limits';

const GiB = 1024 ** 3;

describe('deviceLimits', () => {
  it('derives the limits from the memory the browser reports, capped by what the runtime can hold', () => {
    expect(deviceLimits(8)).toEqual({ deviceMemoryGiB: 8, reported: true, modelBytes: 2 * GiB, testSetBytes: 1 * GiB, archiveBytes: 1 * GiB });
    expect(deviceLimits(2)).toEqual({ deviceMemoryGiB: 2, reported: true, modelBytes: 0.5 * GiB, testSetBytes: 0.25 * GiB, archiveBytes: 0.25 * GiB });
    expect(deviceLimits(0.5).modelBytes).toBe(128 * 1024 ** 2);
  });
  it('assumes 4 GB when the browser does not say (Firefox, Safari) or says nonsense', () => {
    for (const unreported of [undefined, null, 0, -1, Number.NaN]) {
      expect(deviceLimits(unreported)).toEqual({ deviceMemoryGiB: 4, reported: false, modelBytes: 1 * GiB, testSetBytes: 0.5 * GiB, archiveBytes: 0.5 * GiB });
    }
  });
});

describe('size checks', () => {
  const limits = deviceLimits(8);
  it('accept what fits, up to the limit itself', () => {
    expect(checkModelSize('m.onnx', 2 * GiB, limits).ok).toBe(true);
    expect(checkTestSetSize('x.gz', 1 * GiB, limits).ok).toBe(true);
    expect(checkArchiveSize('t.zip', 10, limits).ok).toBe(true);
    expect(checkDeclaredImages('x', [60_000, 28, 28], limits).ok).toBe(true);
  });
  it('refuse a model past the limit naming the file, its size, the limit and what to do', () => {
    const checked = checkModelSize('huge.onnx', 3 * GiB, limits);
    expect(checked).toEqual({
      ok: false,
      reason:
        'huge.onnx is 3.0 GB, more than the 2.0 GB this page accepts for a model on this device (the browser reports 8 GB of memory). It was not read. Evaluate it natively with `npm run eval` (onnxruntime-node), or use a smaller or quantised export of the model.',
    });
  });
  it('say when the device memory was assumed', () => {
    const checked = checkArchiveSize('all.zip', 600 * 1024 ** 2, deviceLimits(undefined));
    expect(checked.ok ? '' : checked.reason).toBe(
      'all.zip is 600 MB, more than the 512 MB this page accepts for an archive on this device (the browser does not report its memory; 4 GB assumed). It was not read. Unpack it and drop the test files themselves, or a smaller archive.',
    );
  });
  it('refuse an IDX header declaring more pixels than the limit, however small the file', () => {
    const checked = checkDeclaredImages('bomb.gz', [2_000_000, 28, 28], limits);
    expect(checked.ok ? '' : checked.reason).toMatch(/^bomb\.gz declares 2,000,000 × 28 × 28 images \(1\.5 GB of pixels\), more than the 1\.0 GB/);
    expect(checkTestSetSize('x.gz', 1 * GiB + 1, limits).ok).toBe(false);
  });
  it('formats sizes in binary units', () => {
    expect([formatSize(999), formatSize(31_744), formatSize(47_040_016), formatSize(3 * GiB)]).toEqual(['999 B', '31 kB', '45 MB', '3.0 GB']);
  });
});
