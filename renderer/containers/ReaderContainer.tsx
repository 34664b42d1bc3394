import { useCallback, useEffect, useRef } from 'react';
import type { ShortcutAction } from '../../shared/keyboard';
import type { AnchoredHighlight, ReadingPosition, Settings } from '../../shared/types';
import { ReaderView } from '../components/ReaderView';
import { CaptureReportContainer } from './CaptureReportContainer';
import { useArticleActions } from '../hooks/useArticleActions';
import { useSettingsUpdate } from '../hooks/useSettingsUpdate';
import { useShortcuts } from '../hooks/useShortcuts';
import { routeHref } from '../route';
import { useApi, useDispatch, useSelector, useStore } from '../store/react';
import { selectSettings } from '../store/state';
import { useArticleNavigation } from '../hooks/useArticleNavigation';
import { useMarkActions } from '../hooks/useMarkActions';

const NO_HIGHLIGHTS: readonly AnchoredHighlight[] = [];

/**
 * The reader: the body fetched once per opening (and again only if it changed on disk), the bar
 * and header from the article's summary in the store. A bookmark, a read mark or a place is one
 * request; its answer (and the library's event) update the bar, never the body.
 */
export function ReaderContainer({ id, at, find, highlight = null }: { id: string; at: ReadingPosition | null; find: string | null; highlight?: string | null }) {
  const api = useApi();
  const dispatch = useDispatch();
  const store = useStore();
  const reader = useSelector((state) => state.reader);
  const article = useSelector((state) => state.articles.byId[id]);
  const settings = useSelector(selectSettings);
  const backHref = useSelector((state) => (state.ui.origin?.id === id ? state.ui.origin.hash : routeHref({ name: 'library', view: 'all' })));
  const updateSettings = useSettingsUpdate();
  const actions = useArticleActions();
  const navigation = useArticleNavigation(id);
  const marks = useSelector((state) => state.marks);
  const markActions = useMarkActions(id);

  const load = useCallback(() => {
    dispatch({ type: 'reader/requested', id });
    api.getArticle({ id }).then(
      (loaded) => dispatch({ type: 'reader/loaded', article: loaded }),
      (error: Error) => dispatch({ type: 'reader/failed', id, message: error.message }),
    );
  }, [api, dispatch, id]);
  useEffect(load, [load]);
  const stale = reader.id === id && reader.stale && !reader.loading;
  useEffect(() => {
    if (stale) load();
  }, [stale, load]);
  // Opened from elsewhere than the list it was left at: going back goes to the library.
  useEffect(() => {
    const origin = store.getState().ui.origin;
    if (origin && origin.id !== id) dispatch({ type: 'ui/origin', origin: null });
  }, [id, store, dispatch]);

  // Where to open, decided once per opening: a bookmarked place, a search match, or where the reader stopped.
  const opening = useRef<{ id: string; at: ReadingPosition | null } | null>(null);
  const ready = reader.id === id && reader.html !== null && article !== undefined;
  if (ready && opening.current?.id !== id) opening.current = { id, at: at ?? (find || highlight ? null : article.position) };

  const onSettings = useCallback((patch: Partial<Settings>) => void updateSettings(patch), [updateSettings]);
  const onSaveProgress = useCallback(
    (position: ReadingPosition, progress: number) =>
      void api.saveProgress({ id, position, progress }).then(
        (summary) => dispatch({ type: 'articles/received', articles: [summary] }),
        // Progress is saved again at the next scroll; nothing to tell the reader.
        () => undefined,
      ),
    [api, dispatch, id],
  );

  const remove = () => {
    if (!article) return;
    actions.scheduleDelete(article);
    window.location.hash = backHref;
  };

  useShortcuts((action: ShortcutAction) => {
    if (!article) return false;
    if (action === 'bookmark') void actions.toggleBookmark(article);
    else if (action === 'mark-read') void actions.setRead(article, !article.readAt);
    else if (action === 'archive') void actions.toggleArchived(article);
    else if (action === 'delete') remove();
    else if (action === 'tag') dispatch({ type: 'ui/tags', id: article.id });
    else if (action === 'next-article' || action === 'previous-article') navigation.step(action === 'next-article' ? 1 : -1);
    else return false;
  });

  if (reader.id === id && reader.error) {
    return (
      <p role="alert" className="load-error">
        {reader.error}
      </p>
    );
  }
  if (!ready || reader.html === null) return <p className="loading">Opening…</p>;
  return (
    <ReaderView
      article={article}
      html={reader.html}
      places={reader.places}
      highlights={marks.articleId === id ? marks.highlights : NO_HIGHLIGHTS}
      note={marks.articleId === id ? marks.note : null}
      {...markActions}
      onEditTags={() => dispatch({ type: 'ui/tags', id: article.id })}
      settings={settings}
      initialPosition={opening.current?.at ?? null}
      openedPlace={at}
      find={at ? null : find}
      openHighlight={highlight}
      backHref={backHref}
      onSettings={onSettings}
      onToggleBookmark={() => void actions.toggleBookmark(article)}
      onRetryImages={async () => {
        // The new summary says the images changed: the reader fetches the body again (store/reader.ts).
        const summary = await api.retryImages({ id });
        dispatch({ type: 'articles/received', articles: [summary] });
        return summary;
      }}
      onSaveProgress={onSaveProgress}
      onAddPlace={(position, snippet, note) =>
        void api.addPlaceBookmark({ id, position, snippet, note: note || undefined }).then(
          (place) => {
            dispatch({ type: 'place/added', place });
            dispatch({ type: 'toast/shown', toast: { kind: 'place-saved', articleId: id } });
          },
          (error: Error) => dispatch({ type: 'toast/shown', toast: { kind: 'message', text: `The place was not saved: ${error.message}` } }),
        )
      }
      onSetRead={(read) => void actions.setRead(article, read)}
      onToggleArchived={() => void actions.toggleArchived(article)}
      onDelete={remove}
      onRetryDownload={() => actions.retryDownload(article)}
      onNextUnread={navigation.hasNextUnread ? navigation.nextUnread : null}
      aboutThisCopy={() => <CaptureReportContainer id={id} onBodyChanged={load} />}
    />
  );
}
