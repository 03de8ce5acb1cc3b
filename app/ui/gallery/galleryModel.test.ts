import { describe, expect, it } from 'vitest';
import { cellGalleryTitle, galleryColumns, galleryItems, moveFocus } from './galleryModel';

describe('galleryColumns', () => {
  it('fits tiles with gaps, at least one', () => {
    expect(galleryColumns(88)).toBe(1);
    expect(galleryColumns(88 * 2 + 8)).toBe(2);
    expect(galleryColumns(88 * 2 + 7)).toBe(1);
    expect(galleryColumns(0)).toBe(1);
    expect(galleryColumns(960)).toBe(10);
  });
});

describe('moveFocus', () => {
  // 4 columns, 10 items: rows [0-3], [4-7], [8-9].
  const move = (at: number, key: string, ctrl = false) => moveFocus(at, key, 4, 10, 2, ctrl);

  it('arrows move by one and by a row, stopping at the edges', () => {
    expect([move(5, 'ArrowLeft'), move(5, 'ArrowRight'), move(5, 'ArrowUp'), move(5, 'ArrowDown')]).toEqual([4, 6, 1, 9]);
    expect([move(0, 'ArrowLeft'), move(9, 'ArrowRight'), move(2, 'ArrowUp')]).toEqual([0, 9, 2]);
    // Row 2 is shorter: down from 6 or 7 lands on the last item; down from the last row stays.
    expect([move(6, 'ArrowDown'), move(7, 'ArrowDown'), move(8, 'ArrowDown')]).toEqual([9, 9, 8]);
    expect(move(3, 'ArrowRight')).toBe(4);
  });

  it('Home/End go to the row’s ends, with Ctrl to the grid’s; pages move by pageRows rows', () => {
    expect([move(6, 'Home'), move(5, 'End'), move(9, 'End'), move(6, 'Home', true), move(1, 'End', true)]).toEqual([4, 7, 9, 0, 9]);
    expect([move(1, 'PageDown'), move(3, 'PageDown'), move(9, 'PageUp'), move(5, 'PageUp')]).toEqual([9, 9, 1, 1]);
  });

  it('ignores other keys and empty grids', () => {
    expect(move(0, 'Enter')).toBeNull();
    expect(moveFocus(0, 'ArrowRight', 4, 0)).toBeNull();
  });
});

describe('galleryItems and titles', () => {
  it('carry label, prediction and confidence', () => {
    expect(galleryItems([2, 0], [5, 5, 3], [3, 5, 3], [0.9, 0.8, 0.7])).toEqual([
      { index: 2, label: 3, predicted: 3, confidence: 0.7 },
      { index: 0, label: 5, predicted: 3, confidence: 0.9 },
    ]);
    expect(galleryItems([1], [5, 5], [3, 5], null)[0]!.confidence).toBeNull();
  });

  it('say which cell, how many images and in what order', () => {
    const names = ['0', '1', '2', '3', '4', '5'];
    expect(cellGalleryTitle(5, 3, 41, names)).toBe('True 5 → predicted 3: 41 images, most confident first');
    expect(cellGalleryTitle(5, 5, 892, names)).toBe('True 5 → predicted 5: 892 images, least confident first');
    expect(cellGalleryTitle(2, 3, 1, names)).toBe('True 2 → predicted 3: 1 image');
    expect(cellGalleryTitle(2, 3, 0, names)).toBe('True 2 → predicted 3: 0 images');
  });
});
