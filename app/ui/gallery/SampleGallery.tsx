import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ImageSet } from '../../core/types';
import { percent } from '../charts/format';
import { DigitCanvas } from '../strip/DigitCanvas';
import { galleryColumns, moveFocus, TILE, type GalleryItem } from './galleryModel';

export interface SampleGalleryProps {
  readonly images: ImageSet;
  readonly items: readonly GalleryItem[];
  readonly classNames: readonly string[];
  /** Accessible name of the grid ("Images of true 5 predicted 3"). */
  readonly label: string;
  /** Called with the test-set index on click, Enter or Space. */
  readonly onSelect?: ((index: number) => void) | undefined;
  /** Test-set index shown as selected, if any. */
  readonly selected?: number | null | undefined;
  /** Height of the scrolling viewport in px (default 392: three rows and a bit, hinting there is more). */
  readonly height?: number | undefined;
}

/** Rows drawn beyond the viewport on each side: enough for fast scrolling without blank rows. */
const OVERSCAN = 3;

/**
 * A virtualised grid of test images: only the rows in view (plus a few) are in the DOM, so a cell of thousands
 * of images scrolls smoothly. A data grid for the keyboard: arrow keys, Home/End, PageUp/PageDown move focus
 * (one tab stop for the whole grid), Enter or Space selects.
 */
export function SampleGallery({ images, items, classNames, label, onSelect, selected, height = 392 }: SampleGalleryProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [focusAt, setFocusAt] = useState(0);
  // Set when the keyboard moved focus to an item that may not be rendered yet; the effect below focuses it
  // once the virtualiser has drawn its row.
  const pendingFocus = useRef(false);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(([entry]) => entry && setWidth(entry.contentRect.width));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const columns = galleryColumns(width);
  const rows = Math.ceil(items.length / columns);
  const rowHeight = TILE.height + TILE.gap;
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: OVERSCAN });
  const virtualRows = virtualizer.getVirtualItems();
  const at = Math.min(focusAt, Math.max(0, items.length - 1));

  // A new set of items (another cell) starts at the top.
  useEffect(() => {
    setFocusAt(0);
    scroller.current?.scrollTo({ top: 0 });
  }, [items]);

  useEffect(() => {
    if (!pendingFocus.current) return;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-pos="${at}"]`);
    if (el) {
      el.focus({ preventScroll: true });
      pendingFocus.current = false;
    }
  });

  // The one tab stop: the focused item when it is rendered, else the first rendered one (after scrolling away).
  const first = virtualRows[0] ? virtualRows[0].index * columns : 0;
  const last = virtualRows.length > 0 ? Math.min(items.length, (virtualRows[virtualRows.length - 1]!.index + 1) * columns) - 1 : -1;
  const tabStop = at >= first && at <= last ? at : first;

  // Stable across renders, so memoised tiles re-render only when their own props change while scrolling.
  const onSelectRef = useRef(onSelect);
  useLayoutEffect(() => {
    onSelectRef.current = onSelect;
  });
  const activate = useCallback((pos: number, index: number) => {
    setFocusAt(pos);
    onSelectRef.current?.(index);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if ((event.key === 'Enter' || event.key === ' ') && items[at]) {
      event.preventDefault();
      onSelect?.(items[at].index);
      return;
    }
    const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? height) / rowHeight) - 1);
    const next = moveFocus(at, event.key, columns, items.length, pageRows, event.ctrlKey || event.metaKey);
    if (next === null) return;
    event.preventDefault();
    pendingFocus.current = true;
    setFocusAt(next);
    virtualizer.scrollToIndex(Math.floor(next / columns), { align: 'auto' });
  };

  return (
    <div
      ref={scroller}
      className="gallery"
      style={items.length === 0 ? undefined : { height: Math.min(height, rows * rowHeight + TILE.gap) }}
      role="grid"
      aria-label={label}
      aria-rowcount={rows}
      aria-colcount={columns}
      onKeyDown={onKeyDown}
    >
      {items.length === 0 ? (
        <p className="gallery-empty">No images.</p>
      ) : (
        <div role="presentation" className="gallery-inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualRows.map((row) => (
            <div
              key={row.key}
              role="row"
              aria-rowindex={row.index + 1}
              className="gallery-row"
              style={{ transform: `translateY(${row.start}px)`, height: TILE.height, gridTemplateColumns: `repeat(${columns}, ${TILE.width}px)`, gap: TILE.gap }}
            >
              {items.slice(row.index * columns, (row.index + 1) * columns).map((item, col) => {
                const pos = row.index * columns + col;
                return (
                  <Tile
                    key={item.index}
                    images={images}
                    item={item}
                    pos={pos}
                    column={col + 1}
                    tabbable={pos === tabStop}
                    selected={selected === item.index}
                    classNames={classNames}
                    onFocusPos={setFocusAt}
                    onActivate={activate}
                  />
                );
              })}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

interface TileProps {
  readonly images: ImageSet;
  readonly item: GalleryItem;
  /** Position in the gallery, reading order. */
  readonly pos: number;
  /** 1-based column, for aria-colindex. */
  readonly column: number;
  readonly tabbable: boolean;
  readonly selected: boolean;
  readonly classNames: readonly string[];
  readonly onFocusPos: (pos: number) => void;
  readonly onActivate: (pos: number, index: number) => void;
}

const Tile = memo(function Tile({ images, item, pos, column, tabbable, selected, classNames, onFocusPos, onActivate }: TileProps) {
  const correct = item.label === null || item.label === item.predicted;
  const name = (k: number) => classNames[k] ?? String(k);
  const description = `Test image ${item.index}: ${item.label === null ? '' : `true ${name(item.label)}, `}predicted ${name(item.predicted)}${item.confidence === null ? '' : `, ${percent(item.confidence)} confident`}${item.caption ? ` (${item.caption})` : ''}`;
  return (
    <div
      role="gridcell"
      aria-colindex={column}
      aria-selected={selected}
      aria-label={description}
      tabIndex={tabbable ? 0 : -1}
      className={`tile ${correct ? 'tile--correct' : 'tile--error'}${selected ? ' tile--selected' : ''}`}
      data-testid="sample"
      data-index={item.index}
      data-label={item.label ?? undefined}
      data-pred={item.predicted}
      data-pos={pos}
      onFocus={() => onFocusPos(pos)}
      onClick={() => onActivate(pos, item.index)}
    >
      <span className="tile-pred" aria-hidden="true">
        {name(item.predicted)}
      </span>
      {/* The cell's label describes the image; the canvas itself stays out of the accessibility tree. */}
      <span className="tile-digit" aria-hidden="true">
        <DigitCanvas images={images} index={item.index} inverted={!correct} label={`Test image ${item.index}`} />
      </span>
      <span className="tile-meta" aria-hidden="true">
        {item.caption ?? (item.confidence === null ? `#${item.index}` : percent(item.confidence))}
      </span>
    </div>
  );
});
