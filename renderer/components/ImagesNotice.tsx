import { useState } from 'react';
import type { ArticleSummary, ImageReport } from '../../shared/types';
import { describeRetry } from '../images-report';
import { plainMessage } from '../plain-errors';

interface Props {
  images: ImageReport;
  /** Fetches the missing images again; resolves with the article's new summary. */
  onRetry: () => Promise<ArticleSummary | void>;
  /** Shown even when every image is saved (in "About this copy"). */
  always?: boolean;
}

/** Says when some of an article's images are not on this machine, offers to fetch them again, and says what that did. */
export function ImagesNotice({ images, onRetry, always = false }: Props) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ text: string; failed: boolean } | null>(null);
  const complete = images.saved === images.total;
  if (images.total === 0 || (complete && !always && !outcome)) return null;
  async function retry() {
    setBusy(true);
    setOutcome(null);
    const before = images;
    try {
      const after = await onRetry();
      setOutcome({ text: after ? describeRetry(before, after.images) : 'Tried again.', failed: Boolean(after && after.images.failed.length) });
    } catch (e) {
      setOutcome({ text: plainMessage((e as Error).message), failed: true });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="images-notice" role="note">
      <span>
        {images.saved} of {images.total} images saved offline
      </span>
      {!complete && (
        <button type="button" className="small" onClick={() => void retry()} disabled={busy}>
          {busy ? 'Retrying…' : 'Retry missing images'}
        </button>
      )}
      <span className={outcome?.failed ? 'retry-outcome failed' : 'retry-outcome'} role="status">
        {outcome?.text ?? ''}
      </span>
    </div>
  );
}
