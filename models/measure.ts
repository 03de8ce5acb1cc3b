/**
 * Measures exported models with onnxruntime-node and writes the figures into their cards, so that a card states
 * what the shipped .onnx file gives (the same runtime and preprocessing code models/cards.test.ts checks it with),
 * not what the training framework computed before export. A training script's own figures are kept beside them
 * (as `trainingFramework`) with a lower bound on the number of test images whose prediction the export changed.
 *
 *   npx tsx models/measure.ts models/mnist-cnn.card.json [more cards…]
 *
 * The test set is the built-in one (public/data/<dataset>/, from `npm run data`). Exits non-zero if a card's
 * dataset or model does not fit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DATASETS } from '../app/core/datasets';
import { accuracy, confusionMatrix, correct, toRows } from '../app/core/metrics/confusion';
import type { ModelCard } from '../app/core/modelCard';
import { argmaxRows } from '../app/core/predictions';
import { evaluateNative } from '../app/node/nativeEvaluate';
import { loadBuiltinTestSet } from '../app/node/testSetFiles';

const ORT_VERSION = (createRequire(import.meta.url)('onnxruntime-node/package.json') as { version: string }).version;

export interface Measurement {
  readonly samples: number;
  readonly correct: number;
  readonly accuracy: number;
  readonly confusionMatrix: number[][];
  readonly classes: number;
}

/** Runs the card's model on its dataset's test set as the app feeds it. */
export async function measure(card: ModelCard, modelPath: string): Promise<Measurement> {
  const dataset = DATASETS.find((d) => d.id === card.dataset);
  if (!dataset) throw new Error(`${card.id}: unknown dataset ${card.dataset}`);
  const testSet = loadBuiltinTestSet(dataset);
  const run = await evaluateNative(
    modelPath,
    testSet.images,
    { inputName: card.input.name, layout: card.input.layout, scoresOutput: card.outputs.scores },
    { preset: card.preprocessing.preset, invert: card.preprocessing.invert },
  );
  if (run.classes !== dataset.classNames.length) {
    throw new Error(`${card.id}: ${run.classes} scores per image, ${dataset.name} has ${dataset.classNames.length} classes`);
  }
  const count = testSet.images.count;
  if (run.scores.length !== count * run.classes) throw new Error(`${card.id}: ${run.scores.length} scores for ${count} images`);
  const matrix = confusionMatrix(testSet.labels.labels, argmaxRows(run.scores, count, run.classes), run.classes);
  return {
    samples: count,
    correct: correct(matrix),
    accuracy: Math.round(accuracy(matrix) * 10_000) / 10_000,
    confusionMatrix: toRows(matrix),
    classes: run.classes,
  };
}

/** Rewrites the card's `test` with onnxruntime-node's figures; returns the new card. */
export async function measureCard(cardPath: string): Promise<ModelCard> {
  const card = JSON.parse(readFileSync(cardPath, 'utf8')) as ModelCard;
  const m = await measure(card, join(dirname(cardPath), card.file));
  // The training script's own figures (and any notes it added) move under `trainingFramework`, once.
  const { samples: _s, correct: beforeCorrect, accuracy: beforeAccuracy, confusionMatrix: beforeMatrix, ...notes } = card.test as ModelCard['test'] &
    Record<string, unknown>;
  const framework =
    notes.trainingFramework ??
    {
      measuredWith: notes.measuredWith ?? 'the training script',
      correct: beforeCorrect,
      accuracy: beforeAccuracy,
      ...Object.fromEntries(Object.entries(notes).filter(([k]) => k !== 'measuredWith')),
      // Half the cell-by-cell distance between the two matrices: at least this many test images changed prediction
      // in export (right→wrong and wrong→right cancel in the totals, not here).
      predictionsChangedByExportAtLeast:
        beforeMatrix.reduce((sum, row, t) => sum + row.reduce((s, c, p) => s + Math.abs(c - (m.confusionMatrix[t]?.[p] ?? 0)), 0), 0) / 2,
    };
  const updated = {
    ...card,
    test: {
      samples: m.samples,
      correct: m.correct,
      accuracy: m.accuracy,
      confusionMatrix: m.confusionMatrix,
      measuredWith: `onnxruntime-node ${ORT_VERSION} on the exported .onnx (models/measure.ts), float32`,
      trainingFramework: framework,
    },
  };
  writeFileSync(cardPath, `${JSON.stringify(updated, null, 2)}\n`);
  return updated;
}

async function main(args: string[]): Promise<void> {
  if (args.length === 0) throw new Error('usage: npx tsx models/measure.ts <card.json>…');
  for (const path of args) {
    const card = await measureCard(resolve(path));
    console.log(`measure: ${card.id} ${card.test.accuracy} (${card.test.correct}/${card.test.samples}) with onnxruntime-node ${ORT_VERSION}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`measure: ${(e as Error).message}`);
    process.exit(1);
  });
}
