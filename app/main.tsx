/**
 * The page's first script, kept small: before React and the dashboard's code have even downloaded, the model and
 * test set the address names start downloading and the inference worker starts onnxruntime's WebAssembly; the
 * dashboard picks both up when it gets there. Then the rest of the page loads (mount.tsx).
 *
 * A repeat visit that opens on results saved by an earlier one (app/io/savedResults.ts) reads them now instead, and
 * puts the worker off until they are on screen: the page needs no model run for them, and onnxruntime's start would
 * take one of the device's cores meanwhile (the pipeline starts the worker once they are shown).
 */
import { startInferenceEarly } from './inference/client';
import { REPORT_HASH_PREFIX } from './io/shareLink';
import { readSavedEarly, savedHint } from './io/savedResults';
import { BUILD_ID } from './offline/buildId';
import { prefetchFromAddress } from './ui/pipeline/prefetch';
import { savedKeyPrefix } from './ui/pipeline/savedRun';
import './ui/styles.css';
import { mark } from './core/timeline';

mark('first-script');
if (!location.hash.startsWith(REPORT_HASH_PREFIX)) {
  const opening = prefetchFromAddress();
  const prefix = savedKeyPrefix(opening);
  const saved = prefix === null ? [] : savedHint(BUILD_ID).filter((key) => key.startsWith(prefix));
  readSavedEarly(BUILD_ID, saved);
  startInferenceEarly(saved.length > 0);
}
void import('./ui/mount');
