/**
 * The process the crash test kills (tests/electron/crash.test.ts; bundled by it, never run by vitest).
 * It holds the library's lock like the app does and changes the library as fast as it can: saves from
 * the local fixture server and of plain text (through the service: fetch, extraction, images,
 * storage), bookmarks, reading progress, archive marks, settings, deletes, tags (added, removed,
 * renamed, merged, deleted across the library), highlights (added, recoloured, noted, deleted) and
 * article notes (through the library, which is all the service does for them), chosen by a seeded
 * random generator. Before each operation it prints
 * `{"begin": …}`; only after the operation's promise resolved does it print `{"ack": …}`.
 *
 * argv: dataDir fixtureUrl seed
 */
import { Extractor } from '../../../electron/capture/extractor';
import { acquireLibraryLock } from '../../../electron/library/lock';
import { Library } from '../../../electron/library/library';
import type { OffprintService } from '../../../electron/service';
import { faultyFs, randomFaults } from '../../helpers/library-faults';
import { random as seededRandom } from '../../helpers/random';
import { HIGHLIGHT_COLORS, type HighlightColor, tagKey } from '../../../shared/annotations';

const [dataDir, fixtureUrl, seedArg] = process.argv.slice(2);
if (!dataDir || !fixtureUrl) throw new Error('usage: crash-child dataDir fixtureUrl seed');

