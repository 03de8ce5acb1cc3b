import { describe, expect, it } from 'vitest';
import { imageSetsToForget, neededHeapBytes, recycleAdvised, RECYCLE_FLOOR_BYTES } from './memoryBudget';

const MB = 1024 * 1024;

describe('recycleAdvised', () => {
  it('replaces a worker left at 1.3 GB by a failed huge session when only a 31 KB model remains', () => {
    expect(recycleAdvised(1342 * MB, [31_000])).toBe(true);
  });
  it('keeps a worker whose heap is below the floor, whatever the models', () => {
    expect(recycleAdvised(RECYCLE_FLOOR_BYTES, [])).toBe(false);
    expect(recycleAdvised(300 * MB, [31_000])).toBe(false);
  });
  it('keeps a large heap that the models in use need', () => {
    // A 200 MB model: its session needs about 1.6 GB.
    expect(neededHeapBytes([200 * MB])).toBe(64 * MB + 1600 * MB);
    expect(recycleAdvised(1800 * MB, [200 * MB])).toBe(false);
    expect(recycleAdvised(1800 * MB, [1 * MB])).toBe(true);
  });
});

describe('imageSetsToForget', () => {
  it('keeps at most three test sets, forgetting the oldest', () => {
    const held = ['a', 'b', 'c', 'd', 'e'].map((key) => ({ key, bytes: 8 * MB }));
    expect(imageSetsToForget(held)).toEqual(['a', 'b']);
    expect(imageSetsToForget(held.slice(0, 3))).toEqual([]);
  });
  it('keeps at most 256 MB of pixels, but always the newest set', () => {
    expect(imageSetsToForget([{ key: 'mnist', bytes: 8 * MB }, { key: 'train', bytes: 47 * MB }, { key: 'huge', bytes: 230 * MB }])).toEqual(['mnist', 'train']);
    expect(imageSetsToForget([{ key: 'old', bytes: 1 * MB }, { key: 'huge', bytes: 900 * MB }])).toEqual(['old']);
    expect(imageSetsToForget([{ key: 'huge', bytes: 900 * MB }])).toEqual([]);
  });
});
