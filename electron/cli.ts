import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { OffprintErrorValue } from '../shared/types';
import { lockForBackup, restoreBackup, writeBackup } from './library/backup';
import { resolveDataDir } from './library/data-dir';
import { DEFAULT_BACKUPS, Library } from './library/library';
import { LibraryLayout } from './library/layout';
import { acquireLibraryLock, takeOverLock } from './library/lock';
import { openLibraryForReading } from './library/read-access';
import { startServer } from './server/server';
import { createOffprintService } from './service';
import { tagKey } from '../shared/annotations';
import { describeCaptureReport } from '../shared/capture-report';
import { DEFAULT_EXTENSION_PORT } from '../shared/extension-protocol';
import { type CliIo, type Opener, parse, type Tokens, type Values, UsageError, attached, call, formatBytes, noticeLines } from './cli/common';
import { list, reextractCommand, save, tags } from './cli/articles';
import { feedsCommand } from './cli/feeds';
import { downloadsCommand, exportCommand, importCommand } from './cli/transfer';
import { answerPairingsTyped, extensionCommand, extensionPortOption, listenForExtension } from './cli/extension';

export type { CliIo } from './cli/common';
export { noticeLines } from './cli/common';

// The `offprint` command: its usage, the dispatch of each command to its file in electron/cli/, and
// the program's entry. Every command reaches the library through the service and its validating bridge.

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
  import <file>... [--format F] [--no-download] [--wayback] [--json]
                                             import another app's export (Pocket, Instapaper, Omnivore,
                                             wallabag, Karakeep, Linkwarden, Readwise, Raindrop, Pinboard,
                                             browser bookmarks, OPML, a list of addresses, Offprint's own)
  downloads [--run] [--json]                 show the articles waiting to be downloaded, or download them
  export --format json|html|markdown|epub|netscape|opml [--out PATH] [--view V] [--tag T] [--ids ID…]
                                             export articles (all, a view's, a tag's or those given)

One process writes to a library at a time: save, serve, backup and the desktop app take its lock;
list and show work while another holds it.

Options:
  --data DIR   the library folder (default: $OFFPRINT_DATA, else the desktop app's own)
  --help       show this help`;

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
      // Downloads an earlier import left are worked by `downloads --run` and the app, not by every command.
      const service = createOffprintService(library, { extractor: io.extractor, feedSchedule, ...io.serviceOptions, transfer: { autoStart: false, ...io.serviceOptions?.transfer } });
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

async function runCommand(
  command: string,
  rest: string[],
  values: Values,
  ctx: { dataDir: string; opener: Opener; io: CliIo; tokens: Tokens },
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
    // Import and export (issue 15).
    case 'import':
      return importCommand(rest, values, opener, io);
    case 'downloads':
      return downloadsCommand(rest, values, opener, io);
    case 'export':
      return exportCommand(rest, values, opener, io, attached(ctx.tokens, 'ids'));
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
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
