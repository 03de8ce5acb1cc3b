/**
 * Keeps the training scripts alive without the minutes of a real training: every model of models/train_all.sh is
 * trained on a few hundred images for one epoch, exported into a temporary folder (never models/ itself), then
 * loaded with onnxruntime-node, fed a batch of test images of the card's shape and measured on the whole test set
 * (models/measure.ts, as in a real run). Needs Debian's python3-sklearn, python3-onnx, python3-numpy and
 * python3-torch, and the training data (`npm run data -- --train`).
 *
 *   npm run models:smoke          (or MODELS_SMOKE=1 npx vitest run models/smoke.test.ts)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { DATASETS } from '../app/core/datasets';
import { inputDims, type ModelCard } from '../app/core/modelCard';
import { measureCard } from './measure';

const MODELS = resolve(import.meta.dirname);
const SAMPLES = '300';
const BATCH = 7; // an odd batch size: the exported batch dimension must be dynamic

/** Each model's training command in models/train_all.sh, shrunk to SAMPLES images and one epoch. */
export const SMOKE_RUNS: readonly { readonly id: string; readonly args: readonly string[] }[] = [
  { id: 'mnist-logreg', args: ['train_logreg.py', '--dataset', 'mnist', '--id', 'mnist-logreg', '--limit', SAMPLES] },
  { id: 'mnist-cnn', args: ['train_cnn.py', '--dataset', 'mnist', '--id', 'mnist-cnn', '--limit', SAMPLES, '--epochs', '1'] },
  { id: 'fashion-logreg', args: ['train_logreg.py', '--dataset', 'fashion-mnist', '--id', 'fashion-logreg', '--limit', SAMPLES] },
  { id: 'fashion-cnn', args: ['train_cnn.py', '--dataset', 'fashion-mnist', '--id', 'fashion-cnn', '--limit', SAMPLES, '--epochs', '1'] },
];

export interface SmokeResult {
  readonly id: string;
  readonly outputDims: readonly number[];
  readonly accuracy: number;
  readonly seconds: number;
}

/** Checks that one exported model loads and answers a batch with [batch, classes] scores as its card says. */
async function checkExport(card: ModelCard, modelPath: string): Promise<number[]> {
  const dataset = DATASETS.find((d) => d.id === card.dataset);
  if (!dataset) throw new Error(`${card.id}: unknown dataset ${card.dataset}`);
  const session = await ort.InferenceSession.create(modelPath);
  try {
    if (!session.inputNames.includes(card.input.name)) throw new Error(`${card.id}: no input ${card.input.name} (has ${session.inputNames.join(', ')})`);
    if (!session.outputNames.includes(card.outputs.scores)) {
      throw new Error(`${card.id}: no output ${card.outputs.scores} (has ${session.outputNames.join(', ')})`);
    }
    const dims = inputDims(card.input.layout, BATCH, 28, 28);
    const input = new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);
    const out = (await session.run({ [card.input.name]: input }, [card.outputs.scores]))[card.outputs.scores]!;
    const expected = [BATCH, dataset.classNames.length];
    if (out.type !== 'float32' || out.dims.join(',') !== expected.join(',')) {
      throw new Error(`${card.id}: output ${card.outputs.scores} is ${out.type} [${out.dims.join(', ')}], expected float32 [${expected.join(', ')}]`);
    }
    return [...out.dims];
  } finally {
    await session.release();
  }
}

/** Trains, exports, loads and measures every model in a fresh temporary folder, which is removed afterwards. */
export async function smoke(log: (line: string) => void = console.log): Promise<SmokeResult[]> {
  const out = mkdtempSync(join(tmpdir(), 'models-smoke-'));
  const results: SmokeResult[] = [];
  try {
    for (const run of SMOKE_RUNS) {
      const started = performance.now();
      execFileSync('sh', [join(MODELS, 'python.sh'), ...run.args.map((a, i) => (i === 0 ? join(MODELS, a) : a)), '--out', out], {
        stdio: ['ignore', 'pipe', 'inherit'],
        encoding: 'utf8',
      });
      const cardPath = join(out, `${run.id}.card.json`);
      const card = JSON.parse(readFileSync(cardPath, 'utf8')) as ModelCard;
      if (card.id !== run.id || card.training.samples !== Number(SAMPLES)) throw new Error(`${run.id}: unexpected card ${cardPath}`);
      const outputDims = await checkExport(card, join(out, card.file));
      const measured = await measureCard(cardPath);
      const seconds = (performance.now() - started) / 1000;
      results.push({ id: run.id, outputDims, accuracy: measured.test.accuracy, seconds });
      log(`smoke: ${run.id} ok: output [${outputDims.join(', ')}], accuracy ${measured.test.accuracy} after ${SAMPLES} images (${seconds.toFixed(1)} s)`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const started = performance.now();
  smoke()
    .then(() => console.log(`smoke: all models ok in ${((performance.now() - started) / 1000).toFixed(0)} s`))
    .catch((e: unknown) => {
      console.error(`smoke: ${(e as Error).message}`);
      process.exit(1);
    });
}
