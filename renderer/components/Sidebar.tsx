import type { ReactNode } from 'react';
import type { ViewCounts } from '../../shared/types';
import { type Route, routeHref } from '../route';

interface Props {
  route: Route;
  counts: ViewCounts | null;
  /** The "+ Add" button and its popover (connected by their container). */
  add: ReactNode;
  search: ReactNode;
  /** The saves chip, while saves are running or need the reader. */
  saves?: ReactNode;
  onHelp: () => void;
  /** A link was followed (the menu below 900 px closes). */
  onNavigate?: () => void;
  /**
   * Slots for the sections later issues fill: Feeds (issue 14) and Tags (issue 13). Each is a
   * container of its own; until one is given, its section is not shown at all.
   */
  feeds?: ReactNode;
  tags?: ReactNode;
}

const VIEWS = [
  { key: 'all', label: 'Library', route: { name: 'library', view: 'all' } },
  { key: 'unread', label: 'Unread', route: { name: 'library', view: 'unread' } },
  { key: 'archived', label: 'Archived', route: { name: 'library', view: 'archived' } },
  { key: 'bookmarks', label: 'Bookmarks', route: { name: 'bookmarks' } },
  { key: 'highlights', label: 'Highlights', route: { name: 'highlights' } },
] as const;

/** Screens about the library rather than its articles, at the sidebar's foot. */
const TOOLS = [
  { label: 'Import and export', route: { name: 'transfer' } },
  { label: 'Browser extension', route: { name: 'extension' } },
] as const;

function isCurrent(route: Route, target: (typeof VIEWS)[number]['route']): boolean {
  if (target.name === 'bookmarks' || target.name === 'highlights') return route.name === target.name;
  return route.name === 'library' && route.view === target.view;
}

/** A titled section of the sidebar that shows nothing while it has nothing (the Feeds and Tags slots). */
export function SidebarSection({ id, title, children }: { id: string; title: string; children?: ReactNode }) {
  if (children === undefined || children === null || children === false) return null;
  return (
    <section className="sidebar-section" aria-labelledby={`sidebar-${id}`} data-slot={id}>
      <h2 id={`sidebar-${id}`} className="sidebar-heading">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The app's left side: its name, "+ Add", search, the views with their counts, and the Feeds and Tags slots. Props only. */
export function Sidebar({ route, counts, add, search, saves, onHelp, onNavigate, feeds, tags }: Props) {
  return (
    <div className="sidebar-inner">
      <div className="sidebar-top">
        <a className="brand" href="#/" onClick={onNavigate}>
          Offprint
        </a>
        <button type="button" className="icon-button help-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={onHelp}>
          <span aria-hidden="true">?</span>
        </button>
      </div>
      {add}
      {search}
      <nav aria-label="Views" className="views">
        <ul>
          {VIEWS.map((v) => {
            // Highlights has no count of its own in the sidebar.
            const count = v.key === 'highlights' ? undefined : counts?.[v.key];
            return (
              <li key={v.key}>
                <a href={routeHref(v.route)} aria-current={isCurrent(route, v.route) ? 'page' : undefined} onClick={onNavigate}>
                  <span className="view-label">{v.label}</span>
                  {count !== undefined && (
                    <span className="view-count">
                      <span className="visually-hidden">, </span>
                      {count}
                    </span>
                  )}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      <SidebarSection id="feeds" title="Feeds">
        {feeds}
      </SidebarSection>
      <SidebarSection id="tags" title="Tags">
        {tags}
      </SidebarSection>
      {saves && <div className="sidebar-saves">{saves}</div>}
      <nav aria-label="Library tools" className="sidebar-tools">
        <ul>
          {TOOLS.map((t) => (
            <li key={t.route.name}>
              <a href={routeHref(t.route)} aria-current={route.name === t.route.name ? 'page' : undefined} onClick={onNavigate}>
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
