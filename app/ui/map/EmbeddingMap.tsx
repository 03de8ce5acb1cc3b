import { useEffect, useMemo, useRef, useState } from 'react';
import type { DeepEvaluation } from '../../core/metrics/deepEvaluation';
import type { InferenceClient } from '../../inference/client';
import { count as formatCount, percent } from '../charts/format';
import type { LabelledEvaluation as Evaluation } from '../evaluation';
import { downloadBlob, downloadText } from '../export/download';
import { slug } from '../export/matrixSvg';
import { DigitCanvas } from '../strip/DigitCanvas';
import { cancelMap, mapFor, type MapData, type MapProgress } from './mapData';
import { drawMap } from './mapDraw';
import { cellPoints, coordinatesCsv, fitView, nearestPoint, panBy, pointsInBox, zoomAt, type Box, type ColourMode, type View } from './mapView';
import { MapControls, MapLegend, progressText } from './MapParts';
import { SelectionGallery } from './SelectionGallery';
import './map.css';

interface Props {
  readonly evaluation: Evaluation;
  readonly deep: DeepEvaluation;
  readonly client: () => InferenceClient | null;
  /** The confusion-matrix cell open on the dashboard: its images are highlighted. */
  readonly cell: { readonly t: number; readonly p: number } | null;
  readonly onSelect: (index: number) => void;
  readonly selected: number | null;
}

type Status = { readonly phase: 'computing'; readonly progress: MapProgress | null } | { readonly phase: 'done'; readonly data: MapData } | { readonly phase: 'error'; readonly message: string };

const HEIGHT = 520;
const mapFileName = (e: Evaluation): string => `${slug(e.model.name)}_${slug(e.data.name)}_map`;
const ZOOM_STEP = 1.5;
const PAN_STEP = 60;

/**
 * The test set as a map: every image a point, placed by UMAP so that images the model sees alike lie together.
 * Drag to pan, wheel or buttons to zoom, shift-drag (or the Select mode) to pick a box of points for the gallery.
 */
