import { useCallback, useEffect } from 'react';
import { HighlightsView } from '../components/HighlightsView';
import { downloadText } from '../download';
import { useApi, useDispatch, useSelector, useStore } from '../store/react';

const PAGE = 50;

/** The Highlights view: the library's highlights a page at a time, newest first, asked again when one changed; export as Markdown. */
export function HighlightsContainer() {
  const api = useApi();
  const dispatch = useDispatch();
  const store = useStore();
  const view = useSelector((state) => state.highlights);

  const fetchPage = useCallback(
    (offset: number) => {
      dispatch({ type: 'highlights/requested', offset });
      api.listHighlights({ offset, limit: PAGE }).then(
        (page) => dispatch({ type: 'highlights/loaded', offset, page }),
        (error: Error) => dispatch({ type: 'highlights/failed', message: error.message }),
      );
    },
    [api, dispatch],
  );
  useEffect(() => {
    const current = store.getState().highlights;
    if (!current.loaded || current.stale) fetchPage(0);
  }, [store, fetchPage]);

  const exportAll = () =>
    void api.exportHighlights({ format: 'markdown' }).then(
      (file) => downloadText(file.filename, file.content, 'text/markdown'),
      (error: Error) => dispatch({ type: 'toast/shown', toast: { kind: 'message', text: `The highlights were not exported: ${error.message}` } }),
    );

  return (
    <section aria-labelledby="view-title" className="library">
      <div className="view-head">
        <h1 id="view-title" className="view-title">
          Highlights
        </h1>
      </div>
      {view.error && (
        <p role="alert" className="load-error">
          {view.error}
        </p>
      )}
      {view.loaded && (
        <HighlightsView
          entries={view.items}
          total={view.total}
          onExport={exportAll}
          onMore={view.items.length < view.total && !view.loading ? () => fetchPage(view.items.length) : null}
        />
      )}
    </section>
  );
}
