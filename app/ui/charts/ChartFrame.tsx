import { startTransition, useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A chart's box: full width, fixed height, and the chart drawn at the measured width. recharts' own `responsive`
 * measures in a ref callback and redraws synchronously, which made the first drawing of the analysis views one
 * 100+ ms task; measured here by a ResizeObserver and drawn in a transition, React can split the work.
 */
export function ChartFrame({ height, children }: { readonly height: number; readonly children: (width: number) => ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.floor(entry?.contentRect.width ?? 0);
      startTransition(() => setWidth(measured));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={box} className="chart-frame" style={{ width: '100%', height }} data-drawn={width > 0}>
      {width > 0 && children(width)}
    </div>
  );
}
