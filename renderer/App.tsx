import { useCallback } from 'react';
import type { OffprintApi } from '../shared/api';
import { DEFAULT_TEXT_SIZE } from '../shared/text-size';
import type { ArticleSummary } from '../shared/types';
import { ArticleList } from './components/ArticleList';
import { ReaderView } from './components/ReaderView';
import { SaveForm } from './components/SaveForm';
import { SaveQueue } from './components/SaveQueue';
import { useDropToSave } from './hooks/useDropToSave';
import { useSaves } from './hooks/useSaves';
import { sourceFromFile } from './read-file';
import { useAsync } from './hooks/useAsync';
import { useRoute } from './hooks/useRoute';
import { useSettings } from './hooks/useSettings';

interface Props {
  api: OffprintApi;
}

/** Connects the views to the library: the only component that talks to the API. */
export function App({ api }: Props) {
  const route = useRoute();
  const { settings, update: updateSettings } = useSettings(api);
  const textSize = settings?.textSize ?? DEFAULT_TEXT_SIZE;

  const listView = route.name === 'bookmarks' ? 'bookmarks' : 'library';
  const list = useAsync(
    () => (listView === 'bookmarks' ? api.listBookmarks({}) : api.listArticles({ limit: 200 }).then((p) => p.items)),
    [api, listView],
  );
  const articleId = route.name === 'article' ? route.id : null;
  const article = useAsync(() => (articleId ? api.getArticle({ id: articleId }) : Promise.resolve(null)), [api, articleId]);

  const { reload: reloadList } = list;
  const saves = useSaves(
    api,
    useCallback(() => reloadList(), [reloadList]),
  );
  const saveUrl = useCallback((url: string) => void saves.save({ kind: 'url', url }, url), [saves]);
  useDropToSave(saveUrl);

  const toggleBookmark = useCallback(
    async (target: ArticleSummary) => {
      await api.setBookmarked({ id: target.id, bookmarked: !target.bookmarked });
      list.reload();
      if (article.value && article.value.id === target.id) article.setValue({ ...article.value, bookmarked: !target.bookmarked });
    },
    [api, list, article],
  );

  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/">
          Offprint
        </a>
        <nav aria-label="Views" className="views">
          <a href="#/" aria-current={route.name === 'library' ? 'page' : undefined}>
            Library
          </a>
          <a href="#/bookmarks" aria-current={route.name === 'bookmarks' ? 'page' : undefined}>
            Bookmarks
          </a>
        </nav>
        <SaveForm
          onSaveUrl={saveUrl}
          onSaveText={(text, title) => void saves.save({ kind: 'text', text, title }, title ?? 'Pasted text')}
          onSaveFile={(file) => void sourceFromFile(file).then((source) => saves.save(source, file.name))}
        />
      </header>
      <SaveQueue jobs={saves.jobs} onDismiss={saves.dismiss} />
      <main id="main" className="content">
        {route.name === 'article' ? (
          article.error ? (
            <p role="alert" className="load-error">
              {article.error}
            </p>
          ) : article.value ? (
            <ReaderView
              article={article.value}
              textSize={textSize}
              onTextSize={(size) => void updateSettings({ textSize: size })}
              onToggleBookmark={() => void toggleBookmark(article.value!)}
              onRetryImages={async () => {
                await api.retryImages({ id: article.value!.id });
                article.reload();
              }}
            />
          ) : (
            <p className="loading">Opening…</p>
          )
        ) : (
          <section aria-labelledby="view-title">
            <h1 id="view-title" className="view-title">
              {listView === 'bookmarks' ? 'Bookmarks' : 'Library'}
            </h1>
            {list.error && (
              <p role="alert" className="load-error">
                {list.error}
              </p>
            )}
            {list.value && (
              <ArticleList
                articles={list.value}
                label={listView === 'bookmarks' ? 'Bookmarked articles' : 'Saved articles'}
                emptyText={listView === 'bookmarks' ? 'No bookmarks yet. Press ☆ on an article to keep it here.' : 'Nothing saved yet. Paste an article address above to save it for offline reading.'}
                onToggleBookmark={(a) => void toggleBookmark(a)}
              />
            )}
          </section>
        )}
      </main>
    </div>
  );
}
