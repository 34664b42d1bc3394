import { type MouseEvent, type ReactNode, useEffect, useRef } from 'react';
import type { ShortcutAction } from '../../shared/keyboard';
import { DEFAULT_TEXT_SIZE, decreaseTextSize, increaseTextSize } from '../../shared/text-size';
import { ShortcutsDialog } from '../components/ShortcutsDialog';
import { TopBar } from '../components/TopBar';
import { useSettingsUpdate } from '../hooks/useSettingsUpdate';
import { useShortcuts } from '../hooks/useShortcuts';
import type { Route } from '../route';
import { useApi, useDispatch, useSelector } from '../store/react';
import { selectSettings } from '../store/state';
import { NoticesContainer } from './NoticesContainer';
import { SaveFormContainer } from './SaveFormContainer';
import { SavesTrayContainer } from './SavesTrayContainer';
import { UndoDeleteContainer } from './UndoDeleteContainer';

/**
 * Everything around the screen: the skip link, the top bar, the repair notices, the saves tray,
 * the Undo toast, the shortcuts help, and what applies to every screen (settings and notices
 * loaded once, then kept by the library's events; the theme; the shortcuts that are not a screen's).
 */
export function AppFrame({ route, children }: { route: Route; children: ReactNode }) {
  const api = useApi();
  const dispatch = useDispatch();
  const theme = useSelector((state) => selectSettings(state).theme);
  const help = useSelector((state) => state.ui.help);
  const updateSettings = useSettingsUpdate();
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    api.getSettings({}).then(
      (settings) => dispatch({ type: 'settings/loaded', settings }),
      (error: Error) => dispatch({ type: 'settings/failed', message: error.message }),
    );
    api.listNotices({}).then(
      (notices) => dispatch({ type: 'notices/loaded', notices }),
      (error: Error) => dispatch({ type: 'notices/failed', message: error.message }),
    );
  }, [api, dispatch]);

  // The reader's toolbar sticks just below the top bar, whatever height the top bar wraps to.
  useEffect(() => {
    const bar = document.querySelector('.topbar');
    if (!bar || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => document.documentElement.style.setProperty('--topbar-height', `${bar.getBoundingClientRect().height}px`));
    observer.observe(bar);
    return () => observer.disconnect();
  }, []);

  // Theme on the whole document, so the app's chrome follows it too.
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useShortcuts((action: ShortcutAction) => {
    if (action === 'help') return void dispatch({ type: 'ui/help', open: true });
    if (action === 'text-larger') return void updateSettings((s) => ({ textSize: increaseTextSize(s.textSize) }));
    if (action === 'text-smaller') return void updateSettings((s) => ({ textSize: decreaseTextSize(s.textSize) }));
    if (action === 'text-reset') return void updateSettings({ textSize: DEFAULT_TEXT_SIZE });
    if (action === 'back') {
      if (help) return void dispatch({ type: 'ui/help', open: false });
      if (route.name === 'article') window.location.hash = '#/';
      return;
    }
    if (action === 'search') {
      if (route.name !== 'library') window.location.hash = '#/';
      const focus = (tries: number) => {
        const box = document.getElementById('search-articles');
        if (box) box.focus();
        else if (tries > 0) requestAnimationFrame(() => focus(tries - 1));
      };
      requestAnimationFrame(() => focus(10));
      return;
    }
    // The screen's own shortcuts (j/k, Enter, b) are its container's.
    return false;
  });

  function skipToContent(event: MouseEvent) {
    event.preventDefault();
    const target = document.getElementById('article-body') ?? mainRef.current;
    target?.focus();
    target?.scrollIntoView();
  }

  return (
    <div className="app">
      <a href="#main" className="skip-link" onClick={skipToContent}>
        {route.name === 'article' ? 'Skip to article' : 'Skip to content'}
      </a>
      <TopBar route={route} saveForm={<SaveFormContainer />} onHelp={() => dispatch({ type: 'ui/help', open: true })} />
      <NoticesContainer />
      <SavesTrayContainer />
      <main id="main" className="content" ref={mainRef} tabIndex={-1}>
        {children}
      </main>
      <UndoDeleteContainer />
      {help && <ShortcutsDialog onClose={() => dispatch({ type: 'ui/help', open: false })} />}
    </div>
  );
}
