import type { ReactNode } from 'react';
import { VirtualList } from './VirtualList';

interface Props {
  /** The ids of the rows loaded so far; more are asked for with onNearEnd as the reader scrolls. */
  ids: readonly string[];
  /** One row; each row reads its own article, so a change to one article renders that row only. */
  renderRow: (id: string) => ReactNode;
  label: string;
  emptyText: string;
  /** The row j/k has selected. */
  selectedId: string | null;
  onNearEnd?: () => void;
}

/** A virtualised list of saved articles. Props only. */
export function ArticleList({ ids, renderRow, label, emptyText, selectedId, onNearEnd }: Props) {
  if (ids.length === 0) return <p className="empty">{emptyText}</p>;
  const selectedIndex = selectedId === null ? -1 : ids.indexOf(selectedId);
  return (
    <VirtualList
      count={ids.length}
      label={label}
      estimateSize={130}
      getKey={(i) => ids[i]!}
      articleIdOf={(i) => ids[i]!}
      selectedIndex={selectedIndex}
      scrollToIndex={selectedIndex}
      onNearEnd={onNearEnd}
      renderItem={(i) => renderRow(ids[i]!)}
    />
  );
}
