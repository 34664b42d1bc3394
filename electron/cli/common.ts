import { parseArgs } from 'node:util';
import type { ApiArgs, ApiMethod, ApiReturn, OffprintApi } from '../../shared/api';
import type { ApiResult, LibraryNotice } from '../../shared/types';
import { callApi } from '../bridge';
import type { Extractor } from '../capture/extractor';
import type { Library } from '../library/library';
import type { OffprintService, ServiceOptions } from '../service';
import type { RunningEndpoint } from '../server/extension-endpoint';

// What every command shares: the options it was given, the streams it writes to, how it opens the
// library, and calls through the same validating bridge as IPC and HTTP.

/** Output streams and environment, injectable so the CLI can be tested in-process. */
export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** A shared extraction worker (tests); by default each run starts its own. */
  extractor?: Extractor;
  /** More service options (tests: a feed listener, fetch limits). */
  serviceOptions?: Omit<ServiceOptions, 'extractor'>;
  /** Lines the reader types (`serve` and `extension pair` read pairing codes from them); stdin by default. */
  lines?: () => AsyncIterable<string>;
  /** Called once the extension listener of `serve` or `extension pair` listens (tests). */
  onListening?: (endpoint: RunningEndpoint) => void;
}

export class UsageError extends Error {}

/** A repair notice as lines for a terminal. */
export function noticeLines(notice: LibraryNotice): string[] {
  return ['the library was repaired when it opened.', ...notice.lines, `The damaged files are kept in ${notice.keptIn}.`];
}

/** Opens the library the way a command needs it: writers hold the data directory's lock, readers never wait for it. */
export interface Opener {
  /** `backups: false` for a command that only checks what it wrote (restore), so it adds nothing to it. */
  forWriting(options?: { backups?: boolean; feedSchedule?: boolean }): Promise<{ library: Library; service: OffprintService }>;
  forReading(): Promise<{ library: Library; service: OffprintService }>;
}

export function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    tokens: true,
    options: {
      add: { type: 'string', multiple: true },
      remove: { type: 'string', multiple: true },
      tag: { type: 'string' },
      into: { type: 'string' },
      data: { type: 'string' },
      json: { type: 'boolean' },
      refresh: { type: 'boolean' },
      bookmarked: { type: 'boolean' },
      format: { type: 'string' },
      port: { type: 'string' },
      out: { type: 'string' },
      // feeds (issue 14)
      folder: { type: 'string' },
      'keep-articles': { type: 'boolean' },
      // issue 16
      all: { type: 'boolean' },
      charset: { type: 'string' },
      'extension-port': { type: 'string' },
      yes: { type: 'boolean' },
      // import and export (issue 15)
      'no-download': { type: 'boolean' },
      wayback: { type: 'boolean' },
      run: { type: 'boolean' },
      view: { type: 'string' },
      ids: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Calls the service through the same validating bridge as IPC and HTTP, throwing the typed error on failure. */
export async function call<M extends ApiMethod>(service: OffprintApi, method: M, args: ApiArgs<M>): Promise<ApiReturn<M>> {
  const result = (await callApi(service, method, args)) as ApiResult<ApiReturn<M>>;
  if (!result.ok) throw result.error;
  return result.value;
}

/**
 * Words given after `--add`/`--remove` without repeating the option (`--add "Read later" 日本`):
 * positionals that follow that option's value, up to the next option.
 */
export function attached(tokens: Tokens, option: 'add' | 'remove' | 'ids'): string[] {
  const out: string[] = [];
  let current: string | null = null;
  for (const token of tokens) {
    if (token.kind === 'option') current = token.name;
    else if (token.kind === 'positional' && current === option) out.push(token.value);
  }
  return out;
}

export type Values = ReturnType<typeof parse>['values'];
export type Tokens = ReturnType<typeof parse>['tokens'];