export function EmbeddingMap({ evaluation, deep, client, cell, onSelect, selected }: Props) {
  const [status, setStatus] = useState<Status>({ phase: 'computing', progress: null });
  const [mode, setMode] = useState<ColourMode>('label');
  const [selectMode, setSelectMode] = useState(false);
  const [width, setWidth] = useState(0);
  const [view, setView] = useState<View | null>(null);
  const [hovered, setHovered] = useState(-1);
  const [box, setBox] = useState<Box | null>(null);
  const [selection, setSelection] = useState<number[] | null>(null);
  /** Bumped by "Compute again" after a cancel or a failure. */
  const [attempt, setAttempt] = useState(0);
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number; box: boolean; moved: boolean } | null>(null);
  const { labels } = evaluation.testSet.labels;
  const { predicted } = evaluation.predictions;

  useEffect(() => {
    const inference = client();
    if (!inference) return;
    setStatus({ phase: 'computing', progress: null });
    setSelection(null);
    let live = true;
    const job = mapFor(inference, evaluation, deep.probabilities.values, (progress) => live && setStatus({ phase: 'computing', progress }));
    job.data.then(
      (data) => live && setStatus({ phase: 'done', data }),
      (e: unknown) => live && setStatus({ phase: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
      job.stop();
    };
  }, [evaluation, deep, client, attempt]);

  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.round(entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const data = status.phase === 'done' ? status.data : null;
  const fitted = useMemo(() => (data && width > 0 ? fitView(data.coordinates, width, HEIGHT) : null), [data, width]);
  useEffect(() => setView(fitted), [fitted]);
  const current = view ?? fitted;

  const highlight = useMemo(() => {
    if (!data) return null;
    if (selection) return new Set(selection);
    return cell ? new Set(cellPoints(data.indices, labels, predicted, cell.t, cell.p)) : null;
  }, [data, selection, cell, labels, predicted]);

  // Redraw on the next frame whatever changed; one draw of 10 000 points takes a few milliseconds.
  useEffect(() => {
    const el = canvas.current;
    if (!el || !data || !current || !fitted) return;
    const ratio = window.devicePixelRatio || 1;
    if (el.width !== Math.round(width * ratio)) el.width = Math.round(width * ratio);
    if (el.height !== Math.round(HEIGHT * ratio)) el.height = Math.round(HEIGHT * ratio);
    const id = requestAnimationFrame(() => {
      const context = el.getContext('2d');
      if (!context) return;
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      const ink = getComputedStyle(el).color;
      const scene = { indices: data.indices, coordinates: data.coordinates, labels, predicted, confidence: deep.confidence, classes: evaluation.predictions.classes };
      drawMap(context, width, HEIGHT, { ...scene, mode, view: current, zoom: current.scale / fitted.scale, highlight, hovered, box, ink });
    });
    return () => cancelAnimationFrame(id);
  }, [data, current, fitted, width, mode, highlight, hovered, box, labels, predicted, deep.confidence, evaluation.predictions.classes]);

  // The wheel zooms around the pointer; a passive React listener could not stop the page from scrolling.
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = el.getBoundingClientRect();
      const factor = Math.exp(-event.deltaY * 0.0015);
      setView((v) => (v ? zoomAt(v, factor, event.clientX - rect.left, event.clientY - rect.top) : v));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [data]);

  const local = (event: { clientX: number; clientY: number }) => {
    const rect = canvas.current!.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  const zoomCentre = (factor: number) => setView((v) => (v ? zoomAt(v, factor, width / 2, HEIGHT / 2) : v));
  const pickRadius = 8;

  const exportCsv = () => {
    if (!data) return;
    downloadText(coordinatesCsv(data.indices, data.coordinates, labels, predicted), `${mapFileName(evaluation)}.csv`, 'text/csv');
  };
  const exportPng = () => {
    const el = canvas.current;
    if (!el) return;
    // The canvas is transparent over the card: the PNG gets the card's background.
    const out = document.createElement('canvas');
    out.width = el.width;
    out.height = el.height;
    const context = out.getContext('2d');
    if (!context) return;
    context.fillStyle = getComputedStyle(frame.current!).backgroundColor || '#ffffff';
    context.fillRect(0, 0, out.width, out.height);
    context.drawImage(el, 0, 0);
    out.toBlob((blob) => blob && downloadBlob(blob, `${mapFileName(evaluation)}.png`), 'image/png');
  };

  const hoveredIndex = data && hovered >= 0 ? data.indices[hovered]! : null;
  const hoverAt = data && current && hovered >= 0 ? [data.coordinates[2 * hovered]! * current.scale + current.tx, data.coordinates[2 * hovered + 1]! * current.scale + current.ty] : null;
  const source = data?.source ?? null;
  const cellCount = cell && data && !selection ? (highlight?.size ?? 0) : null;

  return (
    <div
      className="embedding-map"
      data-testid="embedding-map"
      data-state={status.phase}
      data-points={data ? data.indices.length : 0}
      data-source={source?.kind ?? ''}
      data-features-ms={data ? Math.round(data.featuresMs) : undefined}
      data-projection-ms={data ? Math.round(data.projectionMs) : undefined}
    >
      <MapControls
        mode={mode}
        onMode={setMode}
        selectMode={selectMode}
        onSelectMode={setSelectMode}
        ready={data !== null}
        onZoomIn={() => zoomCentre(ZOOM_STEP)}
        onZoomOut={() => zoomCentre(1 / ZOOM_STEP)}
        onReset={() => setView(fitted)}
        onSelectVisible={() => {
          if (!data || !current) return;
          const inside = pointsInBox(data.coordinates, current, { x0: 0, y0: 0, x1: width, y1: HEIGHT });
          setSelection(inside.length > 0 ? inside : null);
        }}
        onExportCsv={exportCsv}
        onExportPng={exportPng}
      />
      <p className="card-sub map-source" data-testid="map-source" role="status">
        {status.phase === 'computing' && (
          <>
            {progressText(status.progress)}{' '}
            <button type="button" className="button button--quiet map-inline-button" onClick={() => cancelMap(evaluation)} data-testid="map-cancel">
              Cancel
            </button>
          </>
        )}
        {status.phase === 'error' && (
          <>
            <span className="status-error">{status.message}</span>{' '}
            <button type="button" className="button map-inline-button" onClick={() => setAttempt((a) => a + 1)} data-testid="map-retry">
              Compute again
            </button>
          </>
        )}
        {data && source?.kind === 'features' && (
          <>
            {formatCount(data.indices.length)} images placed by UMAP from the model&apos;s features: the {source.dims} values of <code>{source.tensor}</code>, the input of its final{' '}
            {source.layer}
            {data.dimensions < source.dims ? ` (PCA to ${data.dimensions} dimensions first, keeping ${percent(data.explained)} of the variance)` : ''}.
          </>
        )}
        {data && source?.kind === 'probabilities' && (
          <>
            {formatCount(data.indices.length)} images placed by UMAP from the class probabilities: no layer before the last was found. {source.reason}
          </>
        )}
        {data && data.indices.length < evaluation.testSet.images.count && ` A random sample (seeded) of ${formatCount(data.indices.length)} of the ${formatCount(evaluation.testSet.images.count)} images.`}
      </p>
      <div className="map-body">
        <div className="map-frame" ref={frame} style={{ height: HEIGHT }}>
          {data && (
            <canvas
              ref={canvas}
              className={selectMode ? 'map-canvas map-canvas--select' : 'map-canvas'}
              style={{ width, height: HEIGHT }}
              tabIndex={0}
              role="img"
              aria-label={`Map of ${formatCount(data.indices.length)} test images coloured by ${mode === 'label' ? 'true label' : mode === 'predicted' ? 'predicted label' : 'right or wrong'}. Arrow keys pan, plus and minus zoom, 0 resets.`}
              data-testid="map-canvas"
              onKeyDown={(event) => {
                const moves: Record<string, [number, number]> = { ArrowLeft: [PAN_STEP, 0], ArrowRight: [-PAN_STEP, 0], ArrowUp: [0, PAN_STEP], ArrowDown: [0, -PAN_STEP] };
                const move = moves[event.key];
                if (move) setView((v) => (v ? panBy(v, move[0], move[1]) : v));
                else if (event.key === '+' || event.key === '=') zoomCentre(ZOOM_STEP);
                else if (event.key === '-') zoomCentre(1 / ZOOM_STEP);
                else if (event.key === '0') setView(fitted);
                else return;
                event.preventDefault();
              }}
              onPointerDown={(event) => {
                const at = local(event);
                drag.current = { ...at, box: selectMode || event.shiftKey, moved: false };
                event.currentTarget.setPointerCapture(event.pointerId);
              }}
              onPointerMove={(event) => {
                const at = local(event);
                const d = drag.current;
                if (d) {
                  if (Math.abs(at.x - d.x) + Math.abs(at.y - d.y) > 3) d.moved = true;
                  if (d.box) setBox({ x0: d.x, y0: d.y, x1: at.x, y1: at.y });
                  else if (d.moved) {
                    setView((v) => (v ? panBy(v, at.x - d.x, at.y - d.y) : v));
                    d.x = at.x;
                    d.y = at.y;
                  }
                  return;
                }
                if (current) setHovered(nearestPoint(data.coordinates, current, at.x, at.y, pickRadius));
              }}
              onPointerUp={(event) => {
                const d = drag.current;
                drag.current = null;
                const at = local(event);
                if (d?.box && d.moved && current) {
                  const inside = pointsInBox(data.coordinates, current, { x0: d.x, y0: d.y, x1: at.x, y1: at.y });
                  setSelection(inside.length > 0 ? inside : null);
                } else if (d && !d.moved && current) {
                  const hit = nearestPoint(data.coordinates, current, at.x, at.y, pickRadius);
                  if (hit >= 0) onSelect(data.indices[hit]!);
                }
                setBox(null);
              }}
              onPointerLeave={() => !drag.current && setHovered(-1)}
            />
          )}
          {!data && status.phase === 'computing' && <div className="map-placeholder skeleton" aria-hidden="true" />}
          {hoveredIndex !== null && hoverAt && (
            <div className="map-tooltip" style={{ left: Math.min(hoverAt[0]! + 12, width - 150), top: Math.max(0, Math.min(hoverAt[1]! + 12, HEIGHT - 110)) }} data-testid="map-tooltip">
              <DigitCanvas images={evaluation.testSet.images} index={hoveredIndex} inverted={false} label={`Test image ${hoveredIndex}`} />
              <div>
                <div>#{hoveredIndex}</div>
                <div>true {evaluation.classNames[labels[hoveredIndex]!] ?? labels[hoveredIndex]}</div>
                <div className={labels[hoveredIndex] === predicted[hoveredIndex] ? '' : 'map-wrong'}>
                  predicted {evaluation.classNames[predicted[hoveredIndex]!] ?? predicted[hoveredIndex]} ({percent(deep.confidence[hoveredIndex]!)})
                </div>
              </div>
            </div>
          )}
        </div>
        <MapLegend mode={mode} classNames={evaluation.classNames} />
      </div>
      {cellCount !== null && cell && (
        <p className="card-sub" data-testid="map-cell-note">
          Highlighted: the {formatCount(cellCount)} images of the confusion-matrix cell true {evaluation.classNames[cell.t] ?? cell.t} → predicted {evaluation.classNames[cell.p] ?? cell.p}.
        </p>
      )}
      {selection && data && (
        <SelectionGallery
          images={evaluation.testSet.images}
          indices={selection.map((i) => data.indices[i]!)}
          labels={labels}
          predicted={predicted}
          confidence={deep.confidence}
          classNames={evaluation.classNames}
          onSelect={onSelect}
          selected={selected}
          onClose={() => setSelection(null)}
        />
      )}
    </div>
  );
}
