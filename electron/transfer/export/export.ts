/**
 * Exports: which articles (all, a view's, a tag's, or those given), then one of six formats, each
 * written as it goes under a temporary name and moved into place when whole:
 * - `json`: Offprint's own lossless zip (offprint-format.ts), which an import reads back;
 * - `html`: one standalone page per article, its images inside as data: addresses, readable in any
 *   browser offline (a zip of them, with an index.html, for more than one article);
 * - `markdown`: a folder per article with `index.md` (YAML front matter: title, address, author,
 *   site, dates, tags, state; the text; highlights as quotes with their notes) and its images: an
 *   Obsidian vault, as a zip;
 * - `epub`: one EPUB 3 book (epub.ts);
 * - `netscape`: a bookmark file for browsers and other apps, with tags, dates and TOREAD;
 * - `opml`: the feed subscriptions (the feeds module's OPML 2.0).
 */
import { writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import TurndownService from 'turndown';
import { parseHTML } from 'linkedom';
import type { ApiArgs } from '../../../shared/api';
import { OffprintError } from '../../../shared/errors';
import type { ExportFormat, ExportResult } from '../../../shared/transfer';
import type { Feeds } from '../../feeds/feeds';
import type { Library } from '../../library/library';
import { MANIFEST, offprintManifest, writeOffprintArticle } from '../offprint-format';
import { writeEpub } from './epub';
import { escapeXml } from './xhtml';
import { ZipWriter } from './zip-writer';

const EXTENSIONS: Record<ExportFormat, string> = { json: 'offprint.zip', html: 'html.zip', markdown: 'markdown.zip', epub: 'epub', netscape: 'bookmarks.html', opml: 'opml' };
const IMAGE_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', bmp: 'image/bmp', ico: 'image/x-icon', svg: 'image/svg+xml' };

/** The articles an export holds, in list order (oldest saved first). */
export function selectArticles(library: Library, args: Pick<ApiArgs<'exportArticles'>, 'view' | 'tag' | 'ids'>): string[] {
  if (args.ids) {
    for (const id of args.ids) if (!library.has(id)) throw new OffprintError('not-found', `There is no saved article with the id ${id}.`);
    return [...new Set(args.ids)];
  }
  if (!args.view && !args.tag) return library.allIds();
  const ids: string[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = library.listArticles({ view: args.view ?? 'all', tag: args.tag, sort: 'oldest', offset, limit: 500 });
    ids.push(...page.items.map((a) => a.id));
    if (offset + 500 >= page.total || !page.items.length) break;
  }
  if (args.tag && !ids.length && library.tagId(args.tag) === undefined) throw new OffprintError('not-found', `No article has the tag "${args.tag}".`);
  return ids;
}

/** Writes an export into the library's exports/ folder (the app), or to `out` (the CLI). */
export async function exportArticles(library: Library, feeds: Feeds, args: ApiArgs<'exportArticles'>, now: () => Date, out?: string): Promise<ExportResult> {
  const when = now();
  const stamp = when.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const ids = args.format === 'opml' ? [] : selectArticles(library, args);
  const single = ids.length === 1 && (args.format === 'html' || args.format === 'markdown');
  const filename = single && args.format === 'html' ? `${slug(library.summary(ids[0]!).title)}.html` : `offprint-${stamp}.${EXTENSIONS[args.format]}`;
  const path = out ?? join(await library.exportsDir(), filename);
  let bytes: number;
  switch (args.format) {
    case 'json': {
      const zip = new ZipWriter(path);
      try {
        await zip.add(MANIFEST, offprintManifest(ids.length, when.toISOString()));
        for (const id of ids) await writeOffprintArticle(zip, library, id);
        bytes = await zip.finish();
      } catch (error) {
        await zip.abort();
        throw error;
      }
      break;
    }
    case 'html':
      bytes = single ? await writeSmall(path, await standaloneHtml(library, ids[0]!)) : await zipEach(path, library, ids, 'html');
      break;
    case 'markdown':
      bytes = await zipEach(path, library, ids, 'markdown');
      break;
    case 'epub':
      if (!ids.length) throw new OffprintError('invalid-argument', 'There are no articles to put in a book.');
      bytes = await writeEpub(library, ids, path, when);
      break;
    case 'netscape':
      bytes = await writeSmall(path, netscape(library, ids));
      break;
    case 'opml':
      bytes = await writeSmall(path, (await feeds.exportOpml({})).opml);
      break;
  }
  return { format: args.format, path, filename: out ? (path.split(/[\\/]/).pop() ?? filename) : filename, articles: args.format === 'opml' ? (await feeds.listFeeds({})).feeds.length : ids.length, bytes };
}

async function writeSmall(path: string, content: string): Promise<number> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, path);
  return Buffer.byteLength(content);
}

