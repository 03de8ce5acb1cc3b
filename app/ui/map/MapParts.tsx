/** The map's toolbar and legend, and how its progress reads. */
import { count as formatCount } from '../charts/format';
import type { MapProgress } from './mapData';
import { classColour, COLOUR_MODES, RIGHT_COLOUR, WRONG_COLOUR, type ColourMode } from './mapView';

export function progressText(progress: MapProgress | null): string {
  if (!progress) return 'Computing the map…';
  switch (progress.stage) {
    case 'features':
      return `Computing the model's features: ${formatCount(progress.done)} of ${formatCount(progress.total)} images…`;
    case 'pca':
      return 'Reducing the features to 50 dimensions (PCA)…';
    case 'neighbours':
      return 'Finding each image’s nearest neighbours (UMAP)…';
    case 'layout':
      return `Laying out the map (UMAP): epoch ${progress.done} of ${progress.total}…`;
  }
}

interface ControlsProps {
  readonly mode: ColourMode;
  readonly onMode: (mode: ColourMode) => void;
  readonly selectMode: boolean;
  readonly onSelectMode: (on: boolean) => void;
  readonly ready: boolean;
  readonly onZoomIn: () => void;
  readonly onZoomOut: () => void;
  readonly onReset: () => void;
  readonly onSelectVisible: () => void;
  readonly onExportCsv: () => void;
  readonly onExportPng: () => void;
}

export function MapControls(props: ControlsProps) {
  const { mode, ready } = props;
  return (
    <div className="map-controls" role="toolbar" aria-label="Map controls">
      <div className="segmented" role="radiogroup" aria-label="Colour points by">
        {COLOUR_MODES.map((m) => (
          <button
            key={m.id}
            type="button"
            role="radio"
            aria-checked={mode === m.id}
            className={mode === m.id ? 'segment on' : 'segment'}
            onClick={() => props.onMode(m.id)}
            data-testid={`map-colour-${m.id}`}
          >
            {m.label}
          </button>
        ))}
      </div>
      <div className="map-buttons">
        <button type="button" className="button button--quiet" onClick={props.onZoomIn} disabled={!ready} aria-label="Zoom in" data-testid="map-zoom-in">
          +
        </button>
        <button type="button" className="button button--quiet" onClick={props.onZoomOut} disabled={!ready} aria-label="Zoom out" data-testid="map-zoom-out">
          −
        </button>
        <button type="button" className="button button--quiet" onClick={props.onReset} disabled={!ready} data-testid="map-reset">
          Fit
        </button>
        <button
          type="button"
          className={props.selectMode ? 'button button--quiet on' : 'button button--quiet'}
          aria-pressed={props.selectMode}
          onClick={() => props.onSelectMode(!props.selectMode)}
          disabled={!ready}
          title="Drag a box to select points (or hold Shift while dragging)"
          data-testid="map-select-mode"
        >
          Select
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={props.onSelectVisible}
          disabled={!ready}
          title="Open the gallery of every point in view (zoom and pan first to choose them)"
          data-testid="map-select-visible"
        >
          Select all in view
        </button>
        <button type="button" className="button" onClick={props.onExportCsv} disabled={!ready} data-testid="map-export-csv">
          Coordinates CSV
        </button>
        <button type="button" className="button" onClick={props.onExportPng} disabled={!ready} data-testid="map-export-png">
          PNG
        </button>
      </div>
    </div>
  );
}

export function MapLegend({ mode, classNames }: { readonly mode: ColourMode; readonly classNames: readonly string[] }) {
  const items =
    mode === 'correct'
      ? [
          { colour: RIGHT_COLOUR, label: 'right' },
          { colour: WRONG_COLOUR, label: 'wrong' },
        ]
      : classNames.map((name, c) => ({ colour: classColour(c, classNames.length), label: name }));
  return (
    <div className="map-legend" data-testid="map-legend">
      <h3>{mode === 'label' ? 'True label' : mode === 'predicted' ? 'Predicted label' : 'Prediction'}</h3>
      <ul>
        {items.map((item) => (
          <li key={item.label}>
            <span className="map-swatch" style={{ background: item.colour }} aria-hidden="true" />
            {item.label}
          </li>
        ))}
      </ul>
      {mode === 'correct' && <p className="card-sub">Opacity: the model&apos;s confidence.</p>}
      <p className="card-sub map-help">Drag to pan, wheel to zoom, Shift-drag to select. Hover a point to see its image; click it to inspect.</p>
    </div>
  );
}
