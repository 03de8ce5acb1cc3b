import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttleProgress, type Phase } from './progressThrottle';
import type { Progress } from './state';

const images = (done: number, label = 'Running'): Progress => ({ label, done, total: 10_000, unit: 'images' });

describe('throttleProgress', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows a new step at once and the latest count of a step at most every interval', () => {
    const seen: [Phase, number, string][] = [];
    const { report } = throttleProgress((phase, p) => seen.push([phase, p.done, p.label]), 100);
    report('loading', { label: 'Loading', done: 5, total: null, unit: 'bytes' });
    report('running', images(1000));
    report('running', images(2000));
    report('running', images(3000));
    expect(seen).toEqual([
      ['loading', 5, 'Loading'],
      ['running', 1000, 'Running'],
    ]);
    vi.advanceTimersByTime(100);
    expect(seen.at(-1)).toEqual(['running', 3000, 'Running']);
    expect(seen).toHaveLength(3);
    // A new label is a new step: no waiting.
    report('running', images(0, 'Checking WebGL against WebAssembly'));
    expect(seen.at(-1)).toEqual(['running', 0, 'Checking WebGL against WebAssembly']);
  });

  it('drops a waiting count once cancelled', () => {
    const seen: number[] = [];
    const { report, cancel } = throttleProgress((_, p) => seen.push(p.done), 100);
    report('running', images(1));
    report('running', images(2));
    cancel();
    vi.advanceTimersByTime(500);
    expect(seen).toEqual([1]);
  });
});