async function zipEach(path: string, library: Library, ids: string[], kind: 'html' | 'markdown'): Promise<number> {
  const zip = new ZipWriter(path);
  const used = new Set<string>();
  const index: string[] = [];
  try {
    for (const id of ids) {
      const s = library.summary(id);
      let name = slug(s.title);
      while (used.has(name)) name = `${slug(s.title)}-${id.slice(-6)}${used.has(`${slug(s.title)}-${id.slice(-6)}`) ? `-${used.size}` : ''}`;
      used.add(name);
      if (kind === 'html') {
        await zip.add(`${name}.html`, await standaloneHtml(library, id));
        index.push(`<li><a href="${escapeXml(encodeURI(`${name}.html`))}">${escapeXml(s.title)}</a>${s.siteName ? ` — ${escapeXml(s.siteName)}` : ''}</li>`);
      } else {
        const { markdown, images } = await markdownOf(library, id);
        await zip.add(`${name}/index.md`, markdown);
        for (const image of images) await zip.add(`${name}/images/${image}`, await library.articleImage(id, image), { store: true });
      }
    }
    if (kind === 'html') await zip.add('index.html', page('Offprint export', `<h1>Offprint export</h1><ul>${index.join('\n')}</ul>`, 'en', 'ltr'));
    return await zip.finish();
  } catch (error) {
    await zip.abort();
    throw error;
  }
}

