/**
 * An import, from a parsed export to articles in the library: every entry at once as an article
 * waiting to be downloaded (title, address, original saved time, read/archived, bookmark, tags,
 * progress, excerpt, note, highlights), in batches of an index shard, each acknowledged only once
 * it is on disk. What is written, in order: the content the export held (one file), the entries to
 * record (one file), the job; then per batch the articles and the job's count. A process killed at
 * any moment resumes from the job (`resumeListing`); entries already in the library (by normalised
 * address) are duplicates, so the same file imported twice adds nothing.
 */
import { createHash } from 'node:crypto';
import { OffprintError } from '../../shared/errors';
import type { ImportEntryOutcome } from '../../shared/transfer';
import { normalizeArticleUrl } from '../../shared/url';
import { MAX_NOTE_LENGTH } from '../../shared/annotations';
import type { ImportedArticle, ImportJob, Library } from '../library/library';
import { MAX_KEPT_SKIPPED } from '../library/library';
import type { ImportEntry, ParsedImport } from './formats/entry';
import type { ZipArchive } from './read-input';

/** Entries recorded per batch: one index shard's worth, so each batch writes each file once. */
export const BATCH = 256;

export interface ListingOptions {
  name: string;
  download: boolean;
  wayback: boolean;
  /** Told each entry's outcome, in order, once it is acknowledged. */
  onEntry?: (outcome: ImportEntryOutcome) => void;
  /** Told the job after each batch. */
  onJob?: (job: ImportJob) => void;
  /** Stops between batches (a cancel). */
  shouldStop?: () => boolean;
  now: () => Date;
}

interface Planned {
  entry: ImportEntry;
  /** The article it becomes, or the one already in the library (a duplicate). */
  id: string;
  status: 'imported' | 'duplicate';
  reason?: string;
}

/** A key for an entry: its normalised address, or for a note without one a hash of its text. */
function keyOf(entry: ImportEntry): string {
  if (entry.url) return normalizeArticleUrl(entry.url) ?? entry.url;
  return `note:${createHash('sha256').update(entry.content ?? '').digest('hex').slice(0, 32)}`;
}

/** The id of a note without an address: from its text, so importing it again finds it. */
function noteId(key: string): string {
  return `note-${key.slice(5, 29)}`;
}

/** Entries of one file merged by address (tags, folders, highlights and marks of each kept), then held against the library. */
function plan(library: Library, parsed: ParsedImport): Planned[] {
  const byKey = new Map<string, Planned>();
  const out: Planned[] = [];
  for (const entry of parsed.entries) {
    const key = keyOf(entry);
    const first = byKey.get(key);
    if (first) {
      if (first.status === 'imported') mergeInto(first.entry, entry);
      out.push({ entry, id: first.id, status: 'duplicate', reason: 'listed twice in this file (its tags and highlights were joined to the first)' });
      continue;
    }
    const existing = entry.url ? library.findByNormalizedUrl(key) : library.has(noteId(key)) ? { id: noteId(key) } : undefined;
    const planned: Planned = existing
      ? { entry, id: existing.id, status: 'duplicate', reason: 'already in the library' }
      : { entry, id: entry.url ? library.newId() : noteId(key), status: 'imported' };
    byKey.set(key, planned);
    out.push(planned);
  }
  return out;
}

function mergeInto(into: ImportEntry, other: ImportEntry): void {
  into.tags = [...new Map([...into.tags, ...other.tags].map((t) => [t.toLowerCase(), t])).values()].slice(0, 100);
  into.highlights.push(...other.highlights.filter((h) => !into.highlights.some((k) => k.quote === h.quote)));
  into.bookmarked ||= other.bookmarked;
  into.archived ||= other.archived;
  into.read ||= other.read;
  into.title ??= other.title;
  into.excerpt ??= other.excerpt;
  into.note ??= other.note;
  into.content ??= other.content;
  if (!into.contentFile && other.contentFile) into.contentFile = other.contentFile;
  if (other.savedAt && (!into.savedAt || other.savedAt < into.savedAt)) into.savedAt = other.savedAt;
}

