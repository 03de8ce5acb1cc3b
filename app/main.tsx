/**
 * The page's first script, kept small: before React and the dashboard's code have even downloaded, the model and
 * test set the address names start downloading and the inference worker starts onnxruntime's WebAssembly; the
 * dashboard picks both up when it gets there. Then the rest of the page loads (mount.tsx).
 */
import { startInferenceEarly } from './inference/client';
import { REPORT_HASH_PREFIX } from './io/shareLink';
import { prefetchFromAddress } from './ui/pipeline/prefetch';
import './ui/styles.css';

if (!location.hash.startsWith(REPORT_HASH_PREFIX)) {
  prefetchFromAddress();
  startInferenceEarly();
}
void import('./ui/mount');
