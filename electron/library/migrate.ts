import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { OffprintError } from '../../shared/errors';
import { damagedFile, refuseNewer, wrongShape } from './damage';
import { SHARD_CAPACITY, shardFileName, stateFileName } from './article-index';
import { syncDirectory, writeFileDurably } from './durable-file';
import { type ArticleRecord, emptyStateShard, type LegacyState, legacyDbSchema, legacyStateSchema, type StateShard } from './schema';
import { serializeShard, urlKey } from './shard-file';

export const INDEX_DIR = 'index';
const STAGING_PREFIX = 'index.staging-';

/**
 * Makes sure `dataDir/index/` exists, building it from the first layout (db.json and a state.json
 * holding per-article state) if that is what the folder has. The shards are written into a staging
 * folder that is renamed into place in one step, so an interrupted migration leaves the old files
 * as they were (and its staging folder is removed next time). A db.json or state.json that cannot
 * be read is never touched.
 */
export interface MigrationHooks {
  /** Called once before a first-layout library is migrated (to take a backup of it). */
  beforeMigration?: () => Promise<unknown>;
  /** The records to migrate when db.json is missing (it was damaged and moved aside). */
  recordsWithoutDb?: () => Promise<ArticleRecord[]>;
}

export async function ensureIndexLayout(dataDir: string, hooks: MigrationHooks = {}): Promise<void> {
  for (const name of await readdir(dataDir)) {
    if (name.startsWith(STAGING_PREFIX)) await rm(join(dataDir, name), { recursive: true, force: true });
  }
  const indexDir = join(dataDir, INDEX_DIR);
  const legacyDbFile = join(dataDir, 'db.json');
  if (await isDirectory(indexDir)) {
    // The index exists only once a migration finished, so a db.json beside it is already migrated.
    await rm(legacyDbFile, { force: true }).catch(() => undefined);
    return;
  }
  const db = await readValidatedJson(legacyDbFile, legacyDbSchema);
  const rawState = await readJson(join(dataDir, 'state.json'));
  const state: LegacyState | null =
    rawState !== null && (rawState as { schemaVersion?: unknown }).schemaVersion === 1 ? await readValidatedJson(join(dataDir, 'state.json'), legacyStateSchema) : null;
  if (db || state) await hooks.beforeMigration?.();
  const records = db?.articles ?? (await hooks.recordsWithoutDb?.()) ?? [];
  const staging = join(dataDir, `${STAGING_PREFIX}${randomBytes(4).toString('hex')}`);
  await mkdir(staging);
  for (let start = 0, ordinal = 0; start < records.length; start += SHARD_CAPACITY, ordinal++) {
    const chunk = records.slice(start, start + SHARD_CAPACITY);
    const ids = chunk.map((r) => r.id);
    await writeFileDurably(join(staging, shardFileName(ordinal)), serializeShard({ ids, urlKeys: chunk.map((r) => urlKey(r.normalizedUrl)), lines: chunk.map((r) => JSON.stringify(r)) }));
    const shardState = state ? stateFor(new Set(ids), state) : null;
    if (shardState) await writeFileDurably(join(staging, stateFileName(ordinal)), JSON.stringify(shardState));
  }
  await syncDirectory(staging);
  await rename(staging, indexDir);
  await syncDirectory(dataDir);
  await rm(legacyDbFile, { force: true });
}

/** The per-article state of the given articles, or null when they have none. */
function stateFor(ids: Set<string>, state: LegacyState): StateShard | null {
  const out = emptyStateShard();
  let any = false;
  const keep = <V>(from: Record<string, V>, to: Record<string, V>) => {
    for (const [id, value] of Object.entries(from)) {
      if (!ids.has(id)) continue;
      to[id] = value;
      any = true;
    }
  };
  keep(state.bookmarks, out.bookmarks);
  keep(state.reading, out.reading);
  keep(state.archived, out.archived);
  for (const place of state.places) {
    if (!ids.has(place.articleId)) continue;
    out.places.push(place);
    any = true;
  }
  return any ? out : null;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw unreadable(file, error);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw unreadable(file, error);
  }
}

/** Reads and validates a library JSON file; a damaged one is an error naming it, and is left as it is. */
export async function readValidatedJson<T>(file: string, schema: z.ZodType<T>): Promise<T | null> {
  const raw = await readJson(file);
  if (raw === null) return null;
  try {
    refuseNewer(raw);
  } catch (error) {
    throw damagedFile(file, error);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw wrongShape(file);
  return parsed.data;
}

function unreadable(file: string, error: unknown): OffprintError {
  return damagedFile(file, error);
}
