/**
 * Named moments of opening the page and of a run, as User Timing marks (`lens:…`): they show in the browser's
 * performance panel, and a repeat visit's e2e test and the bench's probes read them to tell which step an opening
 * waits for. A mark costs microseconds. (app/core has no DOM types: performance is looked up as what it is.)
 */
type Marks = { readonly performance?: { readonly mark?: (name: string) => unknown } };

export function mark(step: string): void {
  (globalThis as Marks).performance?.mark?.(`lens:${step}`);
}
