import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, shell, type WebContents } from 'electron';
import { parseWebUrl } from '../../shared/url';

const here = dirname(fileURLToPath(import.meta.url));

/** Opens an address in the system browser, only if it parses as http(s). */
export function openExternalSafely(target: string): void {
  const url = parseWebUrl(target);
  if (url) void shell.openExternal(url.href);
}

/** True when `target` is one of the app's own pages. */
function isAppUrl(target: string, appUrl: string): boolean {
  try {
    return new URL(target).origin === new URL(appUrl).origin;
  } catch {
    return false;
  }
}

/**
 * The one app window, with Electron's secure defaults spelled out: isolated, sandboxed, no Node in
 * the renderer. It may never navigate away from the app or open windows; web links go to the system
 * browser through a checked openExternal.
 */
export function createMainWindow(appUrl: string): BrowserWindow {
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
    if (isAppUrl(url, appUrl)) return;
    event.preventDefault();
    openExternalSafely(url);
  });
  window.webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  void window.loadURL(appUrl);
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
