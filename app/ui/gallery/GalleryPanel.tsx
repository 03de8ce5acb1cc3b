import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  /** Names the panel's test hooks: `<testId>` on the panel, `<testId>-close` on its button; and its title's id. */
  readonly testId: string;
  readonly className: string;
  readonly title: ReactNode;
  readonly titleLevel: 'h2' | 'h3';
  readonly sub: ReactNode;
  readonly closeLabel: string;
  readonly onClose: () => void;
  /** Focus moves to the title whenever this changes (compared by identity), so keyboard users land on what opened. */
  readonly focusKey: unknown;
  /** Whether to move focus at all (not when the panel comes from the URL on load: the page would jump). */
  readonly focusOnOpen: boolean;
  /** Scroll the panel into view when focusing it (below the matrix it may be out of sight). */
  readonly scrollOnFocus?: boolean;
  /** More attributes for the panel (`data-count`, `data-true`…). */
  readonly data?: Readonly<Record<`data-${string}`, string | number>>;
  readonly children: ReactNode;
}

/**
 * A gallery that opens over the dashboard (a matrix cell's images, a selection on the map): a titled panel that
 * Escape or its Close button closes.
 */
export function GalleryPanel({ testId, className, title, titleLevel: Heading, sub, closeLabel, onClose, focusKey, focusOnOpen, scrollOnFocus = false, data, children }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnOpen) heading.current?.focus({ preventScroll: !scrollOnFocus });
    // Only a new subject moves focus, not a re-render with new props.
  }, [focusKey]);
  return (
    <section
      className={className}
      aria-labelledby={`${testId}-title`}
      data-testid={testId}
      {...data}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="card-header">
        <div>
          <Heading id={`${testId}-title`} ref={heading} tabIndex={-1}>
            {title}
          </Heading>
          <p className="card-sub">{sub}</p>
        </div>
        <button type="button" className="button" onClick={onClose} data-testid={`${testId}-close`} aria-label={closeLabel}>
          Close
        </button>
      </header>
      {children}
    </section>
  );
}
