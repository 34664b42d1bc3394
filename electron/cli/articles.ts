import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { OffprintApi } from '../../shared/api';
import type { OffprintErrorValue, SaveResult, SaveSource } from '../../shared/types';
import { decodeHtmlExplained } from '../capture/decode';
import type { LocalSaveOptions, OffprintService } from '../service';
import { argSchemas, describeIssues } from '../../shared/schemas';
import type { RedecodeCharset } from '../../shared/capture-report';
import { type CliIo, type Opener, type Values, UsageError, call } from './common';

// `save`, `list`, `tags` and `reextract`: the commands about articles themselves.

/** A local file becomes an HTML or text source; anything else is taken as a web address (and checked as one). */
export async function sourceFor(input: string): Promise<{ source: SaveSource; htmlFilePath?: string; kept?: LocalSaveOptions['kept'] }> {
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

export async function save(service: OffprintService, inputs: string[], options: { json: boolean; refresh: boolean }, io: CliIo): Promise<number> {
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

/** `offprint tags`: list them, or rename, merge or delete one across the library. */
export async function tags(rest: string[], values: Values, opener: Opener, io: CliIo): Promise<number> {
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

export async function list(service: OffprintApi, options: { bookmarked: boolean; json: boolean; tag?: string }, io: CliIo): Promise<number> {
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

/** `offprint reextract` (issue 16): articles made again from their kept pages, or one re-decoded as a charset. */
export async function reextractCommand(ids: string[], values: Values, opener: Opener, io: CliIo): Promise<number> {
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
