import { useMemo } from 'react';
import type { ImageSet } from '../../core/types';
import { images as imagesText } from '../charts/format';
import { galleryItems } from '../gallery/galleryModel';
import { GalleryPanel } from '../gallery/GalleryPanel';
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
  return (
    <GalleryPanel
      testId="map-gallery"
      className="map-gallery"
      title={`Selected on the map: ${imagesText(items.length)}, ${wrong} misclassified`}
      titleLevel="h3"
      sub="Mistakes first. Arrow keys move, Enter opens an image."
      closeLabel="Close the selection gallery"
      onClose={onClose}
      focusKey={indices}
      focusOnOpen
      data={{ 'data-count': items.length }}
    >
      <SampleGallery images={images} items={items} classNames={classNames} label="Images selected on the map" onSelect={onSelect} selected={selected} height={300} />
    </GalleryPanel>
  );
}
