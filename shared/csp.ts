/**
 * The Content-Security-Policy of every page the app shows, in the desktop window and from
 * `offprint serve`: scripts, styles, fonts and data only from the app's own origin, images from the
 * app's own origin or inline data, nothing from the network, no plugins, no frames, no forms.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
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
