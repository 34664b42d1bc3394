/**
 * The process the crash test kills (tests/electron/crash.test.ts; bundled by it, never run by vitest).
 * It holds the library's lock like the app does and changes the library as fast as it can: saves from
 * the local fixture server and of plain text (through the service: fetch, extraction, images,
 * storage), bookmarks, reading progress, archive marks, settings and deletes (through the library,
 * which is all the service does for them), chosen by a seeded random generator. Before each operation it prints
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
  | { op: 'delete'; id: string };

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
    if (ids.length === 0 || (canSave && roll < 0.16)) {
      const pages = ['asiae-korea-ukraine/source.html', 'asiae-korean-euckr/source.html'];
      op = { op: 'save-url', url: `${fixtureUrl}/${pick(pages)}?seed=${seedArg}&n=${n}` };
    } else if (canSave && roll < 0.32) {
      op = { op: 'save-text', text: `A crash test note number ${seedArg}-${n}\n\n${'A sentence that fills the note. '.repeat(1 + Math.floor(random() * 40))}` };
    } else if (roll < 0.48) {
      op = { op: 'bookmark', id: pick(ids), value: random() < 0.6 };
    } else if (roll < 0.68) {
      op = { op: 'progress', id: pick(ids), progress: Math.floor(random() * 100), position: { block: Math.floor(random() * 50), offset: Math.floor(random() * 500) } };
    } else if (roll < 0.78) {
      op = { op: 'archive', id: pick(ids), value: random() < 0.5 };
    } else if (roll < 0.86) {
      op = { op: 'settings', theme: pick(['light', 'dark', 'sepia', 'system'] as const) };
    } else {
      op = { op: 'delete', id: pick(ids) };
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
    }
  }
}

main().catch((error: unknown) => {
  emit({ error: String((error as Error)?.stack ?? error) });
  process.exit(1);
});
