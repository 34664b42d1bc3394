/**
 * Which addresses are the app's own, for the shell's sender check and navigation guard. Plain
 * functions (no electron), tested directly.
 *
 * Never compare `URL.origin` here: in Node and in Chromium the origin of every URL whose scheme is
 * not one of the WHATWG "special" schemes (`offprint:`, `file:`, `data:`, `about:`, `smb:`, any
 * custom scheme) is the string "null", so `offprint://app` and `file:///etc/passwd` would have the
 * same origin. Scheme and host are compared explicitly instead.
 */

/** The app's own scheme: the renderer and stored images are served from offprint://app/. */
export const APP_SCHEME = 'offprint';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The one page of the app; its routes live in the hash. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** The address the window shows: the app scheme, or Vite's dev server in `npm run dev`. */
export interface AppAddress {
  protocol: string;
  host: string;
}

/** The address parts the checks compare; throws on an address that does not parse. */
export function appAddress(appUrl: string): AppAddress {
  const url = new URL(appUrl);
  if (!url.host) throw new Error(`The app's address ${appUrl} has no host.`);
  return { protocol: url.protocol, host: url.host };
}

function parse(target: string): URL | null {
  try {
    return new URL(target);
  } catch {
    return null;
  }
}

/** True when `target` is on the app's scheme and host (and port), with no user name or password. */
export function isOnAppHost(target: string, app: AppAddress): boolean {
  const url = parse(target);
  return url !== null && url.protocol === app.protocol && url.host === app.host && url.host !== '' && url.username === '' && url.password === '';
}

/**
 * True only for the app's index page (`/` or `/index.html`, no query; any hash, which is where the
 * routes are). Every other address on the app's host (a stored image, a bundle file) is not a page
 * the window may show.
 */
export function isAppIndex(target: string, app: AppAddress): boolean {
  if (!isOnAppHost(target, app)) return false;
  const url = new URL(target);
  return (url.pathname === '/' || url.pathname === '/index.html') && url.search === '';
}

/** What `will-navigate` and `will-redirect` decide: the window may only go to the app's index. */
export function mayNavigate(target: string, app: AppAddress): boolean {
  return isAppIndex(target, app);
}

/** The sending frame of an IPC call, as much of Electron's WebFrameMain as the check reads. */
export interface SenderFrame {
  url: string;
  /** The parent frame; null for a top-level frame. */
  parent: unknown;
}

/**
 * Only the app's own top-level page may call the library: a frame with no parent, that is the main
 * frame of its web contents, showing the app's index. A subframe, a `file:`/`data:`/`about:blank`
 * page, another scheme or a stored file opened on the app's host are all refused.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, isMainFrame: boolean, app: AppAddress): boolean {
  if (!frame || !isMainFrame || frame.parent !== null) return false;
  return isAppIndex(frame.url, app);
}
