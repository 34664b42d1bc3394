import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../../electron/library/library';
import { takeRollingBackup } from '../../../electron/library/rolling-backups';
import { articleRecord } from '../../helpers/records';

const ROOT = resolve(__dirname, '../../..');
const CHILD = join(__dirname, 'repair-crash-child.ts');
const idOf = (i: number) => `art-${String(i).padStart(5, '0')}`;
const files = (id: string) => ({ bodyHtml: `<p>Body of ${id}</p>`, bodyText: `Body of ${id}`, rawPage: null });

let work: string;
let damaged: string;
/** What the reader had acknowledged before the shard was damaged. */
const expected = { articles: 300, bookmarked: [idOf(10), idOf(280)], archived: [idOf(290)] };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'offprint-repair-crash-'));
  damaged = join(work, 'damaged');
  let clock = Date.parse('2026-05-01T00:00:00.000Z');
  const library = await Library.open({ dataDir: damaged, now: () => new Date((clock += 1000)) });
  await library.addArticles({ items: Array.from({ length: 270 }, (_, i) => ({ record: articleRecord(idOf(i)), files: files(idOf(i)) })) });
  await library.setBookmarked({ id: idOf(10), bookmarked: true });
  await takeRollingBackup(damaged, 'scheduled', new Date((clock += 1000)));
  await library.addArticles({ items: Array.from({ length: 30 }, (_, i) => ({ record: articleRecord(idOf(270 + i)), files: files(idOf(270 + i)) })) });
  await library.setBookmarked({ id: idOf(280), bookmarked: true });
  await library.setArchived({ id: idOf(290), archived: true });
  await library.close();
  // The second shard (articles 256–299) is cut short: its repair restores it from the backup, which
  // predates most of it, and puts the rest back from their folders.
  const shard = join(damaged, 'index', '000001.articles.jsonl');
  await truncate(shard, (await stat(shard)).size - 100);
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Runs the child on a copy of the damaged library, stopping at the n-th disk change; resolves with what it said. */
async function runChild(dataDir: string, stopAt: number): Promise<{ stopped?: number; done?: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(stopAt)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const said = await new Promise<{ stopped?: number; done?: number }>((ok, fail) => {
    let buffer = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const line = buffer.split('\n').find((l) => l.trim());
      if (line && buffer.includes('\n')) ok(JSON.parse(line) as { stopped?: number; done?: number });
    });
    child.once('exit', (code) => (buffer.includes('\n') ? undefined : fail(new Error(`child exited ${code}: ${err}`))));
  });
  if (said.stopped) child.kill('SIGKILL');
  await new Promise((ok) => (child.exitCode !== null || child.signalCode !== null ? ok(null) : child.once('exit', ok)));
  return said;
}

describe('electron/library/repair: kill -9 at every step of a repair (issue 17)', () => {
  it('a repair killed at any of its disk changes is finished by the next open, losing nothing acknowledged', { timeout: 600_000 }, async () => {
    let total = Infinity;
    const stops = [];
    for (let n = 1; n <= total && n < 400; n += n < 40 ? 1 : 7) {
      const dataDir = join(work, `trial-${n}`);
      await cp(damaged, dataDir, { recursive: true });
      const said = await runChild(dataDir, n);
      if (said.done !== undefined) total = said.done;
      if (said.stopped === undefined) {
        await rm(dataDir, { recursive: true, force: true });
        continue;
      }
      stops.push(n);
      const library = await Library.open({ dataDir });
      await library.flush();
      await library.verified;
      const all = [...library.listArticles({ limit: 500 }).items, ...library.listArticles({ view: 'archived', limit: 500 }).items].map((a) => a.id);
      expect(all.length, `stopped at ${n}`).toBe(expected.articles);
      // The damaged shard's own state file was intact, so no bookmark or mark is lost either.
      expect(library.listArticles({ view: 'bookmarked', limit: 500 }).items.map((a) => a.id).sort(), `stopped at ${n}`).toEqual(expected.bookmarked);
      expect(library.listArticles({ view: 'archived', limit: 500 }).items.map((a) => a.id), `stopped at ${n}`).toEqual(expected.archived);
      // The reader is told, once.
      expect((await library.listNotices()).length, `stopped at ${n}`).toBe(1);
      await library.close();
      // Nothing half done is left, and a second open repairs nothing.
      const entries = (await readdir(dataDir, { recursive: true })).map(String);
      expect(entries.filter((p) => /\.tmp$|\.staging-|\.old-|\.deleted-|\.purge-|^\.temp/.test(p)), `stopped at ${n}`).toEqual([]);
      const again = await Library.open({ dataDir });
      expect(again.repairNotice, `stopped at ${n}`).toBeNull();
      await again.close();
      await rm(dataDir, { recursive: true, force: true });
    }
    expect(total).toBeLessThan(400);
    expect(stops.length).toBeGreaterThan(10);
    console.log(`repair crash trials: ${stops.length} kills over a repair of ${total} disk changes`);
  });
});
