import type { FeedSummary } from '../../shared/feeds';
import type { FolderNode } from '../store/feeds';
import { type Route, routeHref } from '../route';
import { MenuButton } from './MenuButton';

interface Props {
  tree: FolderNode | null;
  route: Route;
  refreshing: boolean;
  onAdd: () => void;
  onRefreshAll: () => void;
  onImport: () => void;
  onExport: () => void;
  onNavigate?: () => void;
}

function Count({ n }: { n: number }) {
  if (n === 0) return null;
  return (
    <span className="view-count">
      <span className="visually-hidden">, </span>
      {n}
      <span className="visually-hidden"> unread</span>
    </span>
  );
}

function FeedLink({ feed, route, onNavigate }: { feed: FeedSummary; route: Route; onNavigate?: () => void }) {
  const trouble = feed.status === 'broken' ? 'Not working' : feed.status === 'inactive' ? 'Gone' : null;
  return (
    <li>
      <a href={routeHref({ name: 'feed', id: feed.id })} aria-current={route.name === 'feed' && route.id === feed.id ? 'page' : undefined} onClick={onNavigate}>
        <span className="view-label">
          {feed.title}
          {trouble && (
            <span className="feed-trouble" title={feed.health.lastError ?? trouble}>
              {' '}
              <span aria-hidden="true">⚠</span>
              <span className="visually-hidden">({trouble})</span>
            </span>
          )}
        </span>
        <Count n={feed.unread} />
      </a>
    </li>
  );
}

function Folder({ node, route, onNavigate }: { node: FolderNode; route: Route; onNavigate?: () => void }) {
  return (
    <li>
      <a href={routeHref({ name: 'folder', folder: node.path })} aria-current={route.name === 'folder' && route.folder === node.path ? 'page' : undefined} onClick={onNavigate} className="feed-folder">
        <span className="view-label">
          <span aria-hidden="true">▸ </span>
          {node.name}
        </span>
        <Count n={node.unread} />
      </a>
      <Items node={node} route={route} onNavigate={onNavigate} nested />
    </li>
  );
}

function Items({ node, route, onNavigate, nested = false }: { node: FolderNode; route: Route; onNavigate?: () => void; nested?: boolean }) {
  if (!node.folders.length && !node.feeds.length) return null;
  return (
    <ul className={nested ? 'sidebar-list nested' : 'sidebar-list'}>
      {node.folders.map((f) => (
        <Folder key={f.path} node={f} route={route} onNavigate={onNavigate} />
      ))}
      {node.feeds.map((f) => (
        <FeedLink key={f.id} feed={f} route={route} onNavigate={onNavigate} />
      ))}
    </ul>
  );
}

/**
 * The sidebar's Feeds section: folders and feeds with their unread counts (a feed that stopped
 * working is marked), "Add feed", "Refresh all", and importing or exporting OPML. Props only.
 */
export function FeedList({ tree, route, refreshing, onAdd, onRefreshAll, onImport, onExport, onNavigate }: Props) {
  const empty = !tree || (!tree.feeds.length && !tree.folders.length);
  return (
    <>
      <div className="feed-tools">
        <button type="button" className="small" onClick={onAdd}>
          + Add feed
        </button>
        <button type="button" className="small" onClick={onRefreshAll} disabled={empty || refreshing} aria-busy={refreshing} aria-label="Refresh all feeds">
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
        <MenuButton
          label="More feed actions"
          items={[
            { label: 'Import OPML…', onSelect: onImport },
            { label: 'Export OPML', onSelect: onExport, disabled: empty },
          ]}
        />
      </div>
      {empty ? <p className="sidebar-empty">Follow a site: + Add feed.</p> : <Items node={tree} route={route} onNavigate={onNavigate} />}
    </>
  );
}
