import { basename, resolve } from 'node:path';
import type { OffprintErrorValue } from '../../shared/types';
import type { OffprintService } from '../service';
import { argSchemas, describeIssues } from '../../shared/schemas';
import { exportArticles } from '../transfer/export/export';
import { requireFormat } from '../transfer/formats/detect';
import { readImportFile } from '../transfer/read-input';
import { type CliIo, type Opener, type Values, UsageError, call, formatBytes } from './common';

// `import`, `downloads` and `export` (issue 15).

/** `offprint import <file>…` (issue 15): each file's entries recorded at once, then (unless --no-download) downloaded. */
export async function importCommand(files: string[], values: Values, opener: Opener, io: CliIo): Promise<number> {
  if (!files.length) throw new UsageError('import needs at least one export file');
  const format = values.format === undefined ? undefined : requireFormat(values.format);
  const { service } = await opener.forWriting();
  const json = Boolean(values.json);
  const download = !values['no-download'];
  const totals = { imported: 0, duplicates: 0, skipped: 0, highlights: 0 };
  const jobs: string[] = [];
  let failures = 0;
  for (const file of files) {
    let listed = 0;
    try {
      const input = await readImportFile(file, basename(file));
      const summary = await service.transfer.importInput(input, {
        format,
        download,
        wayback: Boolean(values.wayback),
        onEntry: (entry) => {
          listed++;
          if (json) io.stdout(JSON.stringify(entry));
          else if (entry.status === 'skipped') io.stderr(`  skipped: ${entry.url ?? entry.title ?? '(no address)'}: ${entry.reason}`);
          if (listed % 500 === 0) io.stderr(`${basename(file)}: ${listed} entries recorded…`);
        },
      });
      jobs.push(summary.id);
      totals.imported += summary.imported;
      totals.duplicates += summary.duplicates;
      totals.skipped += summary.skipped;
      totals.highlights += summary.highlights;
      io.stderr(`${basename(file)} (${summary.format}): ${summary.imported} imported, ${summary.duplicates} already there, ${summary.skipped} skipped${summary.highlights ? `, ${summary.highlights} highlights` : ''}.`);
    } catch (error) {
      failures++;
      io.stderr(`offprint: ${file}: ${(error as OffprintErrorValue).message ?? String(error)} Nothing of it was imported.`);
    }
  }
  if (download && jobs.length) await followDownloads(service, jobs, io);
  if (json) io.stdout(JSON.stringify(totals));
  else io.stdout(`Imported ${totals.imported}, ${totals.duplicates} already in the library, ${totals.skipped} skipped, ${totals.highlights} highlights.`);
  return failures ? 1 : 0;
}

/** Waits for the download queue, with one progress line on stderr now and then. */
export async function followDownloads(service: OffprintService, jobs: string[] | null, io: CliIo): Promise<void> {
  const progress = async () => {
    const { imports } = await call(service, 'listImports', {});
    const mine = imports.filter((i) => (jobs ? jobs.includes(i.id) : true) && (i.status === 'downloading' || jobs?.includes(i.id)));
    const done = mine.reduce((n, i) => n + i.downloaded, 0);
    const failed = mine.reduce((n, i) => n + i.failed, 0);
    const all = mine.reduce((n, i) => n + i.downloaded + i.failed + i.waiting, 0);
    return `Downloaded ${done} of ${all}${failed ? `, ${failed} failed` : ''}`;
  };
  const timer = setInterval(() => void progress().then((line) => io.stderr(line), () => undefined), 2000);
  try {
    await service.transfer.downloadsIdle();
  } finally {
    clearInterval(timer);
  }
  io.stderr(await progress());
}

/** `offprint downloads [--run] [--json]`: the articles waiting to be downloaded (or failed), or the queue worked to its end. */
export async function downloadsCommand(rest: string[], values: Values, opener: Opener, io: CliIo): Promise<number> {
  if (rest.length) throw new UsageError('downloads takes no arguments (--run downloads them)');
  const json = Boolean(values.json);
  const { service } = values.run ? await opener.forWriting() : await opener.forReading();
  if (values.run) {
    await service.transfer.runAll();
    await followDownloads(service, null, io);
  }
  let failed = 0;
  for (let offset = 0; ; offset += 500) {
    const page = await call(service, 'listDownloads', { offset, limit: 500 });
    for (const a of page.items) {
      if (a.download?.status === 'failed') failed++;
      if (json) io.stdout(JSON.stringify({ id: a.id, url: a.url, title: a.title, status: a.download?.status, attempts: a.download?.attempts, error: a.download?.error ?? null }));
      else io.stdout(`${a.id}  ${a.download?.status === 'failed' ? 'failed ' : 'waiting'}  ${a.url ?? a.title}${a.download?.error ? `\n  ${a.download.error}` : ''}`);
    }
    if (offset + 500 >= page.total) {
      if (!json) io.stderr(`${page.waiting} waiting to be downloaded, ${page.failed} failed.`);
      break;
    }
  }
  return values.run && failed ? 1 : 0;
}

/** `offprint export --format F [--out PATH] [--view V] [--tag T] [--ids ID…]`. */
export async function exportCommand(rest: string[], values: Values, opener: Opener, io: CliIo, moreIds: string[]): Promise<number> {
  const ids = [...(values.ids ?? []), ...moreIds];
  if (rest.filter((r) => !moreIds.includes(r)).length) throw new UsageError('export takes no positional arguments (--ids ID… for articles)');
  const args = argSchemas.exportArticles.safeParse({
    format: values.format,
    ...(values.view ? { view: values.view } : {}),
    ...(values.tag ? { tag: values.tag } : {}),
    ...(ids.length ? { ids } : {}),
  });
  if (!args.success) throw new UsageError(describeIssues(args.error));
  const { library, service } = await opener.forReading();
  void service;
  const out = values.out ? resolve(values.out) : undefined;
  const result = await exportArticles(library, service.transfer.feeds, args.data, () => new Date(), out);
  io.stdout(values.json ? JSON.stringify(result) : `Exported ${result.articles} ${result.articles === 1 ? 'article' : 'articles'} as ${result.format} to ${result.path} (${formatBytes(result.bytes)}).`);
  return 0;
}
