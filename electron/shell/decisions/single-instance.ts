import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { OffprintApi } from '../../../shared/api';
import { parseWebUrl } from '../../../shared/url';
import { callApi } from '../../bridge';
import { resolveDataDir } from '../../library/data-dir';

/**
 * One running desktop app per library: a second launch on the same library hands its command
 * line's web addresses to the first and exits; a launch on another library (`--data`) runs on its
 * own. Electron's `app` is passed in (only the members used), so this logic runs and is tested in
 * plain Node; main.ts wires it to the real app.
 */
export interface SingleInstanceApp {
  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean;
  on(
    event: 'second-instance',
    listener: (event: unknown, argv: string[], workingDirectory: string, additionalData: unknown) => void,
  ): unknown;
}

/** The members of Electron's app that the per-library lock uses: its lock lives in the userData folder. */
export interface LibraryInstanceApp extends SingleInstanceApp {
  getPath(name: 'userData'): string;
  setPath(name: 'userData', path: string): void;
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

/** The value of `--data DIR` or `--data=DIR` on a command line, if given. */
export function dataDirFlag(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--data');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--data='))?.slice('--data='.length);
}

/** How two spellings of one folder compare: resolved, and case-folded where the file system usually folds case. */
function folderKey(dir: string, platform: NodeJS.Platform): string {
  const resolved = resolve(dir);
  return platform === 'win32' || platform === 'darwin' ? resolved.toLowerCase() : resolved;
}

/**
 * The userData folder a launch on `dataDir` runs with. Electron keeps its single-instance lock in
 * the userData folder, so one folder per library gives one lock per library: the default library
 * keeps Electron's own folder; any other gets `libraries/<hash of its path>` inside it.
 */
export function instanceUserDataDir(defaultUserDataDir: string, dataDir: string, platform: NodeJS.Platform = process.platform): string {
  const key = folderKey(dataDir, platform);
  if (key === folderKey(join(defaultUserDataDir, 'library'), platform)) return defaultUserDataDir;
  return join(defaultUserDataDir, 'libraries', createHash('sha256').update(key).digest('hex').slice(0, 16));
}

export interface LibraryInstance {
  /** True in the app that now holds this library's lock; false in a launch that handed over and should quit. */
  primary: boolean;
  /** The library this launch is for. */
  dataDir: string;
}

/**
 * Takes the single-instance lock of the library this launch is for (`--data`, `OFFPRINT_DATA`, or
 * the default one): moves userData to that library's folder first, then claims the lock.
 * `realpath` turns an existing folder's path into its real one (so a link and its target are one library).
 */
export function claimLibraryInstance(
  app: LibraryInstanceApp,
  argv: readonly string[],
  onHandover: (handover: Handover) => void,
  options: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; realpath?: (path: string) => string } = {},
): LibraryInstance {
  const defaultUserData = app.getPath('userData');
  const named = resolveDataDir({ flag: dataDirFlag(argv), env: options.env, userDataDir: defaultUserData });
  const dataDir = options.realpath ? options.realpath(named) : named;
  const userData = instanceUserDataDir(defaultUserData, dataDir, options.platform);
  if (userData !== defaultUserData) app.setPath('userData', userData);
  return { primary: claimSingleInstance(app, argv, onHandover), dataDir };
}
