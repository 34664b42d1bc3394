/**
 * Offprint's own export: a zip with `offprint-export.json` (what it is, when, how many) and per
 * article `articles/<id>/article.json` (its record and its whole state: bookmark, reading position
 * and progress, read and archived marks, tags with when each was first used, bookmarked places,
 * highlights, note), `body.html`, `body.txt`, `raw.html` and `images/<file>`. Lossless: imported
 * into an empty library it gives the same library back, ids and all.
 */
import { z } from 'zod';
import { OffprintError } from '../../shared/errors';
import type { ImportEntryOutcome } from '../../shared/transfer';
import { articleRecordSchema, type ImportedArticle, type ImportJob, type Library } from '../library/library';
import type { ZipArchive } from './read-input';
import type { ZipWriter } from './export/zip-writer';

export const MANIFEST = 'offprint-export.json';

const manifestSchema = z.object({ format: z.literal('offprint-export'), version: z.literal(1), exportedAt: z.string(), articles: z.number().int().min(0) });

const stateSchema = z.object({
  bookmarkedAt: z.string().nullable(),
  reading: z.object({ position: z.object({ block: z.number().int(), offset: z.number().int() }).nullable(), progress: z.number(), lastReadAt: z.string().nullable(), readAt: z.string().nullable() }).nullable(),
  archivedAt: z.string().nullable(),
  tags: z.array(z.object({ name: z.string(), createdAt: z.string() })),
  places: z.array(z.object({ placeId: z.string(), articleId: z.string(), position: z.object({ block: z.number().int(), offset: z.number().int() }), snippet: z.string(), note: z.string().nullable(), createdAt: z.string() })),
  highlights: z.array(
    z.object({
      highlightId: z.string(),
      articleId: z.string(),
      quote: z.object({ exact: z.string().min(1), prefix: z.string(), suffix: z.string() }),
      position: z.object({ start: z.number().int(), end: z.number().int() }),
      color: z.enum(['yellow', 'green', 'blue', 'pink']),
      note: z.string().nullable(),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
  note: z.object({ text: z.string(), createdAt: z.string(), updatedAt: z.string() }).nullable(),
});

const articleFileSchema = z.object({ record: articleRecordSchema, state: stateSchema });

/** Writes one article into an Offprint export. */
export async function writeOffprintArticle(zip: ZipWriter, library: Library, id: string): Promise<void> {
  const record = library.articleRecord(id);
  const state = library.stateOf(id);
  await zip.add(`articles/${id}/article.json`, JSON.stringify({ record, state }));
  if (record.download) return; // waiting to be downloaded: no files yet
  const files = await library.articleFiles(id);
  await zip.add(`articles/${id}/body.html`, files.bodyHtml);
  await zip.add(`articles/${id}/body.txt`, files.bodyText);
  if (files.rawPage) await zip.add(`articles/${id}/raw.html`, files.rawPage);
  for (const name of files.images) await zip.add(`articles/${id}/images/${name}`, await library.articleImage(id, name), { store: true });
}

export function offprintManifest(articles: number, exportedAt: string): string {
  return JSON.stringify({ format: 'offprint-export', version: 1, exportedAt, articles });
}

/**
 * Imports an Offprint export: each article with its own id, files and state, a few at a time. An
 * article already in the library (the same address) is a duplicate and left as it is, unless it is
 * this very article with no state yet (an import of this file stopped between its record and its
 * state), which is put again.
 */
export async function importOffprintExport(library: Library, zip: ZipArchive, options: { name: string; now: () => Date; onEntry?: (o: ImportEntryOutcome) => void }): Promise<ImportJob> {
  let manifest: z.infer<typeof manifestSchema>;
  try {
    manifest = manifestSchema.parse(JSON.parse(await zip.readText(MANIFEST)));
  } catch (error) {
    throw new OffprintError('invalid-argument', `${options.name} has an ${MANIFEST} Offprint does not understand (${(error as Error).message.slice(0, 200)}); it may be from a newer Offprint.`);
  }
  const ids = zip.names.flatMap((n) => /^articles\/([^/]+)\/article\.json$/.exec(n)?.[1] ?? []);
  if (ids.length !== manifest.articles) throw new OffprintError('invalid-argument', `${options.name} says it holds ${manifest.articles} articles but has ${ids.length}: it is incomplete.`);
  const names = new Set(zip.names);
  const counts = { imported: 0, duplicates: 0, skipped: 0, highlights: 0, downloaded: 0, failed: 0, placed: 0 };
  const added: string[] = [];
  let batch: ImportedArticle[] = [];
  const flush = async () => {
    if (!batch.length) return;
    await library.importArticles({ items: batch });
    for (const a of batch) {
      options.onEntry?.({ url: a.record.url, id: a.record.id, title: a.record.title, tags: a.state.tags.map((t) => t.name), archived: a.state.archivedAt !== null, bookmarked: a.state.bookmarkedAt !== null, status: 'imported' });
      added.push(a.record.id);
    }
    batch = [];
  };
  for (const original of ids) {
    let parsed: z.infer<typeof articleFileSchema>;
    try {
      parsed = articleFileSchema.parse(JSON.parse(await zip.readText(`articles/${original}/article.json`)));
    } catch (error) {
      throw new OffprintError('invalid-argument', `articles/${original}/article.json in ${options.name} is damaged: ${(error as Error).message.slice(0, 200)}`);
    }
    const { record, state } = parsed;
    const existing = record.normalizedUrl ? library.findByNormalizedUrl(record.normalizedUrl) : library.has(record.id) ? library.articleRecord(record.id) : undefined;
    const sameAndBare = existing && existing.id === record.id && !library.hasState(record.id) && (state.tags.length || state.highlights.length || state.reading || state.archivedAt || state.bookmarkedAt || state.places.length || state.note);
    if (existing && !sameAndBare) {
      counts.duplicates++;
      options.onEntry?.({ url: record.url, id: existing.id, title: record.title, tags: state.tags.map((t) => t.name), archived: state.archivedAt !== null, bookmarked: state.bookmarkedAt !== null, status: 'duplicate', reason: 'already in the library' });
      continue;
    }
    // The export's id, unless another article of this library has it.
    const id = library.has(record.id) && !sameAndBare ? library.newId() : record.id;
    const move = (s: string) => (id === original ? s : s.split(`/assets/${original}/`).join(`/assets/${id}/`));
    let files: ImportedArticle['files'] = null;
    if (!record.download) {
      const base = `articles/${original}/`;
      const images = new Map<string, Uint8Array>();
      for (const n of zip.names) if (n.startsWith(`${base}images/`)) images.set(n.slice(base.length + 7), await zip.read(n));
      files = {
        bodyHtml: move(await zip.readText(`${base}body.html`)),
        bodyText: names.has(`${base}body.txt`) ? await zip.readText(`${base}body.txt`) : '',
        rawPage: names.has(`${base}raw.html`) ? new Uint8Array(await zip.read(`${base}raw.html`)) : null,
        images,
      };
    }
    batch.push({
      record: { ...record, id, leadImage: record.leadImage ? move(record.leadImage) : null },
      files,
      state: { ...state, places: state.places.map((p) => ({ ...p, articleId: id })), highlights: state.highlights.map((h) => ({ ...h, articleId: id })) },
    });
    counts.imported++;
    counts.highlights += state.highlights.length;
    if (batch.length >= 32) await flush();
  }
  await flush();
  const now = options.now().toISOString();
  const job: ImportJob = {
    schemaVersion: 1,
    id: library.newId(),
    name: options.name,
    format: 'offprint',
    createdAt: now,
    options: { download: false, wayback: false },
    status: 'done',
    total: counts.imported,
    listed: counts.imported,
    ids: added,
    counts,
    skipped: [],
    finishedAt: now,
  };
  await (await library.importJobs()).write(job);
  return job;
}
