import { parseOpml as feedsmithOpml } from 'feedsmith';
import { OffprintError } from '../../../shared/errors';
import { plain } from './feed-values';
import { guardXml } from './xml-guard';

/**
 * OPML 1.0/2.0 subscription lists, read (with feedsmith, behind the same XML guard as feeds) and
 * written. Pure: text in, outlines out. Folders come from nested outlines (an outline without
 * `xmlUrl` is a folder, named by its `text`, else its `title`) and, for an outline outside any
 * folder, from OPML 2's `category` attribute (its first `/`-path).
 */
export interface OpmlEntry {
  /** `xmlUrl` exactly as written (checked by the importer, never fetched or run here). */
  xmlUrl: string;
  title: string | null;
  htmlUrl: string | null;
  /** Folder path, `/`-separated, or null at the top level. */
  folder: string | null;
}

type Outline = Record<string, unknown> & { outlines?: Outline[] };

export function parseOpmlText(text: string, label = 'The OPML file'): OpmlEntry[] {
  const xml = guardXml(text, label);
  let parsed: { body?: { outlines?: Outline[] } };
  try {
    parsed = feedsmithOpml(xml) as typeof parsed;
  } catch (error) {
    const detail = (error as { cause?: Error })?.cause?.message ?? (error as Error).message;
    throw new OffprintError('invalid-argument', `${label} could not be read as OPML: ${detail}.`);
  }
  const entries: OpmlEntry[] = [];
  const walk = (outlines: Outline[] | undefined, path: string[]) => {
    for (const outline of outlines ?? []) {
      const xmlUrl = typeof outline.xmlUrl === 'string' ? outline.xmlUrl.trim() : typeof outline.xmlurl === 'string' ? outline.xmlurl.trim() : '';
      const name = plain(attrText(outline.text)) ?? plain(attrText(outline.title));
      if (xmlUrl) {
        const folder = path.length ? path.join('/') : categoryFolder(attrText(outline.category));
        entries.push({ xmlUrl, title: plain(attrText(outline.title)) ?? name, htmlUrl: attrText(outline.htmlUrl)?.trim() || null, folder });
      }
      if (outline.outlines?.length) walk(outline.outlines, xmlUrl || !name ? path : [...path, name.replace(/\//g, '∕')]);
    }
  };
  walk(parsed.body?.outlines, []);
  return entries;
}

function attrText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** OPML 2 `category="tag,/parent/child"`: the first hierarchical category, as a folder path. */
function categoryFolder(category: string | null): string | null {
  for (const part of (category ?? '').split(',')) {
    const trimmed = part.trim();
    if (!trimmed.startsWith('/')) continue;
    const path = trimmed.split('/').map((p) => p.trim()).filter(Boolean);
    if (path.length) return path.join('/');
  }
  return null;
}

export interface OpmlOutput {
  title: string;
  dateCreated: Date;
  feeds: { xmlUrl: string; title: string; htmlUrl: string | null; folder: string | null }[];
}

/** OPML 2.0, folders as nested outlines, each feed `type="rss"` as every reader expects. */
export function buildOpml({ title, dateCreated, feeds }: OpmlOutput): string {
  interface Folder {
    folders: Map<string, Folder>;
    feeds: OpmlOutput['feeds'];
  }
  const root: Folder = { folders: new Map(), feeds: [] };
  for (const feed of feeds) {
    let at = root;
    for (const name of (feed.folder ?? '').split('/').filter(Boolean)) {
      let next = at.folders.get(name);
      if (!next) at.folders.set(name, (next = { folders: new Map(), feeds: [] }));
      at = next;
    }
    at.feeds.push(feed);
  }
  const lines: string[] = [];
  const write = (folder: Folder, depth: number) => {
    const pad = '  '.repeat(depth);
    for (const feed of folder.feeds) {
      const html = feed.htmlUrl ? ` htmlUrl="${attr(feed.htmlUrl)}"` : '';
      lines.push(`${pad}<outline type="rss" text="${attr(feed.title)}" title="${attr(feed.title)}" xmlUrl="${attr(feed.xmlUrl)}"${html}/>`);
    }
    for (const [name, child] of folder.folders) {
      lines.push(`${pad}<outline text="${attr(name)}" title="${attr(name)}">`);
      write(child, depth + 1);
      lines.push(`${pad}</outline>`);
    }
  };
  write(root, 2);
  return `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>${attr(title)}</title>
    <dateCreated>${dateCreated.toUTCString()}</dateCreated>
  </head>
  <body>
${lines.join('\n')}
  </body>
</opml>
`;
}

function attr(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // eslint-disable-next-line no-control-regex -- control characters cannot be written in XML 1.0
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
