import type { ReactNode } from 'react';
import { type Route, routeHref, VIEW_TITLES } from '../route';

interface Props {
  route: Route;
  /** The ways in (the save form), connected by its container. */
  saveForm: ReactNode;
  onHelp: () => void;
}

/** The bar at the top: the app's name, the views, the ways in, the shortcuts help. Props only. */
export function TopBar({ route, saveForm, onHelp }: Props) {
  return (
    <header className="topbar">
      <a className="brand" href="#/">
        Offprint
      </a>
      <nav aria-label="Views" className="views">
        {(['all', 'unread', 'archived'] as const).map((v) => (
          <a key={v} href={routeHref({ name: 'library', view: v })} aria-current={route.name === 'library' && route.view === v ? 'page' : undefined}>
            {VIEW_TITLES[v]}
          </a>
        ))}
        <a href="#/bookmarks" aria-current={route.name === 'bookmarks' ? 'page' : undefined}>
          Bookmarks
        </a>
        <a href="#/extension" aria-current={route.name === 'extension' ? 'page' : undefined}>
          Extension
        </a>
      </nav>
      {saveForm}
      <button type="button" className="help-button" aria-label="Keyboard shortcuts" onClick={onHelp}>
        ?
      </button>
    </header>
  );
}