function page(title: string, body: string, lang: string, dir: string): string {
  return `<!doctype html>
<html lang="${escapeXml(lang)}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style>body{max-width:40em;margin:2em auto;padding:0 1em;font:18px/1.6 Georgia,serif;color:#222}img{max-width:100%;height:auto}figcaption,.meta{color:#666;font-size:.85em}mark{background:#fff3a3}blockquote{border-inline-start:3px solid #ccc;margin-inline:0;padding-inline-start:1em}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** One article as a page that needs nothing else: its images inside as data: addresses. */
export async function standaloneHtml(library: Library, id: string): Promise<string> {
  const s = library.summary(id);
  let body = `<p>${escapeXml(s.excerpt ?? '')}</p><p class="meta">This article was waiting to be downloaded when it was exported.</p>`;
  if (!s.download) {
    const files = await library.articleFiles(id);
    const stored = new Set(files.images);
    const parts: string[] = [];
    let last = 0;
    const re = /\/assets\/[^/"'\s]+\/([0-9a-f]{32}(?:[0-9a-f]{32})?\.[a-z0-9]+)/g;
    for (let m = re.exec(files.bodyHtml); m; m = re.exec(files.bodyHtml)) {
      const name = m[1]!;
      parts.push(files.bodyHtml.slice(last, m.index));
      last = m.index + m[0].length;
      // An image that was not saved: an empty image (its alt text and caption stay), never an address that leads nowhere.
      if (!stored.has(name)) {
        parts.push('data:,');
        continue;
      }
      const type = IMAGE_TYPES[name.split('.').pop()!] ?? 'application/octet-stream';
      parts.push(`data:${type};base64,${Buffer.from(await library.articleImage(id, name)).toString('base64')}`);
    }
    parts.push(files.bodyHtml.slice(last));
    body = parts.join('');
  }
  const meta = [s.byline, s.siteName, s.publishedTime ? new Date(s.publishedTime).toDateString() : null].filter(Boolean).map((t) => escapeXml(String(t))).join(' · ');
  const link = s.url ? `<p class="meta"><a href="${escapeXml(s.url)}">${escapeXml(s.url)}</a>${s.archivedCopy ? ` (from the Wayback Machine's copy of ${escapeXml(s.archivedCopy.capturedAt.slice(0, 10))})` : ''}</p>` : '';
  const tags = s.tags.length ? `<p class="meta">Tags: ${s.tags.map(escapeXml).join(', ')}</p>` : '';
  return page(s.title, `<article><h1>${escapeXml(s.title)}</h1>${meta ? `<p class="meta">${meta}</p>` : ''}${link}${tags}\n${body}\n</article>`, s.lang ?? 'und', s.dir ?? 'auto');
}

/** One article as Markdown with YAML front matter, its images beside it, and its highlights as quotes with their notes. */
async function markdownOf(library: Library, id: string): Promise<{ markdown: string; images: string[] }> {
  const s = library.summary(id);
  const article = await library.getArticle({ id });
  let text = s.excerpt ?? '';
  const images: string[] = [];
  if (!s.download) {
    const files = await library.articleFiles(id);
    const stored = new Set(files.images);
    const html = files.bodyHtml.replace(/\/assets\/[^/"'\s]+\/([0-9a-f]{32}(?:[0-9a-f]{32})?\.[a-z0-9]+)/g, (all, name: string) => {
      if (!stored.has(name)) return all;
      if (!images.includes(name)) images.push(name);
      return `images/${name}`;
    });
    const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
    text = turndown.turndown(document.body as unknown as HTMLElement);
  }
  const yaml = (v: string) => JSON.stringify(v);
  const front = [
    '---',
    `title: ${yaml(s.title)}`,
    s.url ? `url: ${yaml(s.url)}` : null,
    s.byline ? `author: ${yaml(s.byline)}` : null,
    s.siteName ? `site: ${yaml(s.siteName)}` : null,
    `saved: ${yaml(s.savedAt)}`,
    s.publishedTime ? `published: ${yaml(s.publishedTime)}` : null,
    s.tags.length ? `tags:\n${s.tags.map((t) => `  - ${yaml(t)}`).join('\n')}` : 'tags: []',
    `read: ${s.readAt !== null}`,
    `archived: ${s.archivedAt !== null}`,
    `bookmarked: ${s.bookmarked}`,
    `progress: ${s.progress}`,
    s.archivedCopy ? `archived_copy: ${yaml(s.archivedCopy.url)}` : null,
    `offprint_id: ${yaml(id)}`,
    '---',
  ].filter((l) => l !== null);
  const quotes = article.highlights.map((h) => {
    const quote = h.quote.exact.split('\n').map((l) => `> ${l}`).join('\n');
    const where = h.anchor.status === 'not-found' ? '\n\n*(not found in the current text)*' : '';
    return `${quote}${h.note ? `\n\n${h.note}` : ''}${where}`;
  });
  const note = article.note ? `\n\n## Note\n\n${article.note.text}` : '';
  const highlights = quotes.length ? `\n\n## Highlights\n\n${quotes.join('\n\n---\n\n')}` : '';
  return { markdown: `${front.join('\n')}\n\n# ${s.title}\n\n${text}${note}${highlights}\n`, images };
}

const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' });

/** The Netscape bookmark format every browser imports: tags, the time saved, TOREAD for unread ones. */
function netscape(library: Library, ids: string[]): string {
  const lines = ['<!DOCTYPE NETSCAPE-Bookmark-file-1>', '<!-- This is an automatically generated file. -->', '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">', '<TITLE>Bookmarks</TITLE>', '<H1>Offprint</H1>', '<DL><p>'];
  for (const id of ids) {
    const s = library.summary(id);
    if (!s.url) continue;
    const added = Math.floor(new Date(s.savedAt).getTime() / 1000);
    const attrs = [`HREF="${escapeXml(s.url)}"`, `ADD_DATE="${added}"`, s.lastReadAt ? `LAST_VISIT="${Math.floor(new Date(s.lastReadAt).getTime() / 1000)}"` : null, s.tags.length ? `TAGS="${escapeXml(s.tags.map((t) => t.replace(/,/g, ' ')).join(','))}"` : null, s.readAt ? 'TOREAD="0"' : 'TOREAD="1"'].filter(Boolean);
    lines.push(`    <DT><A ${attrs.join(' ')}>${escapeXml(s.title)}</A>`);
    if (s.excerpt) lines.push(`    <DD>${escapeXml(s.excerpt)}`);
  }
  lines.push('</DL><p>', '');
  return lines.join('\n');
}

/** A file name from a title: letters and digits of any script, dashes between, at most 80 characters. */
export function slug(title: string): string {
  const s = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return s || 'article';
}
