/** Results links round-trip, stay short, and a damaged or hostile hash is refused with a reason. */
import { describe, expect, it } from 'vitest';
import { REPORT_VERSION, type SharedReport } from '../core/report';
import { decodeReport, encodeReport, REPORT_HASH_PREFIX } from './shareLink';

const matrix = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 950 : t + p === 9 ? 50 : 0)));
const report: SharedReport = {
  v: REPORT_VERSION,
  createdAt: '2026-11-25T16:45:00.000Z',
  model: { name: 'mine.onnx', fileName: 'mine.onnx', sizeBytes: 5826, producer: 'keras2onnx 1.5.1', parameters: 1026 },
  dataset: { id: 'mnist', name: 'MNIST test set (your files)', count: 10_000 },
  preprocessing: 'unit',
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  matrix,
  strip: { seed: 42, indices: Array.from({ length: 30 }, (_, i) => i * 300), predicted: Array.from({ length: 30 }, (_, i) => i % 10) },
};

describe('results links', () => {
  it('round-trip and stay short', async () => {
    const hash = await encodeReport(report);
    expect(hash.startsWith(REPORT_HASH_PREFIX)).toBe(true);
    expect(hash.length).toBeLessThan(1500);
    expect(await decodeReport(hash)).toEqual({ ok: true, value: report });
  });

  it('ignore other hashes', async () => {
    expect(await decodeReport('#section')).toBeNull();
  });

  it('refuse a cut-short link', async () => {
    const hash = await encodeReport(report);
    const result = await decodeReport(hash.slice(0, -20));
    expect(result?.ok).toBe(false);
  });

  it('refuse a report whose figures disagree', async () => {
    const bad = { ...report, dataset: { ...report.dataset, count: 9_999 } };
    expect(await decodeReport(await encodeReport(bad))).toEqual({
      ok: false,
      reason: 'The shared report is damaged or from another version: matrix counts 10000 images but the dataset has 9999.',
    });
  });

  it('refuse a hash that inflates far beyond any real report', async () => {
    // 20 MB of spaces compress to a few kB: the decoder must stop long before holding all of it.
    const huge = new TextEncoder().encode(' '.repeat(20_000_000));
    const stream = new Blob([huge]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const packed = new Uint8Array(await new Response(stream).arrayBuffer());
    let binary = '';
    for (const b of packed) binary += String.fromCharCode(b);
    const hash = REPORT_HASH_PREFIX + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const result = await decodeReport(hash);
    expect(result).toEqual({ ok: false, reason: 'The shared report in this link cannot be read (the report is larger than any real one). Was the link cut short?' });
  });
});
