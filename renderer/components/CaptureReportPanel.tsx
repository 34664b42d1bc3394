import { useState } from 'react';
import { type CaptureReport, describeCaptureReport, REDECODE_CHARSETS, type RedecodeCharset } from '../../shared/capture-report';

interface Props {
  report: CaptureReport | null;
  error: string | null;
  /** What a re-extraction or re-decoding is doing, or said when it failed. */
  busy: boolean;
  onReextract: () => void;
  onRedecode: (charset: RedecodeCharset) => void;
  onClose: () => void;
}

/**
 * "About this copy" (issue 16): what happened to this save (its capture report), and the two ways
 * to make the article again from the kept page, offline: re-extract, and re-decode as another charset (offered only for a page kept as bytes, not one the browser decoded).
 */
export function CaptureReportPanel({ report, error, busy, onReextract, onRedecode, onClose }: Props) {
  const [charset, setCharset] = useState<RedecodeCharset>(report?.charset?.name && isRedecodeCharset(report.charset.name) ? report.charset.name : 'windows-1252');
  const lines = report ? describeCaptureReport(report).filter((line) => !line.startsWith('Warning: ') && !line.startsWith('Suggestion: ')) : [];
  return (
    <section className="capture-report" aria-labelledby="capture-report-title">
      <h2 id="capture-report-title">About this copy</h2>
      {error && <p role="alert">{error}</p>}
      {!report && !error && <p>Reading the capture report…</p>}
      {report && (
        <>
          {report.warnings.length > 0 && (
            <ul className="capture-warnings" aria-label="Warnings">
              {report.warnings.map((w) => (
                <li key={w.code}>{w.message}</li>
              ))}
              {report.suggestion && <li>{report.suggestion}</li>}
            </ul>
          )}
          <ul className="capture-lines">
            {lines.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
          <div className="capture-actions">
            <button type="button" onClick={onReextract} disabled={busy}>
              {busy ? 'Working…' : 'Re-extract from the kept page'}
            </button>
            {report.charset && report.charset.decidedBy !== 'given' && (
              <span className="capture-redecode">
                <label htmlFor="redecode-charset">Re-decode as</label>
                <select id="redecode-charset" value={charset} onChange={(e) => setCharset(e.target.value as RedecodeCharset)} disabled={busy}>
                  {REDECODE_CHARSETS.map(([name, label]) => (
                    <option key={name} value={name}>
                      {label}
                    </option>
                  ))}
                </select>
                <button type="button" onClick={() => onRedecode(charset)} disabled={busy}>
                  Re-decode
                </button>
              </span>
            )}
          </div>
        </>
      )}
      <button type="button" className="capture-close" onClick={onClose}>
        Close
      </button>
    </section>
  );
}

function isRedecodeCharset(name: string): name is RedecodeCharset {
  return REDECODE_CHARSETS.some(([n]) => n === name);
}
