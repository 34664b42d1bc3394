import { describe, expect, it } from 'vitest';
import { shortcutFor } from '../../shared/keyboard';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('shared/keyboard', () => {
  it('maps letters when not typing, and nothing while typing', () => {
    expect(shortcutFor(key('j'), false)).toBe('next');
    expect(shortcutFor(key('k'), false)).toBe('previous');
    expect(shortcutFor(key('b'), false)).toBe('bookmark');
    expect(shortcutFor(key('?'), false)).toBe('help');
    expect(shortcutFor(key('/'), false)).toBe('search');
    expect(shortcutFor(key('j'), true)).toBeNull();
    expect(shortcutFor(key('x'), false)).toBeNull();
    expect(shortcutFor(key('t'), false)).toBe('tag');
    expect(shortcutFor(key('h'), false)).toBe('highlight');
    expect(shortcutFor(key('t'), true)).toBeNull();
  });
  it('maps Ctrl/Cmd text size keys even while typing', () => {
    expect(shortcutFor(key('=', { ctrlKey: true }), true)).toBe('text-larger');
    expect(shortcutFor(key('+', { metaKey: true }), false)).toBe('text-larger');
    expect(shortcutFor(key('-', { ctrlKey: true }), false)).toBe('text-smaller');
    expect(shortcutFor(key('0', { metaKey: true }), false)).toBe('text-reset');
    expect(shortcutFor(key('j', { ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(key('Escape'), true)).toBe('back');
  });
  it('maps the article keys (e, #, m, Shift+J/K) and Ctrl/⌘+Z outside fields only', () => {
    expect(shortcutFor(key('e'), false)).toBe('archive');
    expect(shortcutFor(key('#'), false)).toBe('delete');
    expect(shortcutFor(key('m'), false)).toBe('mark-read');
    expect(shortcutFor(key('J'), false)).toBe('next-article');
    expect(shortcutFor(key('K'), false)).toBe('previous-article');
    expect(shortcutFor(key('e'), true)).toBeNull();
    expect(shortcutFor(key('z', { ctrlKey: true }), false)).toBe('undo');
    expect(shortcutFor(key('z', { metaKey: true }), false)).toBe('undo');
    expect(shortcutFor(key('z', { ctrlKey: true }), true)).toBeNull();
    expect(shortcutFor({ ...key('z', { ctrlKey: true }), shiftKey: true }, false)).toBeNull();
  });
});
