import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import type { ApiArgs, ApiMethod, ApiReturn, OffprintApi } from '../shared/api';
import type { ApiResult, LibraryNotice, OffprintErrorValue, SaveResult, SaveSource } from '../shared/types';
import { callApi } from './bridge';
import { decodeHtmlExplained } from './capture/decode';
import type { Extractor } from './capture/extractor';
import { lockForBackup, restoreBackup, writeBackup } from './library/backup';
import { resolveDataDir } from './library/data-dir';
import { DEFAULT_BACKUPS, Library } from './library/library';
import { LibraryLayout } from './library/layout';
import { acquireLibraryLock, takeOverLock } from './library/lock';
import { writeFileDurably } from './library/storage';
import { openLibraryForReading } from './library/read-access';
import { startServer } from './server/server';
import { createOffprintService, type LocalSaveOptions, type OffprintService, type ServiceOptions } from './service';
import { argSchemas, describeIssues } from '../shared/schemas';
import { tagKey } from '../shared/annotations';
import { describeCaptureReport, type RedecodeCharset } from '../shared/capture-report';
import { DEFAULT_EXTENSION_PORT, type ExtensionPairingRequest } from '../shared/extension-protocol';
import { extensionPortFrom, type RunningEndpoint, startExtensionEndpoint } from './server/extension-endpoint';

const USAGE = `Usage: offprint <command> [options]

Commands:
  save <url|file>... [--json] [--refresh]   save web addresses, .html pages or .txt files
  list [--bookmarked] [--tag T] [--json]     list saved articles, newest first
  show <id> [--format text|html|json|report] print one article (report: what happened to its save)
  reextract <id>...|--all [--json]           make articles again from their kept pages, offline
  reextract <id> --charset C                 re-decode a kept page as charset C (shift_jis, windows-1251, …)
  tag <id> [--add T…] [--remove T…] [--json] add or remove tags on an article ("Read later" in quotes)
  tags [--json]                              list tags with how many articles carry each
  tags rename <tag> <new name>               rename a tag on every article
  tags merge <tag>… --into <tag>             merge tags into one
  tags delete <tag>                          take a tag off every article
  highlights [<id>] [--format markdown|json] print one article's or every highlight and note
  serve [--port N] [--extension-port N|off]  serve the app on http://127.0.0.1 for a browser (and listen for
                                             the browser extension, on 127.0.0.1:${DEFAULT_EXTENSION_PORT} unless told)
  extension pair [--extension-port N] [--yes] listen for the browser extension and approve its pairing here
  extension list [--json]                    list the paired browser extensions
  extension revoke <id>                      revoke a paired extension's token
  backup --out FILE                          write the whole library to one archive (.tar.gz)
  restore FILE                               rebuild a library from a backup into --data DIR (new or empty)
  unlock                                     take over the library's lock from a process that is gone
                                             (one on another computer, or whose number was reused)
  feeds add <url> [--folder F] [--json]      subscribe to a feed, or a site's feed, and save its items
  feeds list [--json]                        list subscriptions with their health
  feeds refresh [<id>...] [--json]           refresh feeds now (all when none given)
  feeds remove <id> [--keep-articles]        unsubscribe (and delete its articles unless kept)
  feeds import <file.opml> [--json]          subscribe to every feed of an OPML file
  feeds export [--out FILE]                  write the subscriptions as OPML

One process writes to a library at a time: save, serve, backup and the desktop app take its lock;
list and show work while another holds it.

Options:
  --data DIR   the library folder (default: $OFFPRINT_DATA, else the desktop app's own)
  --help       show this help`;

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

class UsageError extends Error {}

