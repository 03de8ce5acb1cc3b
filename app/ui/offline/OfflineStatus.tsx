/** The site's offline state and its updates, as the service worker (app/offline) reports them. */
import { useEffect, useSyncExternalStore } from 'react';
import './offline.css';
import { applyUpdate, BUILD_ID, offlineState, onOfflineState, startOffline, type OfflineState } from '../../offline/register';

const useOfflineState = (): OfflineState => useSyncExternalStore(onOfflineState, offlineState);

/**
 * Registers the service worker once the page has settled on its first results (or error): its precache then
 * downloads after them, not against them. Announces a new version, taken on the user's reload.
 */
export function UpdateBanner({ settled }: { settled: boolean }) {
  useEffect(() => {
    if (settled) startOffline();
  }, [settled]);
  const { update } = useOfflineState();
  if (!update) return null;
  return (
    <div className="update-banner" role="status" data-testid="update-available">
      <span>A new version of Classifier Lens is available.</span>
      <button type="button" className="button" data-testid="update-reload" onClick={applyUpdate}>
        Reload
      </button>
    </div>
  );
}

const SAYS: Readonly<Record<OfflineState['offline'], string>> = {
  pending: '',
  unsupported: 'not available offline in this browser',
  installing: 'saving for offline use…',
  ready: 'works offline',
  failed: 'could not be saved for offline use',
};

/** A line for the footer: which build this is and whether it works offline. */
export function OfflineNote() {
  const { offline } = useOfflineState();
  return (
    <p className="offline-note" data-testid="offline-status" data-offline={offline} data-build={BUILD_ID}>
      Version {BUILD_ID}
      {SAYS[offline] ? ` · ${SAYS[offline]}` : ''}
    </p>
  );
}
