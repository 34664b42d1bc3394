import { type RefObject, useLayoutEffect, useState } from 'react';
import type { PlaceBookmark } from '../../shared/types';
import { blocksOf } from '../reading-position';

interface Props {
  places: readonly PlaceBookmark[];
  bodyRef: RefObject<HTMLElement | null>;
  /** Changes whenever the layout may (text size, width …): the notes are placed again. */
  layoutKey: string;
  /** The place the article was opened at: its note is the one shown when there is no margin. */
  currentPlaceId: string | null;
}

interface Placed {
  place: PlaceBookmark;
  top: number;
}

/** Room beside the column for a note, in CSS pixels. */
const MARGIN_NOTE_ROOM = 220;

/**
 * The notes of bookmarked places, in the margin beside their passage. Without room for a margin
 * (a narrow window), the note of the place the article was opened at is shown above the text
 * instead, under the bar. Reads the layout; props only.
 */
export function PlaceNotes({ places, bodyRef, layoutKey, currentPlaceId }: Props) {
  const [placed, setPlaced] = useState<Placed[]>([]);
  const [margin, setMargin] = useState(true);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const noted = places.filter((p) => p.note);

  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!body || noted.length === 0) return setPlaced([]);
    const measure = () => {
      const column = body.closest('.reader-column') as HTMLElement | null;
      const base = (column ?? body).getBoundingClientRect();
      setMargin(window.innerWidth - base.right >= MARGIN_NOTE_ROOM);
      const blocks = blocksOf(body);
      setPlaced(noted.flatMap((place) => (blocks[place.position.block] ? [{ place, top: blocks[place.position.block]!.getBoundingClientRect().top - base.top }] : [])));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(body);
    return () => observer.disconnect();
    // `noted` is derived from `places`; layoutKey is what moves the blocks.
  }, [places, bodyRef, layoutKey]);

  if (placed.length === 0) return null;
  if (!margin) {
    const current = placed.find((p) => p.place.placeId === currentPlaceId);
    if (!current || dismissed === current.place.placeId) return null;
    return (
      <aside className="place-note-card" aria-label="Note on this place">
        <p>{current.place.note}</p>
        <button type="button" className="link-button" aria-label="Hide the note" onClick={() => setDismissed(current.place.placeId)}>
          <span aria-hidden="true">×</span>
        </button>
      </aside>
    );
  }
  return (
    <div className="margin-notes" aria-label="Notes on bookmarked places" role="group">
      {placed.map(({ place, top }) => (
        <aside key={place.placeId} className={`margin-note${place.placeId === currentPlaceId ? ' is-current' : ''}`} style={{ top }} aria-label="Note">
          {place.note}
        </aside>
      ))}
    </div>
  );
}
