import { describe, expect, it } from 'vitest';
import { project, projectAll, seededRandom } from './project';

/** `perCluster` points around each of `clusters` far-apart centres in `d` dimensions, with labels. */
function blobs(clusters: number, perCluster: number, d: number, seed: number): { data: Float32Array; labels: number[] } {
  const random = seededRandom(seed);
  const data = new Float32Array(clusters * perCluster * d);
  const labels: number[] = [];
  for (let c = 0; c < clusters; c++) {
    for (let i = 0; i < perCluster; i++) {
      const row = c * perCluster + i;
      labels.push(c);
      for (let j = 0; j < d; j++) data[row * d + j] = (j % clusters === c ? 10 : 0) + random();
    }
  }
  return { data, labels };
}

describe('project', () => {
  it('gives the same map for the same seed, and keeps separated clusters apart', () => {
    const { data, labels } = blobs(3, 60, 6, 7);
    const a = projectAll(data, 180, 6, { seed: 3, epochs: 100 });
    const b = projectAll(data, 180, 6, { seed: 3, epochs: 100 });
    expect(a.coordinates).toEqual(b.coordinates);
    expect(a.dimensions).toBe(6);
    // Each point's nearest neighbour on the map is from its own cluster.
    const n = labels.length;
    let same = 0;
    for (let i = 0; i < n; i++) {
      let best = -1;
      let bestDistance = Infinity;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const d = (a.coordinates[2 * i]! - a.coordinates[2 * j]!) ** 2 + (a.coordinates[2 * i + 1]! - a.coordinates[2 * j + 1]!) ** 2;
        if (d < bestDistance) (bestDistance = d), (best = j);
      }
      if (labels[best] === labels[i]) same++;
    }
    expect(same).toBe(n);
  });

  it('reduces more than 50 dimensions by PCA first, reports its stages, and samples a large set reproducibly', () => {
    const { data } = blobs(2, 100, 60, 1);
    const stages: string[] = [];
    const steps = project(data, 200, 60, { seed: 5, epochs: 50, maxPoints: 120 });
    let result;
    for (;;) {
      const next = steps.next();
      if (next.done) {
        result = next.value;
        break;
      }
      if (!stages.includes(next.value.stage)) stages.push(next.value.stage);
    }
    expect(stages).toEqual(['pca', 'neighbours', 'layout']);
    expect(result.dimensions).toBe(50);
    expect(result.explained).toBeGreaterThan(0.5);
    expect(result.indices).toHaveLength(120);
    expect([...result.indices]).toEqual([...result.indices].sort((x, y) => x - y));
    expect(new Set(result.indices).size).toBe(120);
    expect(projectAll(data, 200, 60, { seed: 5, epochs: 50, maxPoints: 120 }).indices).toEqual(result.indices);
  });
});
