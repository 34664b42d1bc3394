import type { OffprintApi } from '../../../shared/api';
import { parseWebUrl } from '../../../shared/url';
import { callApi } from '../../bridge';

/**
 * The one running desktop app: a second launch hands its command line's web addresses to the first
 * and exits. Electron's `app` is passed in (only the two members used), so this logic runs and is
 * tested in plain Node; main.ts wires it to the real app.
 */
export interface SingleInstanceApp {
  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean;
  on(
    event: 'second-instance',
    listener: (event: unknown, argv: string[], workingDirectory: string, additionalData: unknown) => void,
  ): unknown;
}

/** What a second launch asked the running app to do. */
export interface Handover {
  urls: string[];
}

/** At most this many addresses are taken from one launch; a command line is not a bulk import. */
const MAX_URLS = 20;
/** Flags whose next argument is their value, not an address. */
const FLAGS_WITH_VALUE = new Set(['--data']);

/** The http(s) addresses on a command line, in order, without duplicates; flags, their values and anything else are ignored. */
export function urlsFromArgv(argv: readonly unknown[]): string[] {
  const urls: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (typeof arg !== 'string') continue;
    if (FLAGS_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    const url = parseWebUrl(arg);
    if (url && !urls.includes(url.href)) urls.push(url.href);
    if (urls.length === MAX_URLS) break;
  }
  return urls;
}

/**
 * The addresses a second instance handed over: the list it sent as additional data (Electron may
 * rewrite argv on some systems), else its argv. Both are untrusted input and parsed again here.
 */
export function handedOverUrls(argv: unknown, additionalData: unknown): string[] {
  const sent = (additionalData as { urls?: unknown } | null | undefined)?.urls;
  if (Array.isArray(sent)) return urlsFromArgv(sent);
  return Array.isArray(argv) ? urlsFromArgv(argv) : [];
}

/**
 * Takes the single-instance lock. In the first instance, returns true and calls `onHandover` for
 * every later launch; in a later one, hands its addresses over and returns false (it should quit).
 */
export function claimSingleInstance(app: SingleInstanceApp, argv: readonly string[], onHandover: (handover: Handover) => void): boolean {
  const primary = app.requestSingleInstanceLock({ urls: urlsFromArgv(argv) });
  if (!primary) return false;
  app.on('second-instance', (_event, secondArgv, _cwd, additionalData) => {
    onHandover({ urls: handedOverUrls(secondArgv, additionalData) });
  });
  return true;
}

/**
 * Saves handed-over addresses through the same validating bridge as every other edge, one after
 * another; each gets a request id so its progress shows in `listSaves`. Resolves to each outcome.
 */
export async function saveHandedOver(service: OffprintApi, urls: readonly string[], log: (line: string) => void = () => undefined) {
  const outcomes = [];
  for (const [i, url] of urls.entries()) {
    const requestId = `handover-${Date.now().toString(36)}-${i}`;
    const result = await callApi(service, 'saveArticle', { source: { kind: 'url', url }, requestId });
    if (!result.ok) log(`Offprint could not save ${url}: ${result.error.message}`);
    outcomes.push({ url, requestId, result });
  }
  return outcomes;
}
