import { useEffect, useState } from 'react';

/**
 * Whether the reader's bar is out of the way: it slides away while the reader scrolls down, and
 * comes back as soon as they scroll up, reach the top, or move focus into it.
 */
export function useBarHidden(): boolean {
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    let last = window.scrollY;
    const onScroll = () => {
      const y = window.scrollY;
      if (Math.abs(y - last) < 8 && y > 0) return;
      const focusInBar = document.querySelector('.reader-bar')?.contains(document.activeElement) ?? false;
      setHidden(y > last && y > 96 && !focusInBar);
      last = y;
    };
    const onFocus = (event: FocusEvent) => {
      if ((event.target as Element | null)?.closest?.('.reader-bar')) setHidden(false);
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    document.addEventListener('focusin', onFocus);
    return () => {
      window.removeEventListener('scroll', onScroll);
      document.removeEventListener('focusin', onFocus);
    };
  }, []);
  return hidden;
}
