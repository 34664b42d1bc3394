import { useEffect } from 'react';
import { parseWebUrl } from '../../shared/url';

/** The first web address in dropped data (a link or text dragged from a browser), if any. */
export function droppedUrl(data: DataTransfer): string | null {
  const uriList = data.getData('text/uri-list');
  const candidates = [...uriList.split(/\r?\n/).filter((l) => l && !l.startsWith('#')), data.getData('text/plain').trim()];
  return candidates.find((c) => /^https?:\/\//i.test(c)) ?? null;
}

function isField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)));
}

/**
 * Dropping a link anywhere on the window saves it, and so does pasting one while no field has
 * focus; dropped files are left to their own handlers, and pasting into a field stays the field's.
 */
export function useDropToSave(onUrl: (url: string) => void) {
  useEffect(() => {
    const over = (event: DragEvent) => {
      if (event.dataTransfer?.types.some((t) => t === 'text/uri-list' || t === 'text/plain')) event.preventDefault();
    };
    const drop = (event: DragEvent) => {
      if (!event.dataTransfer) return;
      const url = droppedUrl(event.dataTransfer);
      if (!url) return;
      event.preventDefault();
      onUrl(url);
    };
    const paste = (event: ClipboardEvent) => {
      if (isField(event.target) || !event.clipboardData) return;
      const text = event.clipboardData.getData('text/plain').trim();
      if (!/^https?:\/\/\S+$/i.test(text) || !parseWebUrl(text)) return;
      event.preventDefault();
      onUrl(text);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    document.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
      document.removeEventListener('paste', paste);
    };
  }, [onUrl]);
}
