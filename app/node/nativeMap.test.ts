/**
 * The CLI's map (`npm run eval -- --map`) on real models and the MNIST test set, sampled to 1 000 points to stay
 * quick: mnist-cnn is mapped from its features and its classes lie apart; the logistic regression falls back to its
 * probabilities, saying why.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinTestFiles, evaluateFiles } from './headlessEval';
import { nativeMap } from './nativeMap';
import { PROJECT_ROOT } from './testSetFiles';

const files = builtinTestFiles('mnist', PROJECT_ROOT);
const evaluate = (model: string) => evaluateFiles(join(PROJECT_ROOT, 'models', model), files.images, files.labels, null);

/** Share of points whose nearest neighbour on the map has the same true label. */
function nearestAgreement(csv: string): number {
  const rows = csv.trim().split('\n').slice(1).map((r) => r.split(',').map(Number) as [number, number, number, number, number]);
  let same = 0;
  for (const [i, x, y, label] of rows) {
    let best = Infinity;
    let bestLabel = -1;
    for (const [j, x2, y2, label2] of rows) {
      const d = (x - x2) ** 2 + (y - y2) ** 2;
      if (j !== i && d < best) (best = d), (bestLabel = label2);
    }
    if (bestLabel === label) same++;
  }
  return same / rows.length;
}

describe('nativeMap', () => {
  it('maps mnist-cnn from the input of its final Gemm; the classes lie apart', async () => {
    const map = await nativeMap(await evaluate('mnist-cnn.onnx'), 1000);
    expect(map.source).toEqual({ kind: 'features', tensor: '/classifier/classifier.2/Relu_output_0', dims: 64 });
    const lines = map.csv.trim().split('\n');
    expect(lines[0]).toBe('index,x,y,label,pred');
    expect(lines).toHaveLength(1001);
    expect(nearestAgreement(map.csv)).toBeGreaterThan(0.9);
  }, 300_000);

  it('maps mnist-logreg from its probabilities and says why', async () => {
    const map = await nativeMap(await evaluate('mnist-logreg.onnx'), 500);
    expect(map.source.kind).toBe('probabilities');
    expect(map.source.kind === 'probabilities' && map.source.reason).toContain('a linear model has no hidden layer');
    expect(map.projection.indices).toHaveLength(500);
  }, 300_000);
});
