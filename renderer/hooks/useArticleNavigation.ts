import { useCallback } from 'react';
import { listKey } from '../store/lists';
import { useApi, useDispatch, useSelector, useStore } from '../store/react';
import { routeHref } from '../route';

/**
 * Going from the article being read to another: Shift+J/K walk the list it was opened from (as far
 * as it is loaded), "Next unread" takes the first unread article that is not this one (from the
 * Unread list if the page has it, else asked for). The list's origin follows, so going back focuses
 * the row of the article last read.
 */
export function useArticleNavigation(id: string) {
  const api = useApi();
  const dispatch = useDispatch();
  const store = useStore();
  const current = useSelector((state) => state.articles.byId[id]);
  const unread = useSelector((state) => state.counts.value?.unread ?? 0);
  const hasNextUnread = unread > (current && !current.readAt && !current.archivedAt ? 1 : 0);

  const go = useCallback(
    (next: string) => {
      const { origin } = store.getState().ui;
      dispatch({ type: 'ui/origin', origin: origin ? { ...origin, id: next } : null });
      window.location.hash = routeHref({ name: 'article', id: next });
    },
    [store, dispatch],
  );

  const step = useCallback(
    (direction: 1 | -1) => {
      const state = store.getState();
      const key = state.ui.origin?.listKey ?? listKey('all', state.settings.value?.sort ?? 'newest');
      const ids = state.lists[key]?.ids ?? [];
      const at = ids.indexOf(id);
      const next = at < 0 ? undefined : ids[at + direction];
      if (next) go(next);
    },
    [store, id, go],
  );

  const nextUnread = useCallback(() => {
    const state = store.getState();
    const known = Object.values(state.lists).find((list) => list.view === 'unread')?.ids.find((other) => other !== id);
    if (known) return go(known);
    api.listArticles({ view: 'unread', limit: 3 }).then(
      (page) => {
        dispatch({ type: 'articles/received', articles: page.items });
        const next = page.items.find((a) => a.id !== id);
        if (next) go(next.id);
      },
      (error: Error) => dispatch({ type: 'toast/shown', toast: { kind: 'message', text: error.message } }),
    );
  }, [api, dispatch, store, id, go]);

  return { step, nextUnread, hasNextUnread };
}
