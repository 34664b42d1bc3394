import { useState } from 'react';
import { tagKey } from '../../shared/annotations';
import { TagActions } from '../components/TagActions';
import { routeHref } from '../route';
import { useApi, useSelector } from '../store/react';
import { ScopedListContainer } from './ScopedListContainer';

/** A tag's own view: its articles, and renaming, merging or deleting it across the library. */
export function TagViewContainer({ tag }: { tag: string }) {
  const api = useApi();
  const summary = useSelector((state) => state.tags.items.find((t) => tagKey(t.name) === tagKey(tag)));
  const tags = useSelector((state) => state.tags.items);
  const [error, setError] = useState<string | null>(null);
  const name = summary?.name ?? tag;
  const rename = (to: string) => {
    const existing = tags.find((t) => tagKey(t.name) === tagKey(to) && tagKey(t.name) !== tagKey(name));
    const done = existing ? api.mergeTags({ tags: [name], into: existing.name }) : api.renameTag({ tag: name, name: to });
    // The tags come back by the library's event; the view follows the tag to its new name.
    done.then(
      (result) => {
        setError(null);
        window.location.hash = routeHref({ name: 'tag', tag: result.name });
      },
      (e: Error) => setError(e.message),
    );
  };
  return (
    <section aria-labelledby="view-title" className="library">
      <div className="view-head">
        <h1 id="view-title" className="view-title">
          <span className="view-kind">Tag</span> {name}
        </h1>
        <TagActions
          key={name}
          tag={name}
          count={summary?.count ?? 0}
          error={error}
          onRename={rename}
          onDelete={() =>
            void api.deleteTag({ tag: name }).then(
              () => (window.location.hash = routeHref({ name: 'library', view: 'all' })),
              (e: Error) => setError(e.message),
            )
          }
        />
      </div>
      <p className="view-hint">
        Search within it: <kbd>/</kbd> then <code>tag:{name.includes(' ') ? `"${name}"` : name}</code> and your words.
      </p>
      <ScopedListContainer scope={{ kind: 'tag', tag: name }} label={`Articles tagged ${name}`} emptyText={`No article is tagged “${name}”.`} />
    </section>
  );
}
