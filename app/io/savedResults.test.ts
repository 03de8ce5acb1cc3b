import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { savedHint } from './savedResults';

/** localStorage as the browser keeps it: strings by key. */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem = (key: string): string | null => this.items.get(key) ?? null;
  setItem = (key: string, value: string): void => void this.items.set(key, value);
}

describe('savedHint: which saved results the first script may expect', () => {
  const scope = globalThis as { localStorage?: unknown };
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
    scope.localStorage = storage;
  });
  afterEach(() => delete scope.localStorage);

  it('lists the keys saved with this build only', () => {
    storage.setItem('classifier-lens-saved-results', JSON.stringify({ build: 'b1', keys: ['mnist-logreg|mnist|unit|threads', 7] }));
    expect(savedHint('b1')).toEqual(['mnist-logreg|mnist|unit|threads']);
    expect(savedHint('b2')).toEqual([]);
  });

  it('is empty, not an error, when the hint is missing, damaged or storage is unavailable', () => {
    expect(savedHint('b1')).toEqual([]);
    storage.setItem('classifier-lens-saved-results', '{not json');
    expect(savedHint('b1')).toEqual([]);
    delete scope.localStorage;
    expect(savedHint('b1')).toEqual([]);
  });
});
