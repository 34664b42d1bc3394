/**
 * What the window says when its page did not load (`did-fail-load`), in words: a hidden window
 * with nothing in it tells the reader nothing. Plain function, tested directly.
 */

/** Chromium's code for a load replaced by another (a redirect or a second loadURL): not a failure. */
export const LOAD_ABORTED = -3;

export interface LoadFailure {
  errorCode: number;
  errorDescription: string;
  url: string;
  isMainFrame: boolean;
}

export interface LoadFailureMessage {
  title: string;
  message: string;
  detail: string;
}

/** The message for a failed load of the window's own page, or null when there is nothing to say. */
export function loadFailureMessage(failure: LoadFailure, devServer: boolean): LoadFailureMessage | null {
  if (!failure.isMainFrame || failure.errorCode === LOAD_ABORTED) return null;
  const what = failure.errorDescription || `error ${failure.errorCode}`;
  const hint = devServer
    ? 'The Vite dev server did not answer: is `npm run dev` still running?'
    : /FILE_NOT_FOUND|NOT_FOUND/.test(what)
      ? "The app's own files are missing: run `npm run build` (or reinstall Offprint)."
      : 'Try again; if it keeps happening, reinstall Offprint.';
  return {
    title: 'Offprint could not show its window',
    message: `Offprint's window could not load ${failure.url || 'its page'} (${what}).`,
    detail: hint,
  };
}
