import { useState } from 'react';
import { FeedHealth } from '../components/FeedHeader';
import { type FeedPatch, FeedSettingsDialog } from '../components/FeedSettingsDialog';
import { UnsubscribeDialog } from '../components/UnsubscribeDialog';
import { useFeedList } from '../hooks/useFeedList';
import { routeHref } from '../route';
import { useApi, useDispatch } from '../store/react';
import { ScopedListContainer } from './ScopedListContainer';

type FeedRoute = { name: 'feed'; id: string } | { name: 'folder'; folder: string };

/**
 * A feed's view (or a folder's: every feed in it and below): its articles newest first, its health,
 * "Refresh now", "Mark all read", its settings and unsubscribing.
 */
export function FeedViewContainer({ route }: { route: FeedRoute }) {
  const api = useApi();
  const dispatch = useDispatch();
  const list = useFeedList();
  const [dialog, setDialog] = useState<'settings' | 'unsubscribe' | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const tell = (text: string) => dispatch({ type: 'toast/shown', toast: { kind: 'message', text } });
  const feed = route.name === 'feed' ? list?.feeds.find((f) => f.id === route.id) : undefined;
  const inFolder = route.name === 'folder' ? (list?.feeds.filter((f) => f.folder === route.folder || f.folder?.startsWith(`${route.folder}/`)) ?? []) : [];
  const title = route.name === 'feed' ? (feed?.title ?? (list ? 'Feed not found' : 'Feed')) : route.folder;
  const scope = route.name === 'feed' ? ({ kind: 'feed', feedId: route.id } as const) : ({ kind: 'folder', folder: route.folder } as const);
  const unread = route.name === 'feed' ? (feed?.unread ?? 0) : inFolder.reduce((n, f) => n + f.unread, 0);

  const refresh = () => {
    setRefreshing(true);
    const ids = route.name === 'feed' ? [route.id] : inFolder.map((f) => f.id);
    api.refreshFeeds({ ids }).then(
      ({ results }) => {
        const failed = results.find((r) => r.status === 'failed');
        const added = results.reduce((n, r) => n + r.new, 0);
        tell(failed ? `Refresh failed: ${failed.error ?? 'the feed could not be read'}` : results.every((r) => r.notModified) ? 'Nothing new' : `${added} new ${added === 1 ? 'article' : 'articles'}`);
      },
      (error: Error) => tell(`Not refreshed: ${error.message}`),
    ).finally(() => setRefreshing(false));
  };
  const markRead = () =>
    void api.markFeedRead(route.name === 'feed' ? { feedId: route.id } : { folder: route.folder }).then(
      ({ marked }) => {
        // The unread counts changed, though no feed did: the library sends no feedsChanged for it.
        dispatch({ type: 'feeds/changed', ids: route.name === 'feed' ? [route.id] : inFolder.map((f) => f.id) });
        tell(`${marked} ${marked === 1 ? 'article' : 'articles'} marked read`);
      },
      (error: Error) => tell(`Not marked read: ${error.message}`),
    );
  const save = (patch: FeedPatch) => {
    if (!feed) return;
    api.updateFeed({ id: feed.id, patch }).then(
      (updated) => {
        setDialog(null);
        dispatch({ type: 'feed/updated', feed: updated });
        tell('Feed settings saved');
      },
      (error: Error) => tell(`The settings were not saved: ${error.message}`),
    );
  };
  const unsubscribe = (keepArticles: boolean) => {
    if (!feed) return;
    setDialog(null);
    api.removeFeed({ id: feed.id, keepArticles }).then(
      (done) => {
        tell(`Unsubscribed from ${feed.title}${done.removedArticles ? ` · ${done.removedArticles} articles deleted` : ''}${done.keptArticles ? ` · ${done.keptArticles} kept` : ''}`);
        window.location.hash = routeHref({ name: 'library', view: 'all' });
      },
      (error: Error) => tell(`Not unsubscribed: ${error.message}`),
    );
  };

  return (
    <section aria-labelledby="view-title" className="library">
      <div className="view-head">
        <h1 id="view-title" className="view-title">
          <span className="view-kind">{route.name === 'feed' ? 'Feed' : 'Folder'}</span> {title}
        </h1>
        <div className="view-actions">
          <button type="button" className="small" onClick={refresh} disabled={refreshing || (route.name === 'feed' ? !feed : inFolder.length === 0)} aria-busy={refreshing}>
            {refreshing ? 'Refreshing…' : 'Refresh now'}
          </button>
          <button type="button" className="small" onClick={markRead} disabled={unread === 0}>
            Mark all read
          </button>
          {feed && (
            <>
              <button type="button" className="small" onClick={() => setDialog('settings')}>
                Settings…
              </button>
              <button type="button" className="small danger" onClick={() => setDialog('unsubscribe')}>
                Unsubscribe…
              </button>
            </>
          )}
        </div>
      </div>
      {feed && <FeedHealth feed={feed} />}
      <ScopedListContainer key={route.name === 'feed' ? route.id : route.folder} scope={scope} label={`Articles of ${title}`} emptyText={feed?.articles === 0 ? 'No articles from this feed yet: they arrive as it is refreshed.' : 'No articles here.'} />
      {dialog === 'settings' && feed && list && <FeedSettingsDialog feed={feed} defaults={list.defaults} onSave={save} onClose={() => setDialog(null)} />}
      {dialog === 'unsubscribe' && feed && <UnsubscribeDialog title={feed.title} articles={feed.articles} onRemove={unsubscribe} onClose={() => setDialog(null)} />}
    </section>
  );
}
