import { type RefObject, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ReadingPosition } from '../../shared/types';
import { currentPosition, readingProgress, scrollToPosition } from '../reading-position';

interface Options {
  articleId: string;
  articleRef: RefObject<HTMLElement | null>;
  bodyRef: RefObject<HTMLElement | null>;
  /** Where to open: a bookmarked place, or where the reader stopped last time. */
  initialPosition: ReadingPosition | null;
  /** Anything that changes the layout (text size, width …): the position is kept across it. */
  layoutKey: string;
  onSave: (position: ReadingPosition, progress: number) => void;
}

const SAVE_DELAY_MS = 500;

/**
 * Follows the reader through the article: progress for the bar, the position saved as they read
 * (anchored to a block and a character, so another text size or width lands on the same sentence),
 * restored on open and kept across layout changes.
 */
export function useReadingTracker({ articleId, articleRef, bodyRef, initialPosition, layoutKey, onSave }: Options) {
  const [progress, setProgress] = useState(0);
  const [scrolled, setScrolled] = useState(false);
  const position = useRef<ReadingPosition | null>(initialPosition);
  const onSaveRef = useRef(onSave);
  onSaveRef.current = onSave;
  const restored = useRef<string | null>(null);

  // Open at the saved place (once per article).
  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!body || restored.current === articleId) return;
    restored.current = articleId;
    if (initialPosition && scrollToPosition(body, initialPosition)) position.current = initialPosition;
    else window.scrollTo({ top: 0, behavior: 'instant' as ScrollBehavior });
    if (articleRef.current) setProgress(readingProgress(articleRef.current));
  }, [articleId, initialPosition, bodyRef, articleRef]);

  // A new text size or width: put the same sentence back at the top.
  const firstLayout = useRef(true);
  useLayoutEffect(() => {
    if (firstLayout.current) {
      firstLayout.current = false;
      return;
    }
    if (bodyRef.current && position.current) scrollToPosition(bodyRef.current, position.current);
  }, [layoutKey, bodyRef]);

  useEffect(() => {
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const article = articleRef.current;
        const body = bodyRef.current;
        if (!article || !body) return;
        const value = readingProgress(article);
        setProgress(value);
        setScrolled(window.scrollY > 400);
        const here = currentPosition(body);
        if (!here) return;
        position.current = here;
        clearTimeout(timer);
        timer = setTimeout(() => onSaveRef.current(here, value), SAVE_DELAY_MS);
      });
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      window.removeEventListener('scroll', onScroll);
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [articleId, articleRef, bodyRef]);

  return { progress, scrolled, position };
}
