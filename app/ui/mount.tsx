/**
 * Renders the page. Loaded by main.tsx right after it has started what does not need React.
 *
 * The dashboard's code, then React DOM, a task apart: evaluated together, as one static import graph, they were
 * one task of 60–100 ms on a busy 2-core machine. The first drawing is a
 * transition, so React renders the page in slices of a few ms instead of one task.
 */
import { startTransition, StrictMode } from 'react';
import { nextTask } from '../io/nextTask';
import { Root } from './Root';
import { mark } from '../core/timeline';
import { REPORT_HASH_PREFIX } from '../io/shareLink';
import { startEngineEarly } from './pipeline/earlyEngine';

mark('mount');
// The model and test set are read while React loads and renders (earlyEngine.ts); not for a shared report's link.
if (!location.hash.startsWith(REPORT_HASH_PREFIX)) startEngineEarly();

await nextTask();
const { createRoot } = await import('react-dom/client');
await nextTask();
const root = createRoot(document.getElementById('root')!);
startTransition(() =>
  root.render(
    <StrictMode>
      <Root />
    </StrictMode>,
  ),
);
