import { useEffect, useMemo, useRef, useState } from 'react';
import type { StressBlock } from '../../core/corruptions/apply';
import { CORRUPTIONS } from '../../core/corruptions/table';
import { flippedImages } from '../../core/stress';
import type { ImageSet } from '../../core/types';
import { images as imageCount } from '../charts/format';
import type { GalleryItem } from '../gallery/galleryModel';
import { SampleGallery } from '../gallery/SampleGallery';
import type { LabelledEvaluation as Evaluation } from '../evaluation';
import type { ModelStress } from './stressModel';
import { corruptedBlock } from './stressRunner';

export interface FlippedProps {
  readonly evaluation: Evaluation;
  readonly runs: readonly ModelStress[];
  readonly blocks: readonly StressBlock[];
  readonly point: { readonly corruption: string; readonly severity: number };
  /** Images per block (the run's first images). */
  readonly count: number;
  readonly onClose: () => void;
}

/** The images a corruption flipped from right (clean) to wrong (corrupted) for model A, drawn corrupted. */
export function Flipped({ evaluation, runs, blocks, point, count, onClose }: FlippedProps) {
  const [corrupted, setCorrupted] = useState<{ key: string; images: ImageSet } | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const run = runs[0]!;
  const { testSet, classNames } = evaluation;
  const key = `${point.corruption}/${point.severity}/${count}`;
  useEffect(() => {
    let live = true;
    // Made again in the corruption worker (the same bytes as in the run: same seed, same images).
    corruptedBlock(testSet.images, count, { corruption: point.corruption, severity: point.severity }, run.report.seed).then(
      (images) => live && setCorrupted({ key, images }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [key, testSet, count, point.corruption, point.severity, run]);
  // The table is long: bring the gallery into view when a point is chosen.
  useEffect(() => box.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }), [key]);
  const name = CORRUPTIONS.find((c) => c.id === point.corruption)?.name ?? point.corruption;
  const at = blocks.findIndex((b) => b.corruption === point.corruption && b.severity === point.severity);
  const items = useMemo<GalleryItem[]>(
    () =>
      flippedImages(testSet.labels.labels, blocks, run.predicted, count, point.corruption, point.severity).map((index) => ({
        index,
        label: testSet.labels.labels[index]!,
        predicted: run.predicted[at * count + index]!,
        confidence: null,
        caption: `#${index}`,
      })),
    [testSet, blocks, run, count, point, at],
  );
  return (
    <div ref={box} className="stress-gallery" data-testid="stress-gallery" data-corruption={point.corruption} data-severity={point.severity} data-count={items.length}>
      <div className="compare-gallery-head">
        <h3 className="compare-h3">
          {name} at severity {point.severity}: {imageCount(items.length)} right when clean, wrong corrupted
          {runs.length > 1 ? ` (${run.name})` : ''}
        </h3>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </div>
      {corrupted?.key === key ? (
        <SampleGallery images={corrupted.images} items={items} classNames={classNames} label={`${name} at severity ${point.severity}: images it flipped`} height={300} />
      ) : (
        <p className="card-sub">Corrupting the images…</p>
      )}
    </div>
  );
}
