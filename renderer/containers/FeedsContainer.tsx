import { useMemo, useState } from 'react';
import type { OpmlImportReport } from '../../shared/feeds';
import { FeedList } from '../components/FeedList';
import { OpmlReport } from '../components/OpmlReport';
import { chooseTextFile, downloadText } from '../download';
import { useFeedList } from '../hooks/useFeedList';
import type { Route } from '../route';
import { feedTree } from '../store/feeds';
import { useApi, useDispatch } from '../store/react';

/**
 * The sidebar's Feeds: the subscriptions with their unread counts (listFeeds, asked again on every
 * feedsChanged), "Add feed", "Refresh all", and OPML in and out.
 */
export function FeedsContainer({ route, onNavigate }: { route: Route; onNavigate?: () => void }) {
  const api = useApi();
  const dispatch = useDispatch();
  const list = useFeedList();
  const tree = useMemo(() => (list ? feedTree(list) : null), [list]);
  const [refreshing, setRefreshing] = useState(false);
  const [report, setReport] = useState<OpmlImportReport | null>(null);
  const tell = (text: string) => dispatch({ type: 'toast/shown', toast: { kind: 'message', text } });

  const refreshAll = () => {
    setRefreshing(true);
    api.refreshFeeds({}).then(
      ({ results }) => {
        const added = results.reduce((n, r) => n + r.new, 0);
        const failed = results.filter((r) => r.status === 'failed').length;
        tell(`${added} new ${added === 1 ? 'article' : 'articles'}${failed ? ` · ${failed} ${failed === 1 ? 'feed' : 'feeds'} failed` : ''}`);
      },
      (error: Error) => tell(`The feeds were not refreshed: ${error.message}`),
    ).finally(() => setRefreshing(false));
  };

  return (
    <>
      <FeedList
        tree={tree}
        route={route}
        refreshing={refreshing}
        onNavigate={onNavigate}
        onAdd={() => dispatch({ type: 'ui/add-feed', open: true })}
        onRefreshAll={refreshAll}
        onImport={() =>
          chooseTextFile('.opml,.xml,text/x-opml,text/xml,application/xml', (opml) =>
            api.importOpml({ opml }).then(setReport, (error: Error) => tell(`The OPML file was not imported: ${error.message}`)),
          )
        }
        onExport={() =>
          void api.exportOpml({}).then(
            ({ opml }) => downloadText('offprint-feeds.opml', opml, 'text/x-opml'),
            (error: Error) => tell(`The feeds were not exported: ${error.message}`),
          )
        }
      />
      {report && <OpmlReport report={report} onClose={() => setReport(null)} />}
    </>
  );
}
