/**
 * The Content-Security-Policy of every page the app shows, in the desktop window and from
 * `offprint serve`, for the app at `appOrigin` (`offprint://app`, or serve's `http://127.0.0.1:PORT`).
 *
 * Script only from the app's own bundle folder (`<origin>/bundle/`, where Vite writes the built
 * scripts), not from the whole origin: a file that got into the origin some other way (a stored
 * file, a planted one) can never be script. Styles, fonts and data from the app's own origin, images
 * from it or inline data, nothing from the network, no plugins, no frames, no workers, no forms.
 */
export function contentSecurityPolicy(appOrigin: string): string {
  return [
    "default-src 'none'",
    `script-src ${appOrigin}/bundle/`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
