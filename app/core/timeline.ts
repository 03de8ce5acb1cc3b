/**
 * Named moments of opening the page and of a run, as User Timing marks (`lens:…`): they show in the browser's
 * performance panel, and the e2e tests and `npm run bench` read them (a PerformanceObserver sees every one). Only the
 * latest mark of each name is kept, so a long session does not pile them up. A mark costs microseconds.
 * (app/core has no DOM types: performance is looked up as what it is.)
 */
type Marks = { readonly performance?: { readonly mark?: (name: string) => unknown; readonly clearMarks?: (name: string) => void } };

export const markName = (step: string): string => `lens:${step}`;

export function mark(step: string): void {
  const clock = (globalThis as Marks).performance;
  clock?.clearMarks?.(markName(step));
  clock?.mark?.(markName(step));
}
