import { type FormEvent, useState } from 'react';
import type { ArticleSummary, BookmarkEntry, PlaceBookmark } from '../../shared/types';
import { displayTitle } from '../display-title';
import { relativeDate } from '../format';
import { routeHref } from '../route';
import { Thumbnail } from './Thumbnail';
import { VirtualList } from './VirtualList';

/** One article of the Bookmarks view: its own bookmark (if it has one) and its places, in reading order. */
export interface BookmarkGroup {
  article: ArticleSummary;
  bookmarkedAt: string | null;
  places: PlaceBookmark[];
  /** The newest of its entries, which orders the groups. */
  latest: string;
}

/** Groups entries (newest first) under their article, keeping the order of each article's newest entry. */
export function groupBookmarks(entries: readonly BookmarkEntry[]): BookmarkGroup[] {
  const groups = new Map<string, BookmarkGroup>();
  for (const entry of entries) {
    let group = groups.get(entry.article.id);
    if (!group) groups.set(entry.article.id, (group = { article: entry.article, bookmarkedAt: null, places: [], latest: entry.createdAt }));
    group.article = entry.article;
    if (entry.kind === 'article') group.bookmarkedAt = entry.createdAt;
    else group.places.push(entry.place);
  }
  for (const group of groups.values()) group.places.sort((a, b) => a.position.block - b.position.block || a.position.offset - b.position.offset);
  return [...groups.values()];
}

interface Props {
  groups: readonly BookmarkGroup[];
  onRemoveArticle: (article: ArticleSummary) => void;
  onRemovePlace: (article: ArticleSummary, place: PlaceBookmark) => void;
  onEditNote: (place: PlaceBookmark, note: string) => void;
}

function NoteEditor({ place, onSave, onCancel }: { place: PlaceBookmark; onSave: (note: string) => void; onCancel: () => void }) {
  const [note, setNote] = useState(place.note ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(note);
  };
  return (
    <form className="note-editor" onSubmit={submit} aria-label="Edit note">
      <label>
        Note
        <textarea
          value={note}
          rows={2}
          autoFocus
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              onCancel();
            }
          }}
        />
      </label>
      <div className="dialog-actions">
        <button type="button" className="small" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="small primary">
          Save note
        </button>
      </div>
    </form>
  );
}

function Group({ group, onRemoveArticle, onRemovePlace, onEditNote }: { group: BookmarkGroup } & Omit<Props, 'groups'>) {
  const { article } = group;
  const [editing, setEditing] = useState<string | null>(null);
  const title = displayTitle(article);
  return (
    <article className="bookmark-group" aria-label={title}>
      <div className="article-row">
        <Thumbnail article={article} />
        <div className="article-row-text">
          <a className="article-title" href={routeHref({ name: 'article', id: article.id })} lang={article.lang ?? undefined} dir="auto">
            {title}
          </a>
          <p className="article-meta">
            {[article.siteName, group.bookmarkedAt ? `Bookmarked ${relativeDate(group.bookmarkedAt)}` : null, group.places.length ? `${group.places.length} ${group.places.length === 1 ? 'place' : 'places'}` : null].filter(Boolean).join(' · ')}
          </p>
        </div>
        {group.bookmarkedAt && (
          <div className="row-actions always">
            <button type="button" className="small" onClick={() => onRemoveArticle(article)} aria-label={`Remove bookmark: ${title}`}>
              Remove
            </button>
          </div>
        )}
      </div>
      {group.places.length > 0 && (
        <ul className="places" aria-label={`Places in ${title}`}>
          {group.places.map((place) => (
            <li key={place.placeId} className="place">
              <a className="place-snippet" href={routeHref({ name: 'article', id: article.id, at: place.position })} lang={article.lang ?? undefined} dir={article.dir ?? 'auto'}>
                “{place.snippet}”
              </a>
              {editing === place.placeId ? (
                <NoteEditor
                  place={place}
                  onCancel={() => setEditing(null)}
                  onSave={(note) => {
                    setEditing(null);
                    onEditNote(place, note);
                  }}
                />
              ) : (
                place.note && <p className="place-note">Note: {place.note}</p>
              )}
              <div className="place-actions">
                {editing !== place.placeId && (
                  <button type="button" className="small" onClick={() => setEditing(place.placeId)} aria-label={`${place.note ? 'Edit note' : 'Add a note'}: ${place.snippet.slice(0, 40)}`}>
                    {place.note ? 'Edit note' : 'Add a note'}
                  </button>
                )}
                <button type="button" className="small" onClick={() => onRemovePlace(article, place)} aria-label={`Remove bookmark: ${place.snippet.slice(0, 40)}`}>
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

/** Bookmarked articles and places, grouped under their article, newest first; a place opens the article there. Props only. */
export function BookmarksView({ groups, ...actions }: Props) {
  if (groups.length === 0) return <p className="empty">No bookmarks yet. Press ☆ on an article, or “Bookmark this place” in the reader’s ⋯ menu.</p>;
  return (
    <VirtualList
      count={groups.length}
      label="Bookmarked articles"
      estimateSize={120}
      getKey={(i) => groups[i]!.article.id}
      articleIdOf={(i) => groups[i]!.article.id}
      renderItem={(i) => <Group group={groups[i]!} {...actions} />}
    />
  );
}
