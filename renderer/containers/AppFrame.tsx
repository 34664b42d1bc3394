import { type MouseEvent, type ReactNode, useEffect, useRef } from 'react';
import type { ShortcutAction } from '../../shared/keyboard';
import { DEFAULT_TEXT_SIZE, decreaseTextSize, increaseTextSize } from '../../shared/text-size';
import { ShortcutsDialog } from '../components/ShortcutsDialog';
import { useDropToSave } from '../hooks/useDropToSave';
import { NARROW_QUERY, useMediaQuery } from '../hooks/useMediaQuery';
import { useSaves } from '../hooks/useSaves';
import { useSettingsUpdate } from '../hooks/useSettingsUpdate';
import { useShortcuts } from '../hooks/useShortcuts';
import { type Route, routeHref } from '../route';
import { useApi, useDispatch, useSelector, useStore } from '../store/react';
import { selectSettings } from '../store/state';
import { nextZoom } from '../store/ui';
import { NarrowBarContainer } from './NarrowBarContainer';
import { NoticesContainer } from './NoticesContainer';
import { PasteContainer } from './PasteContainer';
import { SavesTrayContainer } from './SavesTrayContainer';
import { AddFeedContainer } from './AddFeedContainer';
import { SidebarContainer } from './SidebarContainer';
import { TagEditorContainer } from './TagEditorContainer';
import { UndoContainer } from './UndoContainer';

const ZOOM_KEY = 'offprint.zoom';

/**
 * Everything around the screen: the skip link, the sidebar (a menu below 900 px; none while
 * reading), the repair notices, the saves tray, the toasts and the one Undo, the paste dialog, the
 * shortcuts help, and what applies to every screen (settings, notices and counts loaded once, then
 * kept by the library's events; the theme; the interface zoom; dropping or pasting a link; the
 * shortcuts that are not a screen's).
 */
export function AppFrame({ route, children }: { route: Route; children: ReactNode }) {
  const api = useApi();
  const dispatch = useDispatch();
  const store = useStore();
  const theme = useSelector((state) => selectSettings(state).theme);
  const help = useSelector((state) => state.ui.help);
  const zoom = useSelector((state) => state.ui.zoom);
  const updateSettings = useSettingsUpdate();
  const saves = useSaves();
  const narrow = useMediaQuery(NARROW_QUERY);
  const mainRef = useRef<HTMLElement>(null);
  const reading = route.name === 'article';

  useEffect(() => {
    api.getSettings({}).then(
      (settings) => dispatch({ type: 'settings/loaded', settings }),
      (error: Error) => dispatch({ type: 'settings/failed', message: error.message }),
    );
    api.countArticles({}).then(
      (counts) => dispatch({ type: 'counts/loaded', counts }),
      // The sidebar shows no numbers until the next change brings them.
      (error: unknown) => console.error('Offprint: the counts could not be read', error),
    );
    api.listTags({}).then(
      (tags) => dispatch({ type: 'tags/loaded', tags }),
      // The Tags section stays empty until the next tagsChanged event brings them.
      (error: unknown) => console.error('Offprint: the tags could not be read', error),
    );
    api.listNotices({}).then(
      (notices) => dispatch({ type: 'notices/loaded', notices }),
      (error: Error) => dispatch({ type: 'notices/failed', message: error.message }),
    );
  }, [api, dispatch]);

  // Theme on the whole document, so the app's chrome follows it too.
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  // The interface zoom is this window's own (kept in its local storage), not a setting of the library.
  useEffect(() => {
    const saved = Number(localStorage.getItem(ZOOM_KEY));
    if (saved > 0) dispatch({ type: 'ui/zoom', zoom: saved });
  }, [dispatch]);
  useEffect(() => {
    document.documentElement.style.setProperty('--ui-zoom', String(zoom));
    try {
      localStorage.setItem(ZOOM_KEY, String(zoom));
    } catch {
      // Storage refused: the zoom lasts as long as the page.
    }
  }, [zoom]);

  useDropToSave(saves.saveUrl);

  useShortcuts((action: ShortcutAction) => {
    if (action === 'help') return void dispatch({ type: 'ui/help', open: true });
    if (action === 'text-larger' || action === 'text-smaller' || action === 'text-reset') {
      // In the reader these change the article's text; anywhere else they zoom the interface.
      if (reading) {
        if (action === 'text-larger') void updateSettings((s) => ({ textSize: increaseTextSize(s.textSize) }));
        else if (action === 'text-smaller') void updateSettings((s) => ({ textSize: decreaseTextSize(s.textSize) }));
        else void updateSettings({ textSize: DEFAULT_TEXT_SIZE });
      } else {
        const current = store.getState().ui.zoom;
        dispatch({ type: 'ui/zoom', zoom: action === 'text-reset' ? 1 : nextZoom(current, action === 'text-larger' ? 1 : -1) });
      }
      return;
    }
    if (action === 'back') {
      if (help) return void dispatch({ type: 'ui/help', open: false });
      if (reading) window.location.hash = store.getState().ui.origin?.hash ?? routeHref({ name: 'library', view: 'all' });
      return;
    }
    if (action === 'search') {
      if (route.name !== 'library') window.location.hash = '#/';
      if (narrow) dispatch({ type: 'ui/menu', open: true });
      const focus = (tries: number) => {
        const box = document.getElementById('search-articles');
        if (box) box.focus();
        else if (tries > 0) requestAnimationFrame(() => focus(tries - 1));
      };
      requestAnimationFrame(() => focus(10));
      return;
    }
    // The screen's own shortcuts (j/k, Enter, b, e, #, m, Shift+J/K) are its container's; Ctrl/⌘+Z is UndoContainer's.
    return false;
  });

  function skipToContent(event: MouseEvent) {
    event.preventDefault();
    const target = document.getElementById('article-body') ?? mainRef.current;
    target?.focus();
    target?.scrollIntoView();
  }

  return (
    <div className={`app${reading ? ' is-reading' : ''}${narrow ? ' is-narrow' : ''}`}>
      <a href="#main" className="skip-link" onClick={skipToContent}>
        {reading ? 'Skip to article' : 'Skip to content'}
      </a>
      {!reading && (narrow ? <NarrowBarContainer route={route} /> : <SidebarContainer route={route} />)}
      <div
        className="main-column"
        onMouseDown={(e) => {
          // A click on the page around the list, not on a row or a control, clears the selection.
          if (!(e.target as Element).closest('.virtual-row, a, button, input, select, textarea, label')) dispatch({ type: 'ui/selected', id: null });
        }}
      >
        <NoticesContainer />
        <main id="main" className={reading ? 'content reading' : 'content'} ref={mainRef} tabIndex={-1}>
          {children}
        </main>
      </div>
      {!reading && <SavesTrayContainer />}
      <UndoContainer />
      <PasteContainer />
      <TagEditorContainer />
      <AddFeedContainer />
      {help && <ShortcutsDialog onClose={() => dispatch({ type: 'ui/help', open: false })} />}
    </div>
  );
}
