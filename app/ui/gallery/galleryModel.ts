/** Layout and keyboard logic of the virtualised sample gallery, and the cell gallery's title. */
import { images } from '../charts/format';

/** One sample shown in a gallery. */
export interface GalleryItem {
  /** Position in the test set. */
  readonly index: number;
  /** Null in an unlabelled set: nothing is marked wrong. */
  readonly label: number | null;
  /** The prediction shown (for a comparison, the model that got it wrong). */
  readonly predicted: number;
  /** Probability of the predicted class, 0 … 1; null to leave it out. */
  readonly confidence: number | null;
  /** A short extra line ("A 3 · B 5"), replacing the test-set index. */
  readonly caption?: string | undefined;
}

/** Size of one tile (px): a 56 px digit with two lines of text and padding. */
export const TILE = { width: 88, height: 118, gap: 8 } as const;

/** How many tiles fit side by side in `width` px (at least 1). */
export const galleryColumns = (width: number, tile = TILE.width, gap = TILE.gap): number => Math.max(1, Math.floor((width + gap) / (tile + gap)));

/**
 * Where focus goes from position `at` (0-based, reading order) on `key` in a grid of `columns` columns and
 * `count` items; `pageRows` rows for PageUp/PageDown. Null for keys the grid does not handle. Moves stop at the
 * edges instead of wrapping (as in a data grid); Home/End go to the row's ends, Ctrl+Home/End to the grid's.
 */
export function moveFocus(at: number, key: string, columns: number, count: number, pageRows = 3, ctrl = false): number | null {
  if (count === 0) return null;
  const last = count - 1;
  const clamp = (i: number) => Math.max(0, Math.min(last, i));
  const rowStart = at - (at % columns);
  switch (key) {
    case 'ArrowLeft':
      return clamp(at - 1);
    case 'ArrowRight':
      return clamp(at + 1);
    case 'ArrowUp':
      return at - columns >= 0 ? at - columns : at;
    case 'ArrowDown':
      // From the row above a shorter last row, go to the last item rather than nowhere.
      return at + columns <= last ? at + columns : rowStart + columns <= last ? last : at;
    case 'PageUp':
      return Math.max(at % columns, at - pageRows * columns);
    case 'PageDown': {
      const target = at + pageRows * columns;
      if (target <= last) return target;
      // Same column in the last row, or the last item when that row is shorter.
      const lastRowStart = last - (last % columns);
      return Math.min(last, lastRowStart + (at % columns));
    }
    case 'Home':
      return ctrl ? 0 : rowStart;
    case 'End':
      return ctrl ? last : Math.min(last, rowStart + columns - 1);
    default:
      return null;
  }
}

/** Gallery items for test-set `indices`, each with its label, prediction and confidence. */
export function galleryItems(indices: readonly number[], labels: ArrayLike<number>, predicted: ArrayLike<number>, confidence: ArrayLike<number> | null): GalleryItem[] {
  return indices.map((index) => ({ index, label: labels[index]!, predicted: predicted[index]!, confidence: confidence ? confidence[index]! : null }));
}

/** "True 5 → predicted 3: 41 images, most confident first"; the diagonal lists the least confident first. */
export function cellGalleryTitle(trueClass: number, predictedClass: number, count: number, classNames: readonly string[]): string {
  const t = classNames[trueClass] ?? String(trueClass);
  const p = classNames[predictedClass] ?? String(predictedClass);
  const order = count < 2 ? '' : trueClass === predictedClass ? ', least confident first' : ', most confident first';
  return `True ${t} → predicted ${p}: ${images(count)}${order}`;
}
