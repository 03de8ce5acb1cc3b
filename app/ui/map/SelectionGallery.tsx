import { useEffect, useMemo, useRef } from 'react';
import type { ImageSet } from '../../core/types';
import { images as imagesText } from '../charts/format';
import { galleryItems } from '../gallery/galleryModel';
import { SampleGallery } from '../gallery/SampleGallery';

interface Props {
  readonly images: ImageSet;
  /** Test-set indices of the points selected on the map. */
  readonly indices: readonly number[];
  readonly labels: ArrayLike<number>;
  readonly predicted: ArrayLike<number>;
  readonly confidence: ArrayLike<number>;
  readonly classNames: readonly string[];
  readonly onSelect: (index: number) => void;
  readonly selected: number | null;
  readonly onClose: () => void;
}

/** The images of a box drawn on the map, mistakes first, in the dashboard's virtualised gallery. */
export function SelectionGallery({ images, indices, labels, predicted, confidence, classNames, onSelect, selected, onClose }: Props) {
  const items = useMemo(() => {
    const wrongFirst = [...indices].sort((a, b) => Number(labels[b] !== predicted[b]) - Number(labels[a] !== predicted[a]) || a - b);
    return galleryItems(wrongFirst, labels, predicted, confidence);
  }, [indices, labels, predicted, confidence]);
  const wrong = items.filter((i) => i.label !== i.predicted).length;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus({ preventScroll: true }), [indices]);
  return (
    <section
      className="map-gallery"
      aria-labelledby="map-gallery-title"
      data-testid="map-gallery"
      data-count={items.length}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="card-header">
        <div>
          <h3 id="map-gallery-title" ref={heading} tabIndex={-1}>
            Selected on the map: {imagesText(items.length)}, {wrong} misclassified
          </h3>
          <p className="card-sub">Mistakes first. Arrow keys move, Enter opens an image.</p>
        </div>
        <button type="button" className="button" onClick={onClose} data-testid="map-gallery-close" aria-label="Close the selection gallery">
          Close
        </button>
      </header>
      <SampleGallery images={images} items={items} classNames={classNames} label="Images selected on the map" onSelect={onSelect} selected={selected} height={300} />
    </section>
  );
}
