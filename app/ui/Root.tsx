import { useEffect, useState } from 'react';
import type { SharedReport } from '../core/report';
import { decodeReport, REPORT_HASH_PREFIX } from '../io/shareLink';
import { App } from './App';
import { ReportView } from './report/ReportView';

type Mode = { kind: 'live' } | { kind: 'decoding' } | { kind: 'report'; report: SharedReport } | { kind: 'broken'; reason: string };

/** A link with `#report=…` opens a shared, read-only report; every other address opens the live dashboard. */
export function Root() {
  const [mode, setMode] = useState<Mode>(() => (location.hash.startsWith(REPORT_HASH_PREFIX) ? { kind: 'decoding' } : { kind: 'live' }));
  useEffect(() => {
    if (mode.kind !== 'decoding') return;
    void decodeReport(location.hash).then((result) => {
      if (result === null) setMode({ kind: 'live' });
      else setMode(result.ok ? { kind: 'report', report: result.value } : { kind: 'broken', reason: result.reason });
    });
  }, [mode.kind]);

  switch (mode.kind) {
    case 'live':
      return <App />;
    case 'decoding':
      return <div className="page" data-testid="eval-status" data-state="loading" role="status">Opening the shared report…</div>;
    case 'report':
      return (
        <div className="page">
          <header className="masthead">
            <div>
              <h1>Classifier Lens</h1>
              <p className="masthead-sub">A shared evaluation report. Nothing was uploaded: the results travel inside the link itself.</p>
            </div>
          </header>
          <ReportView report={mode.report} />
        </div>
      );
    case 'broken':
      return (
        <div className="page">
          <div className="status status--error" data-testid="eval-status" data-state="error">
            <span className="status-text status-error" data-testid="error" role="alert">
              {mode.reason} <a href={location.pathname}>Open the live dashboard</a>
            </span>
          </div>
        </div>
      );
  }
}
