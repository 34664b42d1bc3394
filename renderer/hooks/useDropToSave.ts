import { useEffect } from 'react';

/** The first web address in dropped data (a link or text dragged from a browser), if any. */
export function droppedUrl(data: DataTransfer): string | null {
  const uriList = data.getData('text/uri-list');
  const candidates = [...uriList.split(/\r?\n/).filter((l) => l && !l.startsWith('#')), data.getData('text/plain').trim()];
  return candidates.find((c) => /^https?:\/\//i.test(c)) ?? null;
}

/** Dropping a link anywhere on the window saves it; dropped files are left to their own handlers. */
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
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [onUrl]);
}
