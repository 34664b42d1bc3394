import { useState } from 'react';
import type { ImageReport } from '../../shared/types';

interface Props {
  images: ImageReport;
  onRetry: () => Promise<void>;
}

/** Says when some of an article's images are not on this machine, and offers to fetch them again. */
export function ImagesNotice({ images, onRetry }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (images.total === 0 || images.saved === images.total) return null;
  async function retry() {
    setBusy(true);
    setError(null);
    try {
      await onRetry();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="images-notice" role="note">
      <span>
        {images.saved} of {images.total} images saved offline
      </span>
      <button type="button" onClick={() => void retry()} disabled={busy}>
        {busy ? 'Retrying…' : 'Retry missing images'}
      </button>
      {error && <span role="alert">{error}</span>}
    </div>
  );
}
