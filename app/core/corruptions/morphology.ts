/**
 * Stroke thickness: grey-scale dilation (thicker strokes) and erosion (thinner strokes), the maximum or minimum
 * over a structuring element; neighbours outside the image are left out. Integer-exact. MNIST-C has no such
 * corruption; the elements grow with severity from a single step to a disk.
 */

/** A structuring element: offsets [dy, dx] from the pixel. */
export type Element = readonly (readonly [number, number])[];

/** The disk dx² + dy² ≤ r2 (r2 = 1: the 3×3 plus; 2: the 3×3 square; 4: 13 pixels; 5: 21; 8: 25; 9: 29). */
export function disk(r2: number): Element {
  const r = Math.floor(Math.sqrt(r2));
  const out: [number, number][] = [];
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dx * dx + dy * dy <= r2) out.push([dy, dx]);
  return out;
}

/** A w×h block with the pixel at its top-left corner (2×1: the pixel and its right neighbour). */
export function block(w: number, h: number): Element {
  const out: [number, number][] = [];
  for (let dy = 0; dy < h; dy++) for (let dx = 0; dx < w; dx++) out.push([dy, dx]);
  return out;
}

function morph(src: Uint8Array, dst: Uint8Array, rows: number, cols: number, element: Element, max: boolean): void {
  const dys = Int32Array.from(element, ([dy]) => dy);
  const dxs = Int32Array.from(element, ([, dx]) => dx);
  const n = dys.length;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let v = max ? 0 : 255;
      for (let k = 0; k < n; k++) {
        const rr = r + dys[k]!;
        const cc = c + dxs[k]!;
        if (rr < 0 || cc < 0 || rr >= rows || cc >= cols) continue;
        const p = src[rr * cols + cc]!;
        if (max ? p > v : p < v) v = p;
      }
      dst[r * cols + c] = v;
    }
  }
}

export const dilate = (src: Uint8Array, dst: Uint8Array, rows: number, cols: number, element: Element): void => morph(src, dst, rows, cols, element, true);
export const erode = (src: Uint8Array, dst: Uint8Array, rows: number, cols: number, element: Element): void => morph(src, dst, rows, cols, element, false);
