import type { FeedSummary } from '../../shared/feeds';
import { relativeDate } from '../format';

/** A size on disk in words a reader reads: 840 KB, 12.3 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** When the next refresh is, in words ("in 40 min", "in 3 h"). */
export function inWords(iso: string | null, now = Date.now()): string | null {
  if (!iso) return null;
  const minutes = Math.round((Date.parse(iso) - now) / 60_000);
  if (minutes <= 0) return 'soon';
  return minutes < 90 ? `in ${minutes} min` : `in ${Math.round(minutes / 60)} h`;
}

/**
 * A feed's health under its title: its articles and storage, when it last worked, what went wrong
 * last (in words), and when it is refreshed next; a feed that is gone or broken says so. Props only.
 */
export function FeedHealth({ feed }: { feed: FeedSummary }) {
  const { health } = feed;
  const success = relativeDate(health.lastSuccessAt);
  const next = feed.status === 'inactive' ? null : inWords(health.nextRefreshAt);
  return (
    <div className="feed-health">
      <p className="article-meta">
        {feed.articles} {feed.articles === 1 ? 'article' : 'articles'}, {feed.unread} unread · {formatBytes(feed.storageBytes)}
        {success ? ` · Updated ${success}` : ' · Not updated yet'}
        {next ? ` · Next refresh ${next}` : ''}
        {feed.siteUrl && (
          <>
            {' · '}
            <a href={feed.siteUrl} target="_blank" rel="noopener noreferrer">
              Site
            </a>
          </>
        )}
      </p>
      {feed.status !== 'active' && (
        <p className="feed-status" role="status">
          {feed.status === 'inactive' ? 'The site says this feed is gone: it is no longer refreshed.' : `This feed has failed ${health.consecutiveFailures} times in a row; it is still tried, less often.`}
        </p>
      )}
      {health.lastError && (
        <p className="field-error">
          Last error{health.lastErrorAt ? ` (${relativeDate(health.lastErrorAt)})` : ''}: {health.lastError}
        </p>
      )}
      {health.pendingRedirect && (
        <p className="article-meta">
          Moving to {health.pendingRedirect.url} (seen {health.pendingRedirect.seen} of {health.pendingRedirect.needed} refreshes).
        </p>
      )}
    </div>
  );
}
