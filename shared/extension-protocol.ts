/**
 * The browser extension's channel to Offprint (issue 16): one definition for both ends, the
 * extension (renderer/extension/) and the app's listener (electron/server/extension-endpoint.ts).
 * Plain constants and types only: the extension bundles this file.
 *
 * Every request is a POST of JSON to `http://127.0.0.1:<port><EXTENSION_PATH_PREFIX>…` carrying
 * `EXTENSION_HEADER: EXTENSION_PROTOCOL` (a header a web page cannot send without a CORS preflight,
 * which Offprint never answers), an `Origin` of the extension itself, and, once paired,
 * `EXTENSION_TOKEN_HEADER: <token>`. Nothing is ever answered with CORS headers.
 */

/** The port the desktop app and `offprint serve` listen on for the extension unless told otherwise. */
export const DEFAULT_EXTENSION_PORT = 27183;
export const EXTENSION_PATH_PREFIX = '/offprint-extension/v1/';
/** The custom header every request carries; its value is the protocol version. */
export const EXTENSION_HEADER = 'x-offprint-extension';
export const EXTENSION_PROTOCOL = '1';
/** The header the paired extension's token travels in. */
export const EXTENSION_TOKEN_HEADER = 'x-offprint-extension-token';

/** What the extension may send, at most: the same limits as any page Offprint fetches itself. */
export const EXTENSION_LIMITS = {
  /** The rendered page, as UTF-8 bytes (the page fetch limit). */
  pageBytes: 15 * 1024 * 1024,
  /** One image (the image fetch limit). */
  imageBytes: 10 * 1024 * 1024,
  /** Images per save (the per-article limit). */
  images: 200,
  /** All the images of one save together; the rest are left for Offprint to fetch itself. */
  allImageBytes: 48 * 1024 * 1024,
  /** A whole request (base64 makes the images a third larger). */
  requestBytes: 96 * 1024 * 1024,
} as const;

export type ExtensionBrowser = 'chromium' | 'firefox';

/** `chrome-extension://<32 letters a-p>` or `moz-extension://<uuid>`: the only origins the listener answers. */
export function isExtensionOrigin(origin: string | null | undefined): origin is string {
  return typeof origin === 'string' && (/^chrome-extension:\/\/[a-p]{32}$/.test(origin) || /^moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(origin));
}

/** The browser an extension origin belongs to. */
export function browserOfOrigin(origin: string): ExtensionBrowser {
  return origin.startsWith('moz-extension:') ? 'firefox' : 'chromium';
}

// The requests and their answers, by path (after EXTENSION_PATH_PREFIX).

/** `hello`: is Offprint there, and does it know this extension (sent with its token, if it has one)? */
export interface HelloAnswer {
  app: 'offprint';
  protocol: string;
  /** True when the request carried the token of a pairing of this extension's origin. */
  paired: boolean;
}

/** `pair`: the extension asks to be paired; `nonce` is a secret it keeps to collect its token. */
export interface PairRequest {
  name: string;
  nonce: string;
}

export interface PairAnswer {
  requestId: string;
  /** The short code Offprint shows the reader too: they approve when both say the same. */
  code: string;
  expiresAt: string;
}

/** `pair-status`: has the reader approved yet? The token is handed over once, to the origin and nonce that asked. */
export interface PairStatusRequest {
  requestId: string;
  nonce: string;
}

export type PairStatusAnswer = { status: 'pending' } | { status: 'approved'; token: string; pairingId: string } | { status: 'denied' } | { status: 'expired' };

/** One image the page showed, fetched by the extension with the browser's session. Its type is never trusted: the bytes are sniffed. */
export interface SentImage {
  url: string;
  /** The bytes, base64. */
  data: string;
}

/** `save`: a page as the reader sees it, a selection of it, or a link by its address. */
export type SaveRequest =
  | {
      kind: 'page';
      url: string;
      title: string;
      /** The rendered DOM after scripts ran (lazy images resolved where the extension could), serialised. */
      html: string;
      /** True when `html` is the reader's selection, to be saved as the article as it is (no extraction). */
      selection: boolean;
      images: SentImage[];
    }
  | { kind: 'link'; url: string; title?: string };

export interface SaveAnswer {
  id: string;
  title: string;
  /** Words that suggest it is not the article (a login wall, a bot check), from its capture report. */
  warnings: string[];
  duplicate: boolean;
  /** The save's capture report in sentences (describeCaptureReport), for the extension to show. */
  report: string[];
}

/** Errors are `{ error: { code, message } }` with a 4xx status, the message meant for the reader. */
export interface ErrorAnswer {
  error: { code: string; message: string };
}

// What the app's Settings (and `offprint extension list`) show.

/** A paired extension: it holds a token that saves into this library until revoked. */
export interface ExtensionPairing {
  id: string;
  origin: string;
  browser: ExtensionBrowser;
  /** The name the extension gave (its browser and profile, as it says). */
  name: string;
  pairedAt: string;
  /** ISO 8601 time of its last request, or null. */
  lastUsedAt: string | null;
}

/** An extension asking to be paired, waiting for the reader. */
export interface ExtensionPairingRequest {
  requestId: string;
  origin: string;
  browser: ExtensionBrowser;
  name: string;
  /** The code the extension shows: approve only when the two match. */
  code: string;
  requestedAt: string;
  expiresAt: string;
}

/** Where the listener is, for the Settings screen. */
export interface ExtensionEndpointStatus {
  /** True while the app (or `offprint serve`) is listening for the extension. */
  listening: boolean;
  address: string | null;
  /** Why it is not listening (the port is taken by another program, for example), or null. */
  problem: string | null;
}
