/** What a key press asks for, whatever screen it is pressed on. */
export type ShortcutAction =
  | 'next'
  | 'previous'
  | 'open'
  | 'back'
  | 'bookmark'
  | 'help'
  | 'search'
  | 'text-larger'
  | 'text-smaller'
  | 'text-reset';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Every shortcut, for the "?" help. */
export const SHORTCUTS: { keys: string; does: string }[] = [
  { keys: 'j / k', does: 'Next / previous article in the list' },
  { keys: 'Enter', does: 'Open the selected article' },
  { keys: 'Esc', does: 'Back to the list' },
  { keys: 'b', does: 'Bookmark or un-bookmark the article' },
  { keys: '/', does: 'Search articles' },
  { keys: 'Ctrl/⌘ + =  or  +', does: 'Larger text' },
  { keys: 'Ctrl/⌘ + -', does: 'Smaller text' },
  { keys: 'Ctrl/⌘ + 0', does: 'Reset text size' },
  { keys: 'Ctrl + mouse wheel', does: 'Larger or smaller text, over the article' },
  { keys: '?', does: 'Show these shortcuts' },
];

/**
 * Maps a key press to an action. Plain letters do nothing while the reader is typing in a field;
 * Ctrl/⌘ combinations for text size always work.
 */
export function shortcutFor(event: KeyLike, typing: boolean): ShortcutAction | null {
  const mod = event.ctrlKey || event.metaKey;
  if (mod && !event.altKey) {
    if (event.key === '=' || event.key === '+') return 'text-larger';
    if (event.key === '-' || event.key === '_') return 'text-smaller';
    if (event.key === '0') return 'text-reset';
    return null;
  }
  if (event.key === 'Escape') return 'back';
  if (typing || mod || event.altKey) return null;
  switch (event.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case 'Enter':
      return 'open';
    case 'b':
      return 'bookmark';
    case '?':
      return 'help';
    case '/':
      return 'search';
    default:
      return null;
  }
}
