/**
 * Writes a built-in model's probabilities for the first images of its test set as JSON, the realistic input of the
 * confident-learning reference fixture (app/core/labelIssues/fixtures/make_fixture.py runs this).
 * Usage: tsx app/node/exportProbabilities.ts <model-id> <dataset-id> <count> <out.json>
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toProbabilities } from '../core/metrics/probabilities';
import { builtinTestFiles, evaluateFiles } from './headlessEval';
import { PROJECT_ROOT } from './testSetFiles';

const [modelId = 'mnist-logreg', datasetId = 'mnist', countText = '600', out = 'probabilities.json'] = process.argv.slice(2);
const files = builtinTestFiles(datasetId, PROJECT_ROOT);
const result = await evaluateFiles(join(PROJECT_ROOT, 'models', `${modelId}.onnx`), files.images, files.labels, null);
const probabilities = toProbabilities(result.predictions);
const count = Math.min(Number(countText), probabilities.count);
const K = probabilities.classes;
const rows = Array.from({ length: count }, (_, i) => Array.from(probabilities.values.subarray(i * K, (i + 1) * K)));
writeFileSync(out, JSON.stringify({ model: modelId, dataset: datasetId, labels: Array.from(result.data.labels.labels.subarray(0, count)), probabilities: rows }));