/** Seeded, so a trial can be replayed. */
const random = seededRandom(Number(seedArg ?? 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Lines go to stdout synchronously (a pipe on Linux), so an ack is out before the next operation starts. */
function emit(line: unknown): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

type Op =
  | { op: 'save-url'; url: string }
  | { op: 'save-text'; text: string }
  | { op: 'bookmark'; id: string; value: boolean }
  | { op: 'progress'; id: string; progress: number; position: { block: number; offset: number } }
  | { op: 'archive'; id: string; value: boolean }
  | { op: 'settings'; theme: 'light' | 'dark' | 'sepia' | 'system' }
  | { op: 'delete'; id: string }
  | { op: 'tag-add'; id: string; tags: string[] }
  | { op: 'tag-remove'; id: string; tags: string[] }
  | { op: 'tag-rename'; tag: string; name: string }
  | { op: 'tag-merge'; tags: string[]; into: string }
  | { op: 'tag-delete'; tag: string }
  | { op: 'highlight-add'; id: string; start: number; end: number; color: HighlightColor; note: string | null }
  | { op: 'highlight-update'; highlightId: string; color: HighlightColor; note: string | null }
  | { op: 'highlight-delete'; highlightId: string }
  | { op: 'note'; id: string; note: string | null };

/**
 * Tag names, one spelling each (so a tag's name is always one of these), in several scripts. An
 * article is sometimes given a tag it already has in another case, which must stay the same tag.
 */
export const TAG_POOL = ['Read later', '日本', 'Économie', 'news', 'Long reads', '東京'] as const;

async function main(): Promise<void> {
  const lock = await acquireLibraryLock(dataDir!, 'crash-child');
  // The soak's fault mode (CRASH_FAULTS=p): after open, each call that changes the disk fails with
  // probability p (a full disk, a failing disk, a refused permission), so operations fail too.
  const faultRate = Number(process.env.CRASH_FAULTS ?? 0);
  let faultsOn = false;
  const fs = faultRate > 0 ? faultyFs([], randomFaults(seededRandom(Number(seedArg ?? 1) * 31 + 7), faultRate, () => faultsOn)) : undefined;
  // Rolling backups every tenth of a second, so that kills also land in the middle of one.
  const library = await Library.open({ dataDir: dataDir!, backups: { everyMs: 100 }, fs });
  faultsOn = true;
  // Loading the capture pipeline (jsdom, here and in the extraction worker) takes seconds; the
  // library's own changes start at once, and saves join in when the service is ready.
  const extractor = new Extractor();
  let service: OffprintService | null = null;
  const serviceReady = Promise.all([import('../../../electron/service'), extractor.run('finalize', '<p>warm</p>', 'warm-up', [])]).then(([{ createOffprintService }]) => {
    service = createOffprintService(library, { extractor, imageLimits: { deadlineMs: 5000, idleMs: 2000 } });
    return service;
  });
  const ids = [...library.listArticles({ view: 'all', offset: 0, limit: 500 }).items, ...library.listArticles({ view: 'archived', offset: 0, limit: 500 }).items].map((a) => a.id);
  emit({ ready: { pid: process.pid, articles: ids.length, lock: lock.holder.nonce, ms: Math.round(performance.now()) } });

  for (let n = 0; ; n++) {
    const roll = random();
    let op: Op;
    const canSave = service !== null || ids.length === 0;
    if (ids.length === 0 || (canSave && roll < 0.12)) {
      const pages = ['asiae-korea-ukraine/source.html', 'asiae-korean-euckr/source.html'];
      op = { op: 'save-url', url: `${fixtureUrl}/${pick(pages)}?seed=${seedArg}&n=${n}` };
    } else if (canSave && roll < 0.24) {
      op = { op: 'save-text', text: `A crash test note number ${seedArg}-${n}\n\n${'A sentence that fills the note. '.repeat(1 + Math.floor(random() * 40))}` };
    } else if (roll < 0.36) {
      op = { op: 'bookmark', id: pick(ids), value: random() < 0.6 };
    } else if (roll < 0.5) {
      op = { op: 'progress', id: pick(ids), progress: Math.floor(random() * 100), position: { block: Math.floor(random() * 50), offset: Math.floor(random() * 500) } };
    } else if (roll < 0.57) {
      op = { op: 'archive', id: pick(ids), value: random() < 0.5 };
    } else if (roll < 0.62) {
      op = { op: 'settings', theme: pick(['light', 'dark', 'sepia', 'system'] as const) };
    } else if (roll < 0.71) {
      op = { op: 'delete', id: pick(ids) };
    } else if (roll < 0.94) {
      op = await annotationOp(library, ids, random());
    } else {
      op = await tagTableOp(library, ids);
    }
    emit({ begin: op });
    try {
      await perform(op);
    } catch (error) {
      if (faultRate === 0) throw error;
      // A failed operation must have changed nothing; one whose outcome the disk left unknown (and
      // after which the library refuses changes) may or may not have happened: the parent knows which.
      const message = (error as Error).message;
      const uncertain = /cannot tell whether the change was kept|stopped changing this library/.test(message);
      emit({ failed: op, uncertain, message });
      if (uncertain) {
        emit({ stopped: 'the library refuses changes until it is reopened' });
        setInterval(() => undefined, 60_000); // keeps the process alive until the kill
        await new Promise(() => undefined);
      }
    }
  }

  async function perform(op: Op): Promise<void> {
    switch (op.op) {
      case 'save-url':
      case 'save-text': {
        const source = op.op === 'save-url' ? ({ kind: 'url', url: op.url } as const) : ({ kind: 'text', text: op.text } as const);
        const { article, duplicate } = await (await serviceReady).saveArticle({ source });
        if (!ids.includes(article.id)) ids.push(article.id);
        emit({ ack: { ...op, id: article.id, duplicate } });
        break;
      }
      case 'bookmark':
        await library.setBookmarked({ id: op.id, bookmarked: op.value });
        emit({ ack: op });
        break;
      case 'progress':
        await library.saveProgress({ id: op.id, position: op.position, progress: op.progress });
        emit({ ack: op });
        break;
      case 'archive':
        await library.setArchived({ id: op.id, archived: op.value });
        emit({ ack: op });
        break;
      case 'settings':
        await library.updateSettings({ patch: { theme: op.theme } });
        emit({ ack: op });
        break;
      case 'delete':
        await library.deleteArticle({ id: op.id });
        ids.splice(ids.indexOf(op.id), 1);
        emit({ ack: op });
        break;
      case 'tag-add':
        await library.addTags({ id: op.id, tags: op.tags });
        emit({ ack: op });
        break;
      case 'tag-remove':
        await library.removeTags({ id: op.id, tags: op.tags });
        emit({ ack: op });
        break;
      case 'tag-rename':
        await library.renameTag({ tag: op.tag, name: op.name });
        emit({ ack: op });
        break;
      case 'tag-merge':
        await library.mergeTags({ tags: op.tags, into: op.into });
        emit({ ack: op });
        break;
      case 'tag-delete':
        await library.deleteTag({ tag: op.tag });
        emit({ ack: op });
        break;
      case 'highlight-add': {
        const made = await library.addHighlight({ id: op.id, start: op.start, end: op.end, color: op.color, ...(op.note ? { note: op.note } : {}) });
        emit({ ack: { ...op, highlightId: made.highlightId } });
        break;
      }
      case 'highlight-update':
        await library.updateHighlight({ highlightId: op.highlightId, color: op.color, note: op.note });
        emit({ ack: op });
        break;
      case 'highlight-delete':
        await library.deleteHighlight({ highlightId: op.highlightId });
        emit({ ack: op });
        break;
      case 'note':
        await library.setArticleNote({ id: op.id, note: op.note });
        emit({ ack: op });
        break;
    }
  }
}

/** A change to one article's tags, highlights or note. */
async function annotationOp(library: Library, ids: string[], roll: number): Promise<Op> {
  const id = pick(ids);
  const noteOrNull = () => (random() < 0.5 ? null : `Note ${Math.floor(random() * 1e6)}: ${'words '.repeat(1 + Math.floor(random() * 20)).trim()}`);
  if (roll < 0.4) {
    const have = library.summary(id).tags;
    // A tag it has, in another case, must stay the one tag.
    const tags = Array.from({ length: 1 + Math.floor(random() * 2) }, () => {
      const name = pick(TAG_POOL);
      return have.some((t) => tagKey(t) === tagKey(name)) && random() < 0.5 ? name.toUpperCase() : name;
    });
    return random() < 0.7 || have.length === 0 ? { op: 'tag-add', id, tags: liveSpelling(library, tags) } : { op: 'tag-remove', id, tags: [pick(have).toLowerCase()] };
  }
  if (roll < 0.75) {
    const text = await library.articleText({ id });
    const start = Math.floor(random() * Math.max(1, text.length - 2));
    const end = Math.min(text.length, start + 1 + Math.floor(random() * 80));
    if (text.slice(start, end).trim()) return { op: 'highlight-add', id, start, end, color: pick(HIGHLIGHT_COLORS), note: noteOrNull() };
  }
  const highlights = library.listHighlights({ limit: 500 }).items;
  if (roll < 0.85 && highlights.length) {
    const { highlightId } = pick(highlights).highlight;
    return random() < 0.6 ? { op: 'highlight-update', highlightId, color: pick(HIGHLIGHT_COLORS), note: noteOrNull() } : { op: 'highlight-delete', highlightId };
  }
  return { op: 'note', id, note: noteOrNull() };
}

/**
 * A name of the pool as the library will keep it: one no article carries is given in the pool's
 * spelling (a tag left unused keeps that spelling until the next open drops it).
 */
function liveSpelling(library: Library, names: string[]): string[] {
  const live = new Set(library.listTags().map((t) => tagKey(t.name)));
  return names.map((n) => (live.has(tagKey(n)) ? n : TAG_POOL.find((p) => tagKey(p) === tagKey(n))!));
}

/** A rename, merge or delete of a tag across the library (a tag some article has), or a tag added when there is none. */
async function tagTableOp(library: Library, ids: string[]): Promise<Op> {
  const live = library.listTags();
  if (!live.length) return { op: 'tag-add', id: pick(ids), tags: [pick(TAG_POOL)] };
  const tag = pick(live).name;
  const free = TAG_POOL.filter((p) => !live.some((t) => tagKey(t.name) === tagKey(p)));
  const roll = random();
  if (roll < 0.4 && free.length) return { op: 'tag-rename', tag, name: pick(free) };
  if (roll < 0.8) return { op: 'tag-merge', tags: [tag], into: random() < 0.5 && free.length ? pick(free) : pick(live).name };
  return { op: 'tag-delete', tag };
}

main().catch((error: unknown) => {
  emit({ error: String((error as Error)?.stack ?? error) });
  process.exit(1);
});
