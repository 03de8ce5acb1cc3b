import { startTransition, useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A chart's box: full width, fixed height, and the chart drawn at the measured width. recharts' own `responsive`
 * measures in a ref callback and redraws synchronously, which made the first drawing of the analysis views one
 * 100+ ms task; measured here by a ResizeObserver and drawn in a transition, React can split the work.
 *
 * recharts still draws a chart in one task once React commits it (its store updates re-render synchronously), so a
 * chart may be drawn in `stages`: `children` gets the stage, from 0 to `stages - 1` (e.g. the axes first, then one
 * series per stage), each stage drawn in a task of its own. `data-drawn` says when the last stage is on screen.
 */
export function ChartFrame({ height, stages = 1, children }: { readonly height: number; readonly stages?: number; readonly children: (width: number, stage: number) => ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [stage, setStage] = useState(0);
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
  useEffect(() => {
    if (width === 0 || stage >= stages - 1) return;
    // The next stage after this one is on screen, in a new task.
    const timer = setTimeout(() => startTransition(() => setStage((s) => s + 1)));
    return () => clearTimeout(timer);
  }, [width, stage, stages]);
  const drawn = width > 0 && stage >= stages - 1;
  return (
    <div ref={box} className="chart-frame" style={{ width: '100%', height }} data-drawn={drawn}>
      {width > 0 && children(width, Math.min(stage, stages - 1))}
    </div>
  );
}
