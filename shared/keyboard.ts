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
  | 'text-reset'
  | 'archive'
  | 'delete'
  | 'mark-read'
  | 'next-article'
  | 'previous-article'
  | 'undo'
  | 'tag'
  | 'highlight';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey?: boolean;
}

/** Every shortcut, for the "?" help. */
export const SHORTCUTS: { keys: string; does: string }[] = [
  { keys: 'j / k', does: 'Next / previous article in the list' },
  { keys: 'Shift + J / K', does: 'Open the next / previous article' },
  { keys: 'Enter', does: 'Open the selected article' },
  { keys: 'Esc', does: 'Back to the list (or close what is open)' },
  { keys: 'b', does: 'Bookmark or un-bookmark the article' },
  { keys: 'm', does: 'Mark the article read or unread' },
  { keys: 'e', does: 'Archive the article' },
  { keys: '#', does: 'Delete the article' },
  { keys: 't', does: 'Edit the article’s tags' },
  { keys: 'h', does: 'Highlight the selected text (select with Shift + arrows)' },
  { keys: 'Ctrl/⌘ + Z', does: 'Undo the last archive, delete or removed bookmark' },
  { keys: '/', does: 'Search articles' },
  { keys: 'Ctrl/⌘ + =  or  +', does: 'Larger text in the reader; zoom in elsewhere' },
  { keys: 'Ctrl/⌘ + -', does: 'Smaller text in the reader; zoom out elsewhere' },
  { keys: 'Ctrl/⌘ + 0', does: 'Reset the text size (the zoom elsewhere)' },
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
    // In a field, Ctrl/⌘+Z is the field's own undo.
    if ((event.key === 'z' || event.key === 'Z') && !typing && !event.shiftKey) return 'undo';
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
    case 'e':
      return 'archive';
    case '#':
      return 'delete';
    case 'm':
      return 'mark-read';
    case 'J':
      return 'next-article';
    case 'K':
      return 'previous-article';
    case 't':
      return 'tag';
    case 'h':
      return 'highlight';
    default:
      return null;
  }
}
