import { useState } from 'react';
import type { DiscoveredFeed } from '../../shared/feeds';
import { AddFeedDialog } from '../components/AddFeedDialog';
import { routeHref } from '../route';
import { useApi, useDispatch, useSelector } from '../store/react';

const NO_FOLDERS: readonly string[] = [];

/**
 * "Add feed", connected: the address is looked at once (discoverFeeds keeps what it fetched, so
 * subscribing does not fetch it again); one feed found is subscribed at once, several are offered.
 * Subscribing opens the feed's view while its items arrive.
 */
export function AddFeedContainer() {
  const api = useApi();
  const dispatch = useDispatch();
  const open = useSelector((state) => state.ui.addFeed);
  const folders = useSelector((state) => state.feeds.list?.folders ?? NO_FOLDERS);
  const [choices, setChoices] = useState<DiscoveredFeed[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open.open) return null;

  const close = () => {
    setChoices(null);
    setError(null);
    setBusy(false);
    dispatch({ type: 'ui/add-feed', open: false });
  };
  const subscribe = (url: string, folder: string) => {
    setBusy(true);
    setError(null);
    api.addFeed({ url, ...(folder.trim() ? { folder: folder.trim() } : {}) }).then(
      (added) => {
        close();
        dispatch({ type: 'feeds/changed', ids: [added.feed.id] });
        dispatch({ type: 'toast/shown', toast: { kind: 'message', text: added.alreadySubscribed ? `Already subscribed to ${added.feed.title}` : `Subscribed to ${added.feed.title}` } });
        window.location.hash = routeHref({ name: 'feed', id: added.feed.id });
      },
      (e: Error) => {
        setBusy(false);
        setError(e.message);
      },
    );
  };
  const find = (url: string, folder: string) => {
    setBusy(true);
    setError(null);
    api.discoverFeeds({ url }).then(
      ({ feeds }) => {
        if (feeds.length === 1) return subscribe(feeds[0]!.url, folder);
        setBusy(false);
        if (feeds.length === 0) setError('No feed was found at that address.');
        else setChoices(feeds);
      },
      (e: Error) => {
        setBusy(false);
        setError(e.message);
      },
    );
  };
  return <AddFeedDialog draft={open.draft} folders={folders} choices={choices} busy={busy} error={error} onFind={find} onSubscribe={subscribe} onClose={close} />;
}
