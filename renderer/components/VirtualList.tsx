import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useLayoutEffect, useRef, useState } from 'react';

interface Props {
  count: number;
  label: string;
  /** A first guess at a row's height; rows are measured once shown. */
  estimateSize: number;
  getKey: (index: number) => string | number;
  renderItem: (index: number) => ReactNode;
  /** Called when rows near the end come into view (to load the next page). */
  onNearEnd?: () => void;
  /** A row to bring into view (keyboard navigation). */
  scrollToIndex?: number | null;
  className?: string;
  /** The article id a row shows, put on the row as data-article-id (for keyboard focus and tests). */
  articleIdOf?: (index: number) => string;
  selectedIndex?: number;
}

/**
 * A list that keeps only the rows near the window's viewport in the DOM, however long it is: the
 * page scrolls as usual, and rows are measured as they appear.
 */
export function VirtualList({ count, label, estimateSize, getKey, renderItem, onNearEnd, scrollToIndex, className, articleIdOf, selectedIndex }: Props) {
  const listRef = useRef<HTMLUListElement>(null);
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    setMargin(listRef.current ? listRef.current.getBoundingClientRect().top + window.scrollY : 0);
  }, []);
  const virtualizer = useWindowVirtualizer({ count, estimateSize: () => estimateSize, overscan: 4, scrollMargin: margin, getItemKey: getKey });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (onNearEnd && last >= count - 10) onNearEnd();
  }, [last, count, onNearEnd]);
  useEffect(() => {
    if (scrollToIndex !== null && scrollToIndex !== undefined && scrollToIndex >= 0) virtualizer.scrollToIndex(scrollToIndex, { align: 'auto' });
  }, [scrollToIndex, virtualizer]);
  return (
    <ul ref={listRef} className={className ?? 'article-list'} aria-label={label} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
      {items.map((item) => (
        <li
          key={item.key}
          data-index={item.index}
          ref={virtualizer.measureElement}
          data-article-id={articleIdOf?.(item.index)}
          className={item.index === selectedIndex ? 'virtual-row selected' : 'virtual-row'}
          aria-setsize={count}
          aria-posinset={item.index + 1}
          style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
        >
          {renderItem(item.index)}
        </li>
      ))}
    </ul>
  );
}
