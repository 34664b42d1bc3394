import { useEffect, useRef } from 'react';
import { type ShortcutAction, shortcutFor } from '../../shared/keyboard';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** Calls `handler` for every keyboard shortcut pressed anywhere in the window. */
export function useShortcuts(handler: (action: ShortcutAction, event: KeyboardEvent) => boolean | void) {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutFor(event, isTyping(event.target));
      if (!action) return;
      if (action === 'open' && (event.target as HTMLElement | null)?.closest?.('a, button')) return;
      if (ref.current(action, event) !== false) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
