/** Our reproduction of the seed tutorial's model stays within the tolerance of the seed's own figures. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { ModelCard } from '../app/core/modelCard';
import { PROJECT_ROOT } from '../app/node/testSetFiles';

const read = <T,>(name: string): T => JSON.parse(readFileSync(join(PROJECT_ROOT, 'models', name), 'utf8')) as T;
const card = read<ModelCard>('mnist-logreg.card.json');
const seed = read<{ accuracy: number; confusionMatrix: number[][] }>('seed-reference.json');

it('mnist-logreg is within 0.2 points of the seed accuracy', () => {
  expect(Math.abs(card.test.accuracy - seed.accuracy)).toBeLessThanOrEqual(0.002);
});

it('every cell of mnist-logreg’s matrix is within ±5 of the seed’s', () => {
  const worst = Math.max(...card.test.confusionMatrix.flatMap((row, t) => row.map((c, p) => Math.abs(c - seed.confusionMatrix[t]![p]!))));
  expect(worst).toBeLessThanOrEqual(5);
});
