import { describe, expect, it } from 'vitest';
import { pca, symmetricEigen } from './pca';

describe('symmetricEigen', () => {
  it('diagonalises [[2,1],[1,2]]: eigenvalues 3 and 1 on (1,1)/√2 and (1,−1)/√2', () => {
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[0]! * vectors[1]!).toBeGreaterThan(0); // (1, 1) direction
    expect(vectors[2]! * vectors[3]!).toBeLessThan(0); // (1, −1) direction
  });

  it('rebuilds a 3×3 matrix from its eigenpairs (A v = λ v) with orthonormal vectors', () => {
    const a = [4, 1, -2, 1, 2, 0, -2, 0, 3];
    const { values, vectors } = symmetricEigen(a, 3);
    // The eigenvalues sum to the trace, 9.
    expect(values[0]! + values[1]! + values[2]!).toBeCloseTo(9, 10);
    for (let i = 0; i < 3; i++) {
      const v = [vectors[i * 3]!, vectors[i * 3 + 1]!, vectors[i * 3 + 2]!];
      for (let r = 0; r < 3; r++) expect(a[r * 3]! * v[0]! + a[r * 3 + 1]! * v[1]! + a[r * 3 + 2]! * v[2]!).toBeCloseTo(values[i]! * v[r]!, 10);
      for (let j = 0; j < 3; j++) {
        const dot = v[0]! * vectors[j * 3]! + v[1]! * vectors[j * 3 + 1]! + v[2]! * vectors[j * 3 + 2]!;
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    }
    expect(values[0]).toBeGreaterThan(values[1]!);
    expect(values[1]).toBeGreaterThan(values[2]!);
  });
});

describe('pca', () => {
  it('finds the direction of a line of points and keeps all of its variance in one component', () => {
    // Points on the line (1, 2, 2)·t + (5, 5, 5), t = −2 … 2: one component, coordinates ±3t around the mean.
    const t = [-2, -1, 0, 1, 2];
    const data = t.flatMap((s) => [5 + s, 5 + 2 * s, 5 + 2 * s]);
    const { projected, components, explained } = pca(data, 5, 3, 1);
    expect(components).toBe(1);
    expect(explained).toBeCloseTo(1, 12);
    const sign = Math.sign(projected[4]!);
    t.forEach((s, i) => expect(projected[i]! * sign).toBeCloseTo(3 * s, 5));
  });

  it('on a known 4×2 matrix: covariance [[8/3, 0], [0, 2/3]] keeps 8/10 of the variance in its first component', () => {
    // Centred already: x = ±2 (variance 8/3), y = ±1 (variance 2/3), uncorrelated; the first axis is x.
    const data = [2, 0, -2, 0, 0, 1, 0, -1];
    const { projected, explained } = pca(data, 4, 2, 1);
    expect(explained).toBeCloseTo(0.8, 12);
    expect(Array.from(projected).map((v) => Math.abs(v))).toEqual([2, 2, 0, 0].map((v) => expect.closeTo(v, 6)));
  });
});
