import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

/** The app's own origin: the renderer and stored images are served from offprint://app/. */
export const APP_SCHEME = 'offprint';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** Must run before the app is ready: makes offprint: a secure, standard scheme (not file://). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the built renderer and each article's stored images, with the strict CSP and nosniff. */
export function handleAppScheme(rendererDir: string, articlesDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return new Response('Not found', { status: 404 });
    let file: string | null;
    try {
      if (url.pathname.startsWith('/assets/')) {
        const parts = url.pathname.slice('/assets/'.length).split('/').map(decodeURIComponent);
        file = parts.length === 2 && parts.every((p) => /^[a-z0-9][a-z0-9._-]*$/i.test(p)) ? join(articlesDir, parts[0]!, 'images', parts[1]!) : null;
      } else {
        const candidate = normalize(join(rendererDir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
        file = candidate.startsWith(rendererDir + sep) ? candidate : null;
      }
    } catch {
      // A malformed %-escape: no such file.
      file = null;
    }
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      return new Response(body, {
        headers: {
          'content-type': type,
          'content-security-policy': type === 'image/svg+xml' ? "default-src 'none'; style-src 'unsafe-inline'; sandbox" : CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
          'cross-origin-resource-policy': 'same-origin',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