/** The article an entry becomes: a record waiting to be downloaded, with the whole state the export gave it. */
function toArticle(library: Library, p: Planned, importId: string, wayback: boolean, content: { offset: number; length: number } | null, now: string): ImportedArticle {
  const e = p.entry;
  const savedAt = e.savedAt ?? now;
  let host: string | null;
  try {
    host = e.url ? new URL(e.url).hostname.replace(/^www\./, '') : null;
  } catch {
    // The address was checked when parsed; a host that still cannot be read is only not shown.
    host = null;
  }
  const read = e.read || e.progress === 100;
  const progress = read ? 100 : (e.progress ?? 0);
  return {
    record: {
      id: p.id,
      title: (e.title ?? e.url) || 'Untitled note',
      byline: e.author,
      siteName: host,
      excerpt: e.excerpt ? e.excerpt.slice(0, 2000) : null,
      lang: e.lang,
      dir: null,
      publishedTime: e.publishedTime,
      savedAt,
      url: e.url || null,
      finalUrl: null,
      canonicalUrl: null,
      normalizedUrl: e.url ? normalizeArticleUrl(e.url) : null,
      wordCount: 0,
      readingMinutes: 1,
      source: e.url ? 'url' : 'html',
      raw: null,
      images: { total: 0, saved: 0, failed: [] },
      leadImage: null,
      download: { status: 'waiting', importId, attempts: 0, error: null, triedAt: null, wayback, content: content ? { ...content, baseUrl: e.url || null } : null },
    },
    files: null,
    state: {
      bookmarkedAt: e.bookmarked ? savedAt : null,
      reading: read || progress > 0 ? { position: null, progress, lastReadAt: null, readAt: read ? savedAt : null } : null,
      archivedAt: e.archived ? savedAt : null,
      tags: e.tags.map((name) => ({ name, createdAt: now })),
      places: [],
      highlights: e.highlights
        .filter((h) => h.quote.trim())
        .map((h) => ({
          highlightId: library.newId(),
          articleId: p.id,
          // No place and no context yet: placed in the text when it is downloaded (settleImported).
          quote: { exact: h.quote.trim(), prefix: '', suffix: '' },
          position: { start: 0, end: 0 },
          color: h.color ?? 'yellow',
          note: h.note ? h.note.slice(0, MAX_NOTE_LENGTH) : null,
          createdAt: h.createdAt ?? savedAt,
          updatedAt: h.createdAt ?? savedAt,
        })),
      note: e.note ? { text: e.note.slice(0, MAX_NOTE_LENGTH), createdAt: savedAt, updatedAt: savedAt } : null,
    },
  };
}

function outcome(p: Planned): ImportEntryOutcome {
  const e = p.entry;
  return { url: e.url || null, id: p.id, title: e.title, tags: e.tags, archived: e.archived, bookmarked: e.bookmarked, status: p.status, ...(p.reason ? { reason: p.reason } : {}) };
}

/**
 * Records a parsed export: every new entry as an article waiting to be downloaded. Resolves with
 * the job once every entry is acknowledged (or the import was stopped between batches).
 */
