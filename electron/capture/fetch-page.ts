import { OffprintError } from '../../shared/errors';
import { parseWebUrl } from '../../shared/url';

/** The fetch function capture uses; injectable so tests can count requests. */
export type FetchFn = typeof fetch;

export interface FetchLimits {
  /** Whole request, redirects and body included. */
  deadlineMs: number;
  /** Longest wait for the next bytes of the body. */
  idleMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export const PAGE_LIMITS: FetchLimits = { deadlineMs: 30_000, idleMs: 15_000, maxBytes: 15 * 1024 * 1024, maxRedirects: 10 };

export interface FetchedResource {
  bytes: Uint8Array;
  /** The Content-Type header as sent (empty when absent). */
  contentType: string;
  /** The address after redirects. */
  finalUrl: string;
  /** The final response's status (200, or one of `statuses` the caller asked to have returned). */
  status: number;
  /** The final response's headers. */
  headers: Headers;
  /** Each redirect followed, in order: its status and where it pointed. */
  redirects: { status: number; url: string }[];
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** Refuses anything that is not an absolute http(s) address, before any I/O. */
export function requireWebUrl(input: string): URL {
  const url = parseWebUrl(input);
  if (url) return url;
  let scheme: string | null = null;
  try {
    scheme = new URL(input.trim()).protocol;
  } catch {
    // not a URL at all
  }
  if (scheme) {
    throw new OffprintError('unsupported-scheme', `Offprint only saves web pages (http or https addresses), not ${scheme} addresses.`);
  }
  throw new OffprintError('invalid-url', `"${truncate(input, 80)}" is not a web address. Addresses start with http:// or https://.`);
}

/**
 * Fetches a web page: http(s) only, redirects followed by hand (counted, loops detected, each hop
 * re-checked), an overall deadline and an idle timeout, and a body counted while streaming and cut
 * at the limit (so a compressed bomb is cut too). Only HTML is accepted when `accept` is 'html'.
 */
export async function fetchResource(
  input: string,
  options: {
    fetch?: FetchFn;
    limits?: Partial<FetchLimits>;
    accept?: 'html' | 'any';
    signal?: AbortSignal;
    /** Asked before every request, redirects included: a reason to refuse that address, or null. */
    checkUrl?: (url: URL) => Promise<string | null>;
    /** Extra request headers (a feed's conditional GET), and an Accept header instead of the page's. */
    headers?: Record<string, string>;
    /** Statuses answered as they are (no body read) instead of as errors: a feed's 304, 410, 429, 503. */
    statuses?: readonly number[];
  } = {},
): Promise<FetchedResource> {
  const limits = withDefaults(options.limits);
  const doFetch = options.fetch ?? fetch;
  let url = requireWebUrl(input);
  // A listener added to an already-aborted signal never fires: check first, before any request.
  if (options.signal?.aborted) throw cancelled();
  const controller = new AbortController();
  let reason: OffprintError | null = null;
  let rejectStopped: (error: OffprintError) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => (rejectStopped = reject));
  stopped.catch(() => undefined); // observed below; this only keeps an early rejection from being unhandled
  const abortWith = (error: OffprintError) => {
    if (reason) return;
    reason = error;
    controller.abort();
    rejectStopped(error);
  };
  // Every wait races the limits, so an injected fetch or a body stream that ignores the abort
  // signal still cannot outlive the deadline.
  const orStop = <T>(step: Promise<T>): Promise<T> => {
    step.catch(() => undefined); // observed by the race below; this only keeps a late rejection from being unhandled
    return Promise.race([step, stopped]);
  };
  const deadline = setTimeout(
    () => abortWith(new OffprintError('timeout', `${url.host} did not send the page within ${seconds(limits.deadlineMs)}.`)),
    timerMs(limits.deadlineMs),
  );
  const onOuterAbort = () => abortWith(cancelled());
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let idle: NodeJS.Timeout | undefined;
  const armIdle = (phase: 'headers' | 'body') => {
    clearTimeout(idle);
    idle = setTimeout(
      () =>
        abortWith(
          new OffprintError(
            'timeout',
            phase === 'headers' ? `${url.host} did not answer for ${seconds(limits.idleMs)}.` : `${url.host} stopped sending for ${seconds(limits.idleMs)}.`,
          ),
        ),
      timerMs(limits.idleMs),
    );
  };
  const redirects: { status: number; url: string }[] = [];
  try {
    const seen = new Set<string>([url.href]);
    for (let hops = 0; ; hops++) {
      armIdle('headers');
      const refusal = options.checkUrl ? await orStop(options.checkUrl(url)) : null;
      if (refusal) throw new OffprintError('refused', refusal);
      const response = await orStop(
        doFetch(url, {
          redirect: 'manual',
          signal: controller.signal,
          headers: {
            accept: options.accept === 'any' ? '*/*' : 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
            'user-agent': 'Mozilla/5.0 (compatible; Offprint/0.1; offline reader)',
            ...options.headers,
          },
        }),
      );
      armIdle('body');
      if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
        discard(response);
        if (hops + 1 > limits.maxRedirects) {
          throw new OffprintError('too-many-redirects', `${url.host} redirected more than ${limits.maxRedirects} times.`);
        }
        const next = redirectTarget(url, response.headers.get('location')!);
        if (seen.has(next.href)) throw new OffprintError('too-many-redirects', `${url.host} redirects in a loop.`);
        seen.add(next.href);
        redirects.push({ status: response.status, url: next.href });
        url = next;
        continue;
      }
      if (options.statuses?.includes(response.status)) {
        discard(response);
        return { bytes: new Uint8Array(), contentType: response.headers.get('content-type') ?? '', finalUrl: url.href, status: response.status, headers: response.headers, redirects };
      }
      if (!response.ok) {
        discard(response);
        throw new OffprintError('http-status', `${url.host} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${describeStatus(response.status)}`);
      }
      const contentType = response.headers.get('content-type') ?? '';
      if (options.accept !== 'any' && contentType && !HTML_TYPES.has(mediaType(contentType))) {
        discard(response);
        throw new OffprintError('not-html', `That address returned ${mediaType(contentType)}, not a web page.`);
      }
      const declared = Number(response.headers.get('content-length'));
      const encoded = response.headers.has('content-encoding') && response.headers.get('content-encoding') !== 'identity';
      if (!encoded && declared > limits.maxBytes) {
        discard(response);
        throw tooLarge(limits.maxBytes);
      }
      const bytes = await readLimited(response, limits.maxBytes, () => armIdle('body'), orStop);
      return { bytes, contentType, finalUrl: url.href, status: response.status, headers: response.headers, redirects };
    }
  } catch (error) {
    if (reason) throw reason;
    if (error instanceof OffprintError) throw error;
    throw networkError(url, error);
  } finally {
    clearTimeout(deadline);
    clearTimeout(idle);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/** The page limits with `overrides` applied; an override given as undefined keeps the default. */
function withDefaults(overrides: Partial<FetchLimits> = {}): FetchLimits {
  const limits = { ...PAGE_LIMITS };
  for (const key of Object.keys(limits) as (keyof FetchLimits)[]) {
    const value = overrides[key];
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

/** Node fires a timer longer than 2^31-1 ms at once; clamp instead. */
function timerMs(ms: number): number {
  return Math.min(Math.max(ms, 0), 2 ** 31 - 1);
}

function cancelled(): OffprintError {
  return new OffprintError('timeout', 'The save was cancelled.');
}

/** Drops a body we will not read; not awaited, since a hostile stream may never settle its cancel. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined); // a body that cannot be cancelled is already closed
}

function redirectTarget(from: URL, location: string): URL {
  let resolved: string;
  try {
    resolved = new URL(location, from).href;
  } catch {
    throw new OffprintError('invalid-url', `${from.host} redirected to an address that is not valid.`);
  }
  const next = parseWebUrl(resolved);
  if (!next) throw new OffprintError('unsupported-scheme', `${from.host} redirected to an address that is not a web page.`);
  return next;
}

async function readLimited(
  response: Response,
  maxBytes: number,
  onProgress: () => void,
  orStop: <T>(step: Promise<T>) => Promise<T>,
): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await orStop(reader.read());
      if (done) break;
      onProgress();
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(value);
    }
    finished = true;
  } finally {
    // Stops the download (and closes the connection) whatever ended the loop early.
    if (!finished) reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(maxBytes: number): OffprintError {
  return new OffprintError('too-large', `The page is larger than ${size(maxBytes)}, too large to save.`);
}

function seconds(ms: number): string {
  const value = ms >= 10_000 ? Math.round(ms / 1000) : Math.round(ms / 100) / 10;
  return `${value} second${value === 1 ? '' : 's'}`;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function describeStatus(status: number): string {
  if (status === 404 || status === 410) return ': the page was not found.';
  if (status === 401 || status === 403) return ': the site refused access (it may need a login).';
  if (status === 429) return ': the site is limiting requests; try again later.';
  if (status >= 500) return ': the site had an error; try again later.';
  return '.';
}

function networkError(url: URL, error: unknown): OffprintError {
  const cause = (error as { cause?: { code?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  // Refused at connect time by a public-only fetch (see network/guarded-fetch.ts).
  if (code === 'EPRIVATEADDRESS') return new OffprintError('refused', `${url.hostname} leads to a private network address, refused for a page from the web`, { cause: error });
  if (code === 'EPUBLICADDRESS') return new OffprintError('refused', `${url.hostname} was found on the private network but now leads to the web; refused.`, { cause: error });
  const host = url.host;
  const message =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? `Could not find ${url.hostname}. Check the address and your connection.`
      : code === 'ECONNREFUSED'
        ? `${host} refused the connection.`
        : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
          ? `The connection to ${host} was cut off.`
          : code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT'
            ? `${host} took too long to answer.`
            : isDecompressionError(code)
              ? `${host} sent a damaged compressed page that could not be decompressed (${code}).`
              : `Could not reach ${host}${code ? ` (${code})` : ''}.`;
  return new OffprintError('network', message, { cause: error });
}

/** zlib (gzip, deflate) codes start with Z_; brotli's are ERR_ followed by its own _ERROR_… name. */
function isDecompressionError(code: string | undefined): code is string {
  return !!code && (code.startsWith('Z_') || code.startsWith('ERR__ERROR_'));
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
