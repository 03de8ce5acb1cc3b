import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { predictionsFromScores } from '../predictions';
import { compareModels } from './compare';
import { deepEvaluation } from './deepEvaluation';
import { formatFloat32, metricsJson, metricsJsonText, predictionsCsv, type DatasetIdentity, type ModelIdentity } from './export';
import type { SklearnFixture } from './fixtures/sklearnFixture';

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'sklearn-metrics.json'), 'utf8')) as SklearnFixture;
const n = fixture.labels.length;
const predictions = predictionsFromScores(Float32Array.from(fixture.scores.flat()), n, fixture.classes);
const evaluation = deepEvaluation(Uint8Array.from(fixture.labels), predictions);

describe('formatFloat32', () => {
  it('writes the shortest decimal that reads back as the same float32', () => {
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(0)).toBe('0');
    expect(formatFloat32(1)).toBe('1');
    expect(formatFloat32(Math.fround(1e-7))).toBe('1e-7');
    expect(formatFloat32(Math.fround(0.123456789))).toBe('0.12345679');
    expect(formatFloat32(Number.NaN)).toBe('NaN');
  });

  it('round-trips every float32 score of the fixture, and float64 values to their float32', () => {
    for (const x of predictions.scores) expect(Math.fround(Number(formatFloat32(x)))).toBe(x);
    for (const x of [1 / 3, 2 / 3, 0.999999999, 1e-30, 7.006492321624085e-46]) expect(Math.fround(Number(formatFloat32(x)))).toBe(Math.fround(x));
  });
});

describe('predictionsCsv', () => {
  const csv = predictionsCsv(fixture.labels, predictions.predicted, evaluation.probabilities.values, fixture.classes);
  const lines = csv.trimEnd().split('\n');

  it('has the header and one row per image', () => {
    expect(lines[0]).toBe('index,label,prediction,confidence,p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9');
    expect(lines).toHaveLength(n + 1);
    expect(csv.endsWith('\n')).toBe(true);
  });

  it('rows hold index, label, prediction, confidence and probabilities that read back exactly', () => {
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(',').map(Number);
      expect(cells.slice(0, 3)).toEqual([i, fixture.labels[i], fixture.predicted[i]]);
      expect(cells).toHaveLength(4 + fixture.classes);
      expect(Math.fround(cells[3]!)).toBe(predictions.scores[i * fixture.classes + fixture.predicted[i]!]);
      for (let k = 0; k < fixture.classes; k++) expect(Math.fround(cells[4 + k]!)).toBe(predictions.scores[i * fixture.classes + k]);
    });
  });

  it('writes probabilities after softmax for logits', () => {
    const logits = predictionsFromScores(Float32Array.from([0, Math.log(3)]), 1, 2);
    const e = deepEvaluation([1], logits);
    expect(predictionsCsv([1], logits.predicted, e.probabilities.values, 2).split('\n')[1]).toBe('0,1,1,0.75,0.25,0.75');
  });
});

describe('metricsJson', () => {
  const model: ModelIdentity = { name: 'Logistic regression', fileName: 'mnist-logreg.onnx', sizeBytes: 31_760, sha256: 'ab'.repeat(32) };
  const dataset: DatasetIdentity = { name: 'fixture', count: n, sha256: { images: 'cd'.repeat(32), labels: 'ef'.repeat(32) } };
  const classNames = Array.from({ length: fixture.classes }, (_, k) => String(k));
  const json = metricsJson({ model, dataset, classNames, evaluation });

  it('carries identity, accuracy, the report, top-k, calibration and mistakes', () => {
    expect(json.model).toEqual(model);
    expect(json.dataset).toEqual(dataset);
    expect(json.accuracy).toBeCloseTo(fixture.accuracy, 12);
    expect(json.correct).toBe(Math.round(fixture.accuracy * n));
    expect(json.confusionMatrix.counts).toEqual(fixture.confusionMatrix);
    expect(json.classificationReport.perClass.map((r) => r.f1)).toEqual(evaluation.report.rows.map((r) => r.f1));
    expect(json.classificationReport.zeroDivision.precision).toEqual([7]);
    expect(json.topKAccuracy.top3).toBeCloseTo(fixture.topK[3], 12);
    expect(json.calibration.ece).toBeCloseTo(fixture.calibration.ece, 9);
    expect(json.calibration.bins).toBe(15);
    expect(json.mostConfidentMistakes).toHaveLength(50);
    expect(json.scores).toEqual({ output: 'probabilities', softmaxApplied: false });
    expect('comparison' in json).toBe(false);
  });

  it('is valid JSON without NaN, and adds the comparison when given', () => {
    const comparison = compareModels(fixture.labels, fixture.predicted, fixture.modelB.predicted, fixture.classes);
    const text = metricsJsonText({ model, dataset, classNames, evaluation, comparison: { model: { ...model, name: 'B' }, result: comparison }, generatedAt: '2026-01-01T00:00:00Z' });
    expect(text).not.toMatch(/NaN|Infinity/);
    const parsed = JSON.parse(text) as { comparison: { mcnemar: { pValue: number }; disagreement: Record<string, number> }; generatedAt: string };
    expect(parsed.generatedAt).toBe('2026-01-01T00:00:00Z');
    expect(parsed.comparison.mcnemar.pValue).toBe(comparison.mcnemar.pValue);
    expect(parsed.comparison.disagreement.aRightBWrong).toBe(fixture.modelB.groups.aRightBWrong.length);
  });
});

describe('predictionsCsv without labels', () => {
  it('keeps the label column, empty, one row per prediction', () => {
    const csv = predictionsCsv(null, [1, 0], [0.25, 0.75, 0.5, 0.5], 2);
    expect(csv).toBe('index,label,prediction,confidence,p_0,p_1\n0,,1,0.75,0.25,0.75\n1,,0,0.5,0.5,0.5\n');
  });
});