/** Runs one CLI command and resolves to its exit status (0 ok, 1 some input failed, 2 usage error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr(`offprint: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? io.stdout : io.stderr)(USAGE);
    return values.help ? 0 : 2;
  }
  try {
    const dataDir = resolveDataDir({ flag: values.data, env: io.env });
    const cleanups: (() => Promise<void>)[] = [];
    const withService = (library: Library, feedSchedule = false) => {
      // A repair made while opening is told on stderr, whatever the command prints on stdout.
      if (library.repairNotice) for (const line of noticeLines(library.repairNotice)) io.stderr(`offprint: ${line}`);
      const service = createOffprintService(library, { extractor: io.extractor, feedSchedule, ...io.serviceOptions });
      if (!io.extractor) cleanups.push(() => service.close());
      return { library, service };
    };
    const opener: Opener = {
      async forWriting({ backups = true, feedSchedule = false } = {}) {
        const lock = await acquireLibraryLock(dataDir, `offprint ${command}`);
        let library: Library;
        try {
          library = await Library.open({ dataDir, backups: backups && DEFAULT_BACKUPS });
        } catch (error) {
          await lock.release();
          throw error;
        }
        // Every queued change (the repair open schedules included) is on disk before the lock goes.
        cleanups.push(async () => {
          await library.close();
          await lock.release();
        });
        return withService(library, feedSchedule);
      },
      async forReading() {
        const access = await openLibraryForReading(dataDir, `offprint ${command}`);
        cleanups.push(() => access.close());
        return withService(access.library);
      },
    };
    try {
      return await runCommand(command, rest, values, { dataDir, opener, io, tokens: parsed.tokens });
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`offprint: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    const value = error as Partial<OffprintErrorValue>;
    io.stderr(`offprint: ${value.message ?? String(error)}`);
    return 1;
  }
}

/** A repair notice as lines for a terminal. */
export function noticeLines(notice: LibraryNotice): string[] {
  return ['the library was repaired when it opened.', ...notice.lines, `The damaged files are kept in ${notice.keptIn}.`];
}

/** Opens the library the way a command needs it: writers hold the data directory's lock, readers never wait for it. */
interface Opener {
  /** `backups: false` for a command that only checks what it wrote (restore), so it adds nothing to it. */
  forWriting(options?: { backups?: boolean; feedSchedule?: boolean }): Promise<{ library: Library; service: OffprintService }>;
  forReading(): Promise<{ library: Library; service: OffprintService }>;
}

