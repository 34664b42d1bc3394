import type { OpmlImportReport } from '../../shared/feeds';
import { Dialog } from './Dialog';

/** What an OPML import did: the feeds added (with their folders), and those skipped with the reason. Props only. */
export function OpmlReport({ report, onClose }: { report: OpmlImportReport; onClose: () => void }) {
  return (
    <Dialog title="OPML import" onClose={onClose}>
      <p>
        {report.added.length} {report.added.length === 1 ? 'feed' : 'feeds'} added, {report.skipped.length} skipped.
      </p>
      {report.added.length > 0 && (
        <>
          <h3 className="report-heading">Added</h3>
          <ul className="report-list">
            {report.added.map((a) => (
              <li key={a.id}>
                {a.title}
                {a.folder && <span className="article-meta"> · {a.folder}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.skipped.length > 0 && (
        <>
          <h3 className="report-heading">Skipped</h3>
          <ul className="report-list">
            {report.skipped.map((s, i) => (
              <li key={i}>
                <span className="report-what">{s.title ?? s.url ?? 'An outline'}</span>: {s.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
