import { describe, expect, it } from 'vitest';
import { classificationReport } from '../../core/metrics/classificationReport';
import { confusionMatrix } from '../../core/metrics/confusion';
import { axisFloor, axisTicks, chartRows, DEFAULT_SORT, labelInterval, nextSort, sortRows, zeroDivisionNote } from './perClassModel';

// Class 0: 2 of 3 right; class 1: all 2 right plus one false positive; class 2: 1 image, predicted 1.
const report = classificationReport(confusionMatrix([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 1, 1], 3));
const names = ['zero', 'one', 'two'];

describe('sorting', () => {
  it('flips the active column and starts metric columns best-first', () => {
    expect(nextSort(DEFAULT_SORT, 'class')).toEqual({ key: 'class', direction: 'descending' });
    expect(nextSort(DEFAULT_SORT, 'f1')).toEqual({ key: 'f1', direction: 'descending' });
    expect(nextSort({ key: 'f1', direction: 'descending' }, 'f1')).toEqual({ key: 'f1', direction: 'ascending' });
  });

  it('orders rows by the column, ties in class order', () => {
    expect(sortRows(report.rows, { key: 'recall', direction: 'descending' }).map((r) => r.classIndex)).toEqual([1, 0, 2]);
    expect(sortRows(report.rows, { key: 'support', direction: 'ascending' }).map((r) => r.classIndex)).toEqual([2, 1, 0]);
    // Precision: class 0 1.0, class 1 2/3, class 2 0 (0/0).
    expect(sortRows(report.rows, { key: 'precision', direction: 'ascending' }).map((r) => r.classIndex)).toEqual([2, 1, 0]);
    expect(sortRows(report.rows, DEFAULT_SORT).map((r) => r.classIndex)).toEqual([0, 1, 2]);
  });
});

describe('zeroDivisionNote', () => {
  it('names never-predicted and absent classes', () => {
    expect(zeroDivisionNote(report, names)).toBe("The precision of class two (never predicted) is 0/0, reported as 0 (scikit-learn's zero_division=0); F1 follows.");
    const both = classificationReport(confusionMatrix([0, 0, 1], [0, 2, 0], 4));
    expect(zeroDivisionNote(both, ['a', 'b', 'c', 'd'])).toBe(
      "The precision of classes b and d (never predicted) and the recall of classes c and d (no test images) are 0/0, reported as 0 (scikit-learn's zero_division=0); F1 follows.",
    );
  });

  it('is null when every ratio was defined', () => {
    expect(zeroDivisionNote(classificationReport(confusionMatrix([0, 1], [0, 1], 2)), names)).toBeNull();
  });
});

describe('chart rows', () => {
  it('name every class and start the axis below the lowest value', () => {
    const rows = chartRows(report, names);
    expect(rows.map((r) => r.name)).toEqual(names);
    expect(axisFloor(rows)).toBe(0);
    expect(axisFloor([{ name: 'a', precision: 0.93, recall: 0.88, f1: 0.9 }])).toBe(0.8);
    expect(axisFloor([{ name: 'a', precision: 1, recall: 1, f1: 1 }])).toBe(0.9);
  });
});

describe('axisTicks', () => {
  it('step at round values from the floor to 1', () => {
    expect(axisTicks(0.9)).toEqual([0.9, 0.92, 0.94, 0.96, 0.98, 1]);
    expect(axisTicks(0.8)).toEqual([0.8, 0.85, 0.9, 0.95, 1]);
    expect(axisTicks(0.5)).toEqual([0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(axisTicks(0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});

describe('labelInterval', () => {
  const digits = Array.from({ length: 10 }, (_, k) => String(k));
  it('every digit fits on a chart of the usual width', () => {
    expect(labelInterval(digits, 500)).toBe(0);
  });
  it('long names on a narrow chart: every other one, then fewer still', () => {
    const fashion = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
    const wide = labelInterval(fashion, 1200);
    const narrow = labelInterval(fashion, 400);
    expect(wide).toBe(0);
    expect(narrow).toBeGreaterThan(0);
    // The shown names (every narrow + 1-th) fit: their total width is within the plot.
    const shown = Math.ceil(fashion.length / (narrow + 1));
    expect(shown * (11 * 7.5 + 8)).toBeLessThanOrEqual(400);
  });
  it('47 EMNIST classes on a narrow chart skip names; no names or no width, no skipping', () => {
    const emnist = Array.from({ length: 47 }, (_, k) => String.fromCharCode(48 + k));
    expect(labelInterval(emnist, 300)).toBeGreaterThan(0);
    expect(labelInterval([], 300)).toBe(0);
    expect(labelInterval(digits, 0)).toBe(0);
  });
});
