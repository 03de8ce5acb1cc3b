import { useMemo } from 'react';
import { cellSamples } from '../../core/metrics/mistakes';
import type { ImageSet } from '../../core/types';
import { cellGalleryTitle, galleryItems } from './galleryModel';
import { GalleryPanel } from './GalleryPanel';
import { SampleGallery } from './SampleGallery';

export interface CellGalleryProps {
  readonly images: ImageSet;
  readonly labels: ArrayLike<number>;
  readonly predicted: ArrayLike<number>;
  /** Per image, the probability of its predicted class (DeepEvaluation.confidence). */
  readonly confidence: ArrayLike<number>;
  readonly trueClass: number;
  readonly predictedClass: number;
  readonly classNames: readonly string[];
  /** Called with the test-set index of the image chosen. */
  readonly onSelect?: ((index: number) => void) | undefined;
  readonly selected?: number | null | undefined;
  readonly onClose: () => void;
  /**
   * Move focus to the title when the gallery opens or changes cell (default false). Set it when a click or
   * Enter opened it; leave it off when the cell comes from the URL on load, so the page does not jump.
   */
  readonly focusOnOpen?: boolean | undefined;
}

/**
 * All images of one confusion-matrix cell, most confident first (least confident first on the diagonal), in a
 * virtualised gallery. Escape or the close button closes it.
 */
export function CellGallery({ images, labels, predicted, confidence, trueClass, predictedClass, classNames, onSelect, selected, onClose, focusOnOpen = false }: CellGalleryProps) {
  const items = useMemo(
    () => galleryItems(cellSamples(labels, predicted, confidence, trueClass, predictedClass), labels, predicted, confidence),
    [labels, predicted, confidence, trueClass, predictedClass],
  );
  const title = cellGalleryTitle(trueClass, predictedClass, items.length, classNames);
  return (
    <GalleryPanel
      testId="cell-gallery"
      className="card cell-gallery"
      title={title}
      titleLevel="h2"
      sub={`${trueClass === predictedClass ? 'Correct predictions: the ones the model nearly got wrong come first.' : 'Misclassified images: the ones the model was surest of come first.'} Arrow keys move, Enter opens an image.`}
      closeLabel="Close the cell gallery"
      onClose={onClose}
      focusKey={`${trueClass},${predictedClass}`}
      focusOnOpen={focusOnOpen}
      scrollOnFocus
      data={{ 'data-count': items.length, 'data-true': trueClass, 'data-pred': predictedClass }}
    >
      <SampleGallery
        images={images}
        items={items}
        classNames={classNames}
        label={`Images of true ${classNames[trueClass] ?? trueClass} predicted ${classNames[predictedClass] ?? predictedClass}`}
        onSelect={onSelect}
        selected={selected}
      />
    </GalleryPanel>
  );
}
