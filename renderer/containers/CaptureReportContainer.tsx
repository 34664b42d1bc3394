import { useEffect, useState } from 'react';
import type { CaptureReport, RedecodeCharset } from '../../shared/capture-report';
import type { ReextractResult } from '../../shared/api';
import { CaptureReportPanel } from '../components/CaptureReportPanel';
import { useApi, useDispatch } from '../store/react';

/**
 * Connects "About this copy" to the API: the report is read when the panel opens; a re-extraction
 * or re-decoding updates the article's summary and asks the reader to fetch the new body.
 */
export function CaptureReportContainer({ id, onBodyChanged, onClose }: { id: string; onBodyChanged: () => void; onClose: () => void }) {
  const api = useApi();
  const dispatch = useDispatch();
  const [report, setReport] = useState<CaptureReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.getCaptureReport({ id }).then(
      (r) => live && setReport(r),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, id]);

  async function remake(run: () => Promise<ReextractResult>) {
    setBusy(true);
    setError(null);
    try {
      const result = await run();
      setReport(result.report);
      dispatch({ type: 'articles/received', articles: [result.article] });
      onBodyChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <CaptureReportPanel
      report={report}
      error={error}
      busy={busy}
      onReextract={() => void remake(() => api.reextractArticle({ id }))}
      onRedecode={(charset: RedecodeCharset) => void remake(() => api.redecodeArticle({ id, charset }))}
      onClose={onClose}
    />
  );
}
