import { useEffect } from 'react';
import { ExportForm } from '../components/ExportForm';
import { ImportForm } from '../components/ImportForm';
import { ImportList } from '../components/ImportList';
import { readFileAsBase64 } from '../base64';
import { useApi, useDispatch, useSelector } from '../store/react';

/**
 * The "Import and export" screen (issue 15), connected. The imports are read once when it opens;
 * after that each `importProgress` event updates them (store/imports.ts), and the failed
 * downloads are read again only when an event changes how many failed.
 */
export function ImportExportContainer() {
  const api = useApi();
  const dispatch = useDispatch();
  const state = useSelector((s) => s.imports);
  const tags = useSelector((s) => s.tags);
  const failedCount = state.list?.reduce((sum, i) => sum + i.failed, 0) ?? 0;

  useEffect(() => {
    api.listImports({}).then(
      ({ imports }) => dispatch({ type: 'imports/loaded', imports }),
      (error: Error) => dispatch({ type: 'imports/failed', message: error.message }),
    );
    if (!tags.loaded) api.listTags({}).then((list) => dispatch({ type: 'tags/loaded', tags: list }), (error: unknown) => console.error('Offprint: the tags were not read', error));
    // Once per opening; the tags' own event keeps them after that.
  }, [api, dispatch]);

  useEffect(() => {
    api.listDownloads({ status: 'failed', limit: 50 }).then(
      (page) => dispatch({ type: 'imports/failedDownloads', items: page.items, total: page.failed }),
      (error: unknown) => console.error('Offprint: the failed downloads were not read', error),
    );
  }, [api, dispatch, failedCount]);

  const control = (run: () => Promise<unknown>) =>
    void run().then(
      (summary) => dispatch({ type: 'imports/progressed', summary: summary as Awaited<ReturnType<typeof api.pauseImport>> }),
      (error: Error) => dispatch({ type: 'imports/failed', message: error.message }),
    );

  return (
    <section aria-labelledby="view-title" className="transfer">
      <h1 id="view-title" className="view-title">
        Import and export
      </h1>
      <h2>Import</h2>
      <p className="muted">Every entry is listed at once as an article waiting to be downloaded; the pages are then downloaded in the background.</p>
      <ImportForm
        sending={state.sending}
        error={state.error}
        onImport={({ file, format, download, wayback }) => {
          dispatch({ type: 'imports/sending', name: file.name });
          readFileAsBase64(file)
            .then((base64) => api.importFile({ file: { name: file.name, base64 }, format, download, wayback }))
            .then(
              (answer) => dispatch({ type: 'imports/accepted', summary: answer.import }),
              (error: Error) => dispatch({ type: 'imports/failed', message: error.message }),
            );
        }}
      />
      <ImportList
        imports={state.list}
        failed={state.failedDownloads}
        onPause={(id) => control(() => api.pauseImport({ id }))}
        onResume={(id) => control(() => api.resumeImport({ id }))}
        onCancel={(id) => control(() => api.cancelImport({ id }))}
        onRetryFailed={() => void api.retryDownloads({}).catch((error: Error) => dispatch({ type: 'imports/failed', message: error.message }))}
      />
      <h2>Export</h2>
      <ExportForm
        tags={tags.items.map((t) => t.name)}
        busy={state.exporting}
        result={state.exported}
        error={state.exportError}
        onExport={(choice) => {
          dispatch({ type: 'exports/requested' });
          api.exportArticles(choice).then(
            (result) => dispatch({ type: 'exports/written', result }),
            (error: Error) => dispatch({ type: 'exports/failed', message: error.message }),
          );
        }}
      />
    </section>
  );
}
