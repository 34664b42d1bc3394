import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, shell, type WebContents } from 'electron';
import { parseWebUrl } from '../../shared/url';
import { type AppAddress, appAddress, mayNavigate } from './decisions/app-address';
import { loadFailureMessage } from './decisions/load-failure';
import { log } from '../log';

const here = dirname(fileURLToPath(import.meta.url));

/** Background failures of the window go to the log: there is no caller left to tell. */
function logFailure(what: string): (error: unknown) => void {
  return (error) => log.error(what, error);
}

/** Opens an address in the system browser, only if it parses as http(s). */
export function openExternalSafely(target: string): void {
  const url = parseWebUrl(target);
  if (url) shell.openExternal(url.href).catch(logFailure(`could not open ${url.href} in the browser`));
}

/**
 * The one app window, with Electron's secure defaults spelled out: isolated, sandboxed, no Node in
 * the renderer. It may never navigate anywhere but the app's index or open windows; web links go to
 * the system browser through a checked openExternal. A failed load shows the window with a message.
 */
export function createMainWindow(appUrl: string): BrowserWindow {
  const address: AppAddress = appAddress(appUrl);
  const window = new BrowserWindow({
    width: 1200,
    height: 860,
    minWidth: 480,
    minHeight: 400,
    title: 'Offprint',
    show: false,
    backgroundColor: '#fbfaf7',
    webPreferences: {
      preload: join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click opens links as new windows; the app has no use for it (Electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
      // No developer tools in a packaged app: a user talked into opening them could paste code into the app's origin.
      devTools: !app.isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (mayNavigate(url, address)) return;
    event.preventDefault();
    openExternalSafely(url);
  });
  window.webContents.on('will-redirect', (event, url) => {
    if (!mayNavigate(url, address)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.webContents.on('did-fail-load', (_event, errorCode, errorDescription, validatedURL, isMainFrame) => {
    const failure = loadFailureMessage({ errorCode, errorDescription, url: validatedURL, isMainFrame }, address.protocol !== 'offprint:');
    if (!failure || window.isDestroyed()) return;
    window.show();
    dialog
      .showMessageBox(window, { type: 'error', title: failure.title, message: failure.message, detail: failure.detail, buttons: ['Try again', 'Quit'], defaultId: 0, cancelId: 1 })
      .then(({ response }) => {
        if (response === 0) window.loadURL(appUrl).catch(logFailure(`could not load ${appUrl}`));
        else app.quit();
      })
      .catch(logFailure('could not show the load error'));
  });
  // A failed load is also reported by did-fail-load above, which tells the reader; this is for the log.
  window.loadURL(appUrl).catch(logFailure(`could not load ${appUrl}`));
  return window;
}

/** Brings the app's window to the front (a second launch wants it), making one if none is open. */
export function revealWindow(appUrl: string): BrowserWindow {
  const window = BrowserWindow.getAllWindows()[0] ?? createMainWindow(appUrl);
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
  return window;
}

/**
 * The same limits for every web contents the app ever creates (not only the main window): no
 * webviews, no new windows, web links only through the checked openExternal.
 */
export function guardAllWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternalSafely(url);
      return { action: 'deny' };
    });
  });
}
