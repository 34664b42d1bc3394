import type { ArticleSummary } from '../../shared/types';
import { formatDate } from '../format';

interface Props {
  article: Pick<ArticleSummary, 'download' | 'archivedCopy'>;
  /** Tries the failed download again (retryDownloads); absent where no retry is offered. */
  onRetry?: () => void;
}

/**
 * An imported article's download state (issue 15), in the list and the reader: "Waiting to be
 * downloaded", or "Download failed" with the reason and Retry; and, for a page stored from the
 * Wayback Machine because it was gone, "Archived copy from <date>". Nothing for an ordinary save. Props only.
 */
export function DownloadBadge({ article, onRetry }: Props) {
  const { download, archivedCopy } = article;
  if (download?.status === 'waiting') return <span className="download-badge waiting">Waiting to be downloaded</span>;
  if (download?.status === 'failed')
    return (
      <span className="download-badge failed">
        <span>Download failed{download.error ? `: ${download.error}` : ''}</span>
        {onRetry && (
          <button type="button" className="small" onClick={onRetry}>
            Retry
          </button>
        )}
      </span>
    );
  if (archivedCopy)
    return (
      <span className="download-badge archived" title={archivedCopy.url}>
        Archived copy from {formatDate(archivedCopy.capturedAt) ?? archivedCopy.capturedAt}
      </span>
    );
  return null;
}