async function runCommand(
  command: string,
  rest: string[],
  values: ReturnType<typeof parse>['values'],
  ctx: { dataDir: string; opener: Opener; io: CliIo; tokens: ReturnType<typeof parse>['tokens'] },
): Promise<number> {
  const { dataDir, opener, io } = ctx;
  switch (command) {
    case 'save': {
      if (rest.length === 0) throw new UsageError('save needs at least one address or file');
      const { service } = await opener.forWriting();
      return await save(service, rest, { json: Boolean(values.json), refresh: Boolean(values.refresh) }, io);
    }
    case 'list': {
      const { service } = await opener.forReading();
      if (values.tag !== undefined && !(await call(service, 'listTags', {})).some((t) => tagKey(t.name) === tagKey(values.tag!))) {
        throw { code: 'not-found', message: `There is no tag called "${values.tag}" (offprint tags lists them).` } satisfies OffprintErrorValue;
      }
      return await list(service, { bookmarked: Boolean(values.bookmarked), json: Boolean(values.json), tag: values.tag }, io);
    }
    case 'show': {
      if (rest.length !== 1) throw new UsageError('show needs exactly one article id');
      const format = values.format ?? 'text';
      if (!['text', 'html', 'json', 'report'].includes(format)) throw new UsageError('--format is text, html, json or report');
      const { library, service } = await opener.forReading();
      if (format === 'report') {
        const report = await call(service, 'getCaptureReport', { id: rest[0]! });
        io.stdout(values.json ? JSON.stringify(report) : describeCaptureReport(report).join('\n'));
        return 0;
      }
      const article = await call(service, 'getArticle', { id: rest[0]! });
      if (format === 'json') io.stdout(JSON.stringify(article, null, 2));
      else if (format === 'html') io.stdout(article.html);
      else io.stdout(`${article.title}\n\n${await library.articleText({ id: article.id })}`);
      return 0;
    }
    case 'tag': {
      const extra = new Set([...attached(ctx.tokens, 'add'), ...attached(ctx.tokens, 'remove')]);
      const ids = rest.filter((word) => !extra.has(word));
      if (ids.length !== 1) throw new UsageError('tag needs exactly one article id (then --add and --remove)');
      const add = [...(values.add ?? []), ...attached(ctx.tokens, 'add')];
      const remove = [...(values.remove ?? []), ...attached(ctx.tokens, 'remove')];
      if (!add.length && !remove.length) throw new UsageError('tag needs --add T or --remove T (or both)');
      const { service } = await opener.forWriting();
      let summary: { id: string; tags: string[] } = await call(service, 'getArticle', { id: ids[0]! });
      if (remove.length) summary = await call(service, 'removeTags', { id: summary.id, tags: remove });
      if (add.length) summary = await call(service, 'addTags', { id: summary.id, tags: add });
      io.stdout(values.json ? JSON.stringify({ id: summary.id, tags: summary.tags }) : `${summary.id}  ${summary.tags.length ? summary.tags.join(', ') : '(no tags)'}`);
      return 0;
    }
    case 'tags':
      return await tags(rest, values, opener, io);
    case 'highlights': {
      if (rest.length > 1) throw new UsageError('highlights takes at most one article id');
      const format = values.format ?? 'markdown';
      if (format !== 'markdown' && format !== 'json') throw new UsageError('--format is markdown or json');
      const { service } = await opener.forReading();
      const exported = await call(service, 'exportHighlights', { ...(rest[0] ? { id: rest[0] } : {}), format });
      io.stdout(exported.content.trimEnd());
      if (exported.highlights === 0) io.stderr(rest[0] ? 'offprint: that article has no highlights.' : 'offprint: no highlights yet.');
      return 0;
    }
    case 'serve': {
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port is a number from 0 to 65535');
      const extensionPort = extensionPortOption(values['extension-port'], io);
      const { service } = await opener.forWriting({ feedSchedule: true });
      const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
      const server = await startServer({ service, rendererDir, articlesDir: new LibraryLayout(dataDir).articlesDir, port });
      io.stdout(`Offprint is serving ${dataDir}`);
      io.stdout(`Open ${server.url}`);
      const listener = extensionPort === null ? null : await listenForExtension(service, extensionPort, io);
      const answering = listener ? answerPairingsTyped(service, io) : null;
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      answering?.stop();
      await listener?.close();
      await server.close();
      return 0;
    }
    case 'reextract':
      return reextractCommand(rest, values, opener, io);
    case 'extension':
      return extensionCommand(rest, values, opener, io);
    case 'backup': {
      if (rest.length !== 0 || !values.out) throw new UsageError('backup needs --out FILE (and nothing else)');
      // Held like a reader: no writer may change the library while it is copied, but nothing is changed.
      const access = await lockForBackup(dataDir);
      const report = (line: string) => io.stderr(`offprint: ${line}`);
      if (access.readOnly) report(`${dataDir} cannot be written (read-only media, or a full disk), so it is backed up as it is, without taking its lock.`);
      try {
        const summary = await writeBackup(dataDir, values.out, { report });
        io.stdout(`Backed up ${dataDir} to ${resolve(values.out)}: ${summary.files} files, ${formatBytes(summary.bytes)}`);
      } finally {
        await access.release();
      }
      return 0;
    }
    case 'unlock': {
      if (rest.length !== 0) throw new UsageError('unlock takes no arguments (only --data)');
      const taken = await takeOverLock(dataDir);
      if (taken === undefined) io.stdout(`The library at ${dataDir} is not locked.`);
      else io.stdout(`Took over the lock of ${dataDir}${taken ? ` from ${taken.command} (process ${taken.pid} on ${taken.hostname}, since ${taken.startedAt})` : ' (its lock file could not be read)'}.`);
      return 0;
    }
    case 'restore': {
      if (rest.length !== 1) throw new UsageError('restore needs exactly one backup file');
      const summary = await restoreBackup(rest[0]!, dataDir, { report: (line) => io.stderr(`offprint: ${line}`) });
      if (summary.skipped.length) io.stderr(`offprint: left out ${summary.skipped.length} temporary ${summary.skipped.length === 1 ? 'file' : 'files'} the backup held (${summary.skipped.slice(0, 3).join(', ')}${summary.skipped.length > 3 ? ', …' : ''}).`);
      const { library } = await opener.forWriting({ backups: false });
      io.stdout(`Restored ${summary.files} files (${formatBytes(summary.bytes)}) into ${dataDir}: ${library.size} articles`);
      return 0;
    }
    case 'feeds':
      return feedsCommand(rest, values, opener, io);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** `offprint feeds …` (issue 14): the feeds part of the contract, through the same validating bridge. */
async function feedsCommand(rest: string[], values: ReturnType<typeof parse>['values'], opener: Opener, io: CliIo): Promise<number> {
  const [sub, ...args] = rest;
  const json = Boolean(values.json);
  switch (sub) {
    case 'add': {
      if (args.length !== 1) throw new UsageError('feeds add needs exactly one address');
      const { service } = await opener.forWriting();
      const added = await call(service, 'addFeed', { url: args[0]!, ...(values.folder !== undefined ? { folder: values.folder } : {}) });
      // The CLI stays until the feed's items are saved (the app and `serve` do it in the background).
      await service.feedsIdle();
      const { feeds } = await call(service, 'listFeeds', {});
      const feed = feeds.find((f) => f.id === added.feed.id) ?? added.feed;
      if (json) {
        io.stdout(JSON.stringify({ feed: { id: feed.id, title: feed.title, url: feed.url, siteUrl: feed.siteUrl }, discovered: added.discovered, alreadySubscribed: added.alreadySubscribed, articles: feed.articles }));
      } else {
        io.stdout(`${added.alreadySubscribed ? 'Already subscribed' : 'Subscribed'}: ${feed.title} (${feed.url})\n  id ${feed.id}, ${feed.articles} articles${feed.health.lastError ? `; last error: ${feed.health.lastError}` : ''}`);
        if (added.discovered.length > 1) for (const d of added.discovered.slice(1)) io.stdout(`  also found: ${d.url}${d.title ? ` (${d.title})` : ''}`);
      }
      return 0;
    }
    case 'list': {
      if (args.length) throw new UsageError('feeds list takes no arguments');
      const { service } = await opener.forReading();
      const { feeds } = await call(service, 'listFeeds', {});
      for (const f of feeds) {
        if (json) io.stdout(JSON.stringify(f));
        else io.stdout(`${f.id}  ${f.status.padEnd(8)}  ${f.unread}/${f.articles} unread  ${f.folder ? `${f.folder}/` : ''}${f.title} — ${f.url}${f.health.lastError ? `\n    last error: ${f.health.lastError}` : ''}`);
      }
      if (!feeds.length && !json) io.stderr('No feeds yet: offprint feeds add <address>.');
      return 0;
    }
    case 'refresh': {
      const { service } = await opener.forWriting();
      const { results } = await call(service, 'refreshFeeds', args.length ? { ids: args } : {});
      for (const r of results) {
        if (json) io.stdout(JSON.stringify(r));
        else io.stdout(`${r.id}  ${r.status}${r.new ? `, ${r.new} new` : ''}${r.updated ? `, ${r.updated} updated` : ''}${r.error ? `: ${r.error}` : ''}`);
      }
      return results.some((r) => r.status === 'failed') ? 1 : 0;
    }
    case 'remove': {
      if (args.length !== 1) throw new UsageError('feeds remove needs exactly one feed id');
      const { service } = await opener.forWriting();
      const removed = await call(service, 'removeFeed', { id: args[0]!, keepArticles: Boolean(values['keep-articles']) });
      if (json) io.stdout(JSON.stringify(removed));
      else io.stdout(`Unsubscribed ${removed.id}: ${removed.removedArticles} articles deleted, ${removed.keptArticles} kept.`);
      return 0;
    }
    case 'import': {
      if (args.length !== 1) throw new UsageError('feeds import needs exactly one OPML file');
      const opml = await readFile(args[0]!, 'utf8');
      const { service } = await opener.forWriting();
      const report = await call(service, 'importOpml', { opml });
      if (json) io.stdout(JSON.stringify(report));
      else {
        io.stdout(`Added ${report.added.length} ${report.added.length === 1 ? 'feed' : 'feeds'}, skipped ${report.skipped.length}.`);
        for (const a of report.added) io.stdout(`  added ${a.folder ? `${a.folder}/` : ''}${a.title} (${a.url})`);
        for (const s of report.skipped) io.stdout(`  skipped ${s.title ?? s.url ?? '(no address)'}: ${s.reason}`);
      }
      return 0;
    }
    case 'export': {
      if (args.length) throw new UsageError('feeds export takes no arguments (use --out FILE)');
      const { service } = await opener.forReading();
      const { opml } = await call(service, 'exportOpml', {});
      if (values.out) {
        await writeFileDurably(resolve(values.out), opml);
        io.stderr(`offprint: wrote the subscriptions to ${resolve(values.out)}`);
      } else io.stdout(opml.trimEnd());
      return 0;
    }
    default:
      throw new UsageError(sub ? `unknown feeds command "${sub}"` : 'feeds needs a command: add, list, refresh, remove, import or export');
  }
}

/** `offprint reextract` (issue 16): articles made again from their kept pages, or one re-decoded as a charset. */
async function reextractCommand(ids: string[], values: ReturnType<typeof parse>['values'], opener: Opener, io: CliIo): Promise<number> {
  const all = Boolean(values.all);
  if (all === ids.length > 0) throw new UsageError('reextract needs article ids or --all (not both)');
  if (values.charset !== undefined && (all || ids.length !== 1)) throw new UsageError('--charset re-decodes exactly one article');
  const { library, service } = await opener.forWriting();
  const targets = all ? [...library.records()].map((r) => r.id) : ids;
  let failures = 0;
  for (const id of targets) {
    try {
      const { article, report } =
        values.charset !== undefined ? await call(service, 'redecodeArticle', { id, charset: values.charset as RedecodeCharset }) : await call(service, 'reextractArticle', { id });
      if (values.json) io.stdout(JSON.stringify({ id, title: article.title, wordCount: article.wordCount, images: article.images, charset: report.charset, warnings: report.warnings }));
      else io.stdout(`Re-extracted: ${article.title}\n  id ${id}, ${article.wordCount} words, ${article.images.saved} of ${article.images.total} images${report.charset ? `, ${report.charset.name}` : ''}`);
      if (!values.json) for (const w of report.warnings) io.stderr(`  warning: ${w.message}`);
    } catch (error) {
      failures++;
      const value = error as Partial<OffprintErrorValue>;
      if (values.json) io.stdout(JSON.stringify({ id, error: { code: value.code ?? 'internal', message: value.message ?? String(error) } }));
      else io.stderr(`Failed: ${id}\n  ${value.message ?? String(error)}`);
    }
  }
  if (all && !targets.length && !values.json) io.stderr('No saved articles yet.');
  return failures ? 1 : 0;
}

/** `offprint extension pair|list|revoke` (issue 16): the browser extension's pairings. */
async function extensionCommand(rest: string[], values: ReturnType<typeof parse>['values'], opener: Opener, io: CliIo): Promise<number> {
  const [sub, ...args] = rest;
  switch (sub) {
    case 'list': {
      if (args.length) throw new UsageError('extension list takes no arguments');
      const { service } = await opener.forReading();
      const { pairings } = await call(service, 'listExtensions', {});
      for (const p of pairings) {
        if (values.json) io.stdout(JSON.stringify(p));
        else io.stdout(`${p.id}  ${p.browser.padEnd(8)}  ${p.name}  (${p.origin}), paired ${p.pairedAt.slice(0, 10)}${p.lastUsedAt ? `, last used ${p.lastUsedAt.slice(0, 16).replace('T', ' ')}` : ''}`);
      }
      if (!pairings.length && !values.json) io.stderr('No extension is paired yet: offprint extension pair.');
      return 0;
    }
    case 'revoke': {
      if (args.length !== 1) throw new UsageError('extension revoke needs exactly one id (offprint extension list shows them)');
      const { service } = await opener.forWriting();
      await call(service, 'revokeExtension', { id: args[0]! });
      io.stdout(`Revoked ${args[0]}: that extension's token opens nothing now.`);
      return 0;
    }
    case 'pair': {
      if (args.length) throw new UsageError('extension pair takes no arguments (--extension-port N, --yes)');
      const port = extensionPortOption(values['extension-port'], io) ?? DEFAULT_EXTENSION_PORT;
      const { service } = await opener.forWriting();
      const listener = await listenForExtension(service, port, io);
      if (!listener) return 1;
      try {
        return await pairOnce(service, Boolean(values.yes), io);
      } finally {
        await listener.close();
      }
    }
    default:
      throw new UsageError(sub ? `unknown extension command "${sub}"` : 'extension needs a command: pair, list or revoke');
  }
}

function extensionPortOption(value: string | undefined, io: CliIo): number | null {
  if (value !== undefined && value !== 'off' && !/^\d{1,5}$/.test(value)) throw new UsageError('--extension-port is a number from 0 to 65535, or off');
  return extensionPortFrom(value ?? io.env.OFFPRINT_EXTENSION_PORT);
}

/** Starts the extension listener for `serve` or `extension pair`; a port in use is said, not fatal. */
async function listenForExtension(service: OffprintService, port: number, io: CliIo): Promise<RunningEndpoint | null> {
  try {
    const endpoint = await startExtensionEndpoint({ service, port });
    io.stdout(`The browser extension can reach this library at ${endpoint.origin}`);
    io.onListening?.(endpoint);
    return endpoint;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'EADDRINUSE' ? `port ${port} is in use (another Offprint, or another program)` : String((error as Error).message ?? error);
    service.extension.endpoint = { listening: false, address: null, problem };
    io.stderr(`offprint: the browser extension cannot reach this library: ${problem}. Choose another with --extension-port N (and the same port in the extension's options).`);
    return null;
  }
}

function pairingLine(r: ExtensionPairingRequest): string {
  return `The extension "${r.name}" (${r.origin}) asks to pair with this library. It shows the code ${r.code}.`;
}

/** In `serve`: each request is printed, and typing its code approves it ("no CODE" refuses it). */
function answerPairingsTyped(service: OffprintService, io: CliIo): { stop(): void } {
  const stopTelling = service.extension.onRequest((r) => io.stdout(`${pairingLine(r)} To approve, type that code and Enter (or "no ${r.code}").`));
  // Held as an iterator, so stopping closes it (and stdin with it) without waiting for another line.
  const lines = io.lines?.()[Symbol.asyncIterator]();
  void (async () => {
    if (!lines) return;
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const line = next.value;
      const typed = line.trim().toUpperCase();
      const deny = typed.startsWith('NO ');
      const code = deny ? typed.slice(3).trim() : typed;
      const request = service.extension.requests().find((r) => r.code === code);
      if (!request) {
        if (typed) io.stdout('No extension waiting shows that code.');
        continue;
      }
      if (deny) service.extension.deny(request.requestId);
      else await service.extension.approve(request.requestId).catch((error: unknown) => io.stderr(`offprint: ${(error as Error).message}`));
      io.stdout(deny ? `Refused ${request.name}.` : `Approved ${request.name}: it collects its token now.`);
    }
  })().catch((error: unknown) => io.stderr(`offprint: ${(error as Error).message}`));
  return {
    stop() {
      stopTelling();
      void lines?.return?.();
    },
  };
}

/** `extension pair`: waits for one request, approves it (with --yes, or when its code is typed), and for its token to be collected. */
async function pairOnce(service: OffprintService, yes: boolean, io: CliIo): Promise<number> {
  io.stdout("In the extension's options page, press Pair with Offprint.");
  const request = await new Promise<ExtensionPairingRequest>((resolve) => {
    const stop = service.extension.onRequest((r) => {
      stop();
      resolve(r);
    });
  });
  io.stdout(pairingLine(request));
  let approve = yes;
  if (!yes) {
    io.stdout('Type that code and Enter to approve it (anything else refuses it):');
    approve = false;
    for await (const line of io.lines?.() ?? []) {
      approve = line.trim().toUpperCase() === request.code;
      break;
    }
  }
  if (!approve) {
    service.extension.deny(request.requestId);
    io.stderr('offprint: pairing refused.');
    return 1;
  }
  const pairing = await service.extension.approve(request.requestId);
  // The extension collects its token when it next asks (about every second); the pairing is listed once it has.
  const deadline = Date.now() + 5 * 60_000;
  while (Date.now() < deadline) {
    if ((await service.extension.pairings()).some((p) => p.id === pairing.id)) {
      io.stdout(`Paired: ${pairing.name} (${pairing.origin}), id ${pairing.id}.`);
      return 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  io.stderr('offprint: the extension did not collect its token in time; pair again.');
  return 1;
}

function parse(argv: string[]) {
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
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Calls the service through the same validating bridge as IPC and HTTP, throwing the typed error on failure. */
async function call<M extends ApiMethod>(service: OffprintApi, method: M, args: ApiArgs<M>): Promise<ApiReturn<M>> {
  const result = (await callApi(service, method, args)) as ApiResult<ApiReturn<M>>;
  if (!result.ok) throw result.error;
  return result.value;
}

/** A local file becomes an HTML or text source; anything else is taken as a web address (and checked as one). */
async function sourceFor(input: string): Promise<{ source: SaveSource; htmlFilePath?: string; kept?: LocalSaveOptions['kept'] }> {
  const isFile = await stat(input).then((s) => s.isFile(), () => false);
  if (!isFile) return { source: { kind: 'url', url: input } };
  const ext = extname(input).toLowerCase();
  const content = await readFile(input);
  if (ext === '.txt' || ext === '.text' || ext === '.md') return { source: { kind: 'text', text: content.toString('utf8') } };
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml') {
    // The file's own bytes are kept as its raw page, so a wrong charset can be re-decoded later (issue 16).
    const { html, charset, decidedBy } = decodeHtmlExplained(content, '');
    return { source: { kind: 'html', html }, htmlFilePath: resolve(input), kept: { bytes: new Uint8Array(content), contentType: '', charset, decidedBy } };
  }
  throw { code: 'not-html', message: `${input} is not an .html or .txt file.` } satisfies OffprintErrorValue;
}

async function save(service: OffprintService, inputs: string[], options: { json: boolean; refresh: boolean }, io: CliIo): Promise<number> {
  let failures = 0;
  for (const input of inputs) {
    let result: SaveResult;
    try {
      const { source, htmlFilePath, kept } = await sourceFor(input);
      const args = { source, refresh: options.refresh || undefined };
      if (htmlFilePath) {
        // A saved page: same validation as every edge, plus its _files folder for the images.
        const parsed = argSchemas.saveArticle.safeParse(args);
        if (!parsed.success) throw { code: 'invalid-argument', message: describeIssues(parsed.error) } satisfies OffprintErrorValue;
        result = await service.saveLocal(parsed.data, { htmlFilePath, kept });
      } else {
        result = await call(service, 'saveArticle', args);
      }
    } catch (error) {
      failures++;
      const value = error as OffprintErrorValue;
      const errorValue = { code: value.code ?? 'internal', message: value.message ?? String(error) };
      if (options.json) io.stdout(JSON.stringify({ url: input, error: errorValue }));
      else io.stderr(`Failed: ${input}\n  ${errorValue.message}`);
      continue;
    }
    const a = result.article;
    if (options.json) {
      io.stdout(
        JSON.stringify({
          url: input,
          id: a.id,
          title: a.title,
          byline: a.byline,
          siteName: a.siteName,
          lang: a.lang,
          dir: a.dir,
          publishedTime: a.publishedTime,
          canonicalUrl: a.canonicalUrl,
          wordCount: a.wordCount,
          readingMinutes: a.readingMinutes,
          images: a.images,
          duplicate: result.duplicate,
          warnings: (result.warnings ?? []).map((w) => w.message),
        }),
      );
    } else {
      const images = a.images.total ? `, ${a.images.saved} of ${a.images.total} images saved offline` : '';
      io.stdout(`${result.duplicate ? 'Already saved' : 'Saved'}: ${a.title}${a.siteName ? ` (${a.siteName})` : ''}\n  id ${a.id}, ${a.wordCount} words${images}`);
      for (const f of a.images.failed) io.stderr(`  image not saved: ${f.url} (${f.reason})`);
      for (const w of result.warnings ?? []) io.stderr(`  warning: ${w.message}`);
      if (result.warnings?.length) io.stderr(`  offprint show ${a.id} --format report says more.`);
    }
  }
  return failures > 0 ? 1 : 0;
}

/**
 * Words given after `--add`/`--remove` without repeating the option (`--add "Read later" 日本`):
 * positionals that follow that option's value, up to the next option.
 */
function attached(tokens: ReturnType<typeof parse>['tokens'], option: 'add' | 'remove'): string[] {
  const out: string[] = [];
  let current: string | null = null;
  for (const token of tokens) {
    if (token.kind === 'option') current = token.name;
    else if (token.kind === 'positional' && current === option) out.push(token.value);
  }
  return out;
}

/** `offprint tags`: list them, or rename, merge or delete one across the library. */
async function tags(rest: string[], values: ReturnType<typeof parse>['values'], opener: Opener, io: CliIo): Promise<number> {
  const [action, ...names] = rest;
  if (action === undefined) {
    const { service } = await opener.forReading();
    const all = await call(service, 'listTags', {});
    for (const t of all) io.stdout(values.json ? JSON.stringify(t) : `${String(t.count).padStart(6)}  ${t.name}`);
    if (!all.length && !values.json) io.stderr('No tags yet (offprint tag <id> --add T adds one).');
    return 0;
  }
  const { service } = await opener.forWriting();
  switch (action) {
    case 'rename': {
      if (names.length !== 2) throw new UsageError('tags rename needs the tag and its new name');
      const renamed = await call(service, 'renameTag', { tag: names[0]!, name: names[1]! });
      io.stdout(`Renamed "${names[0]}" to "${renamed.name}" on ${renamed.count} ${renamed.count === 1 ? 'article' : 'articles'}.`);
      return 0;
    }
    case 'merge': {
      if (!names.length || values.into === undefined) throw new UsageError('tags merge needs the tags to merge and --into TAG');
      const merged = await call(service, 'mergeTags', { tags: names, into: values.into });
      io.stdout(`Merged ${names.map((n) => `"${n}"`).join(', ')} into "${merged.name}" (${merged.count} ${merged.count === 1 ? 'article' : 'articles'}).`);
      return 0;
    }
    case 'delete': {
      if (names.length !== 1) throw new UsageError('tags delete needs exactly one tag');
      const deleted = await call(service, 'deleteTag', { tag: names[0]! });
      io.stdout(`Deleted the tag "${deleted.tag}" from ${deleted.articles} ${deleted.articles === 1 ? 'article' : 'articles'}.`);
      return 0;
    }
    default:
      throw new UsageError(`tags takes rename, merge or delete, not "${action}"`);
  }
}

async function list(service: OffprintApi, options: { bookmarked: boolean; json: boolean; tag?: string }, io: CliIo): Promise<number> {
  const view = options.bookmarked ? 'bookmarked' : 'all';
  for (let offset = 0; ; offset += 500) {
    const page = await call(service, 'listArticles', { view, offset, limit: 500, ...(options.tag !== undefined ? { tag: options.tag } : {}) });
    for (const a of page.items) {
      if (options.json) io.stdout(JSON.stringify(a));
      else io.stdout(`${a.id}  ${a.savedAt.slice(0, 10)}  ${a.bookmarked ? '★ ' : ''}${a.title}${a.siteName ? ` — ${a.siteName}` : ''}${a.tags.length ? `  [${a.tags.join(', ')}]` : ''}`);
    }
    if (offset === 0 && page.total === 0 && !options.json) io.stderr(options.bookmarked ? 'No bookmarked articles.' : 'No saved articles yet.');
    if (offset + 500 >= page.total) break;
  }
  return 0;
}

/** True when this module is the program being run (not imported by a test). */
function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return fileURLToPath(import.meta.url) === entry || fileURLToPath(import.meta.url) === `${entry}.js`;
  } catch {
    return false;
  }
}

if (isMain()) {
  runCli(process.argv.slice(2), {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    // Opened only by the commands that read what the reader types, so the others never wait on stdin.
    lines: () => createInterface({ input: process.stdin, terminal: false }),
  })
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        process.stderr.write(`offprint: ${String(error)}\n`);
        process.exitCode = 1;
      },
    )
    // A stdin that was read (serve, extension pair) would keep the process alive after the command ended.
    .finally(() => process.stdin.destroy());
}
