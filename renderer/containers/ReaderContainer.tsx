import { useCallback, useEffect, useRef } from 'react';
import type { ShortcutAction } from '../../shared/keyboard';
import type { ReadingPosition, Settings } from '../../shared/types';
import { ReaderView } from '../components/ReaderView';
import { CaptureReportContainer } from './CaptureReportContainer';
import { useArticleActions } from '../hooks/useArticleActions';
import { useSettingsUpdate } from '../hooks/useSettingsUpdate';
import { useShortcuts } from '../hooks/useShortcuts';
import { useApi, useDispatch, useSelector } from '../store/react';
import { selectSettings } from '../store/state';

/**
 * The reader: the body fetched once per opening (and again only if it changed on disk), the header
 * from the article's summary in the store. A bookmark, a read mark or a place is one request; its
 * answer (and the library's event) update the header, never the body.
 */
export function ReaderContainer({ id, at }: { id: string; at: ReadingPosition | null }) {
  const api = useApi();
  const dispatch = useDispatch();
  const reader = useSelector((state) => state.reader);
  const article = useSelector((state) => state.articles.byId[id]);
  const settings = useSelector(selectSettings);
  const updateSettings = useSettingsUpdate();
  const actions = useArticleActions();

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

  // Where to open, decided once per opening: a bookmarked place, or where the reader stopped.
  const opening = useRef<{ id: string; at: ReadingPosition | null } | null>(null);
  const ready = reader.id === id && reader.html !== null && article !== undefined;
  if (ready && opening.current?.id !== id) opening.current = { id, at: at ?? article.position };

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

  useShortcuts((action: ShortcutAction) => {
    if (action !== 'bookmark') return false;
    if (article) void actions.toggleBookmark(article);
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
      settings={settings}
      initialPosition={opening.current?.at ?? null}
      onSettings={onSettings}
      onToggleBookmark={() => void actions.toggleBookmark(article)}
      onRetryImages={async () => {
        // The new summary says the images changed: the reader fetches the body again (store/reader.ts).
        dispatch({ type: 'articles/received', articles: [await api.retryImages({ id })] });
      }}
      onSaveProgress={onSaveProgress}
      onAddPlace={(position, snippet, note) =>
        void api.addPlaceBookmark({ id, position, snippet, note: note || undefined }).then(
          (place) => dispatch({ type: 'place/added', place }),
          (error: unknown) => console.error('Offprint: the place was not bookmarked', error),
        )
      }
      onSetRead={(read) => void actions.setRead(article, read)}
      aboutThisCopy={(onClose) => <CaptureReportContainer id={id} onBodyChanged={load} onClose={onClose} />}
    />
  );
}