export async function listImport(library: Library, parsed: ParsedImport, zip: ZipArchive | null, options: ListingOptions): Promise<ImportJob> {
  const jobs = await library.importJobs();
  const nowIso = options.now().toISOString();
  const planned = plan(library, parsed);
  const fresh = planned.filter((p) => p.status === 'imported');
  const id = library.newId();
  // The content the export held, in one file: articles point into it until they are downloaded.
  const contentAt = new Map<Planned, { offset: number; length: number }>();
  const withContent = fresh.filter((p) => p.entry.content || p.entry.contentFile);
  if (withContent.length) {
    await jobs.writeContent(id, async (append) => {
      for (const p of withContent) {
        let html = p.entry.content;
        if (!html && p.entry.contentFile && zip) html = await zip.readText(p.entry.contentFile).catch(() => null);
        if (html) contentAt.set(p, await append(html));
      }
    });
  }
  const articles = fresh.map((p) => toArticle(library, p, id, options.wayback, contentAt.get(p) ?? null, nowIso));
  await jobs.writeEntries(id, articles.map((a) => JSON.stringify(a)));
  const skipped = parsed.skipped;
  let job: ImportJob = {
    schemaVersion: 1,
    id,
    name: options.name,
    format: parsed.format,
    createdAt: nowIso,
    options: { download: options.download, wayback: options.wayback },
    status: 'listing',
    total: articles.length,
    listed: 0,
    ids: [],
    counts: { imported: 0, duplicates: planned.length - fresh.length, skipped: skipped.length, highlights: 0, downloaded: 0, failed: 0, placed: 0 },
    skipped: skipped.slice(0, MAX_KEPT_SKIPPED),
    finishedAt: null,
  };
  await jobs.write(job);
  // Skipped entries and duplicates change nothing: they are told at once; new ones once their batch is on disk.
  for (const s of skipped) options.onEntry?.({ url: s.url, id: null, title: s.title, tags: [], archived: false, bookmarked: false, status: 'skipped', reason: s.reason });
  let told = 0;
  const tellUpTo = (acknowledged: Set<string>) => {
    while (told < planned.length && (planned[told]!.status === 'duplicate' || acknowledged.has(planned[told]!.id))) {
      // Not inside `onEntry?.(…)`: without a listener its argument is never evaluated, and `told` would not move.
      const next = planned[told++]!;
      options.onEntry?.(outcome(next));
    }
  };
  const acknowledged = new Set<string>();
  tellUpTo(acknowledged);
  job = await recordBatches(library, job, articles, options, (ids) => {
    for (const a of ids) acknowledged.add(a);
    tellUpTo(acknowledged);
  });
  return job;
}

/** Records a job's entries from `job.listed` on, a batch at a time, writing the job after each. */
async function recordBatches(library: Library, start: ImportJob, articles: ImportedArticle[], options: Pick<ListingOptions, 'onJob' | 'shouldStop'>, acknowledged?: (ids: string[]) => void): Promise<ImportJob> {
  const jobs = await library.importJobs();
  let job = start;
  for (let at = job.listed; at < articles.length; at += BATCH) {
    if (options.shouldStop?.()) return job;
    const batch = articles.slice(at, at + BATCH);
    await library.importArticles({ items: batch });
    const ids = batch.map((a) => a.record.id);
    job = {
      ...job,
      listed: Math.min(articles.length, at + BATCH),
      ids: [...job.ids, ...ids],
      counts: { ...job.counts, imported: job.counts.imported + batch.length, highlights: job.counts.highlights + batch.reduce((n, a) => n + a.state.highlights.length, 0) },
    };
    await jobs.write(job);
    acknowledged?.(ids);
    options.onJob?.(job);
  }
  job = { ...job, status: job.options.download ? 'downloading' : 'paused' };
  await jobs.write(job);
  await jobs.dropFiles(job.id, ['entries']);
  options.onJob?.(job);
  return job;
}

/** After a kill: an import that was recording its entries goes on from the last acknowledged batch (the same ids, so nothing twice). */
export async function resumeListing(library: Library, job: ImportJob, options: Pick<ListingOptions, 'onJob' | 'shouldStop'>): Promise<ImportJob> {
  const jobs = await library.importJobs();
  const lines = await jobs.readEntries(job.id);
  if (lines.length !== job.total) throw new OffprintError('storage', `The entries of the import of ${job.name} are missing or incomplete, so it cannot be resumed.`);
  const articles = lines.map((line) => JSON.parse(line) as ImportedArticle);
  return recordBatches(library, job, articles, options);
}
