import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { OffprintError } from '../../shared/errors';
import { damagedFile, refuseNewer, wrongShape } from './damage';
import { ARTICLES_DIR, INDEX_DIR, LAYOUT2_SETTINGS_FILE, LAYOUT_VERSION, type LibraryLayout } from './layout';
import { takeRollingBackup } from './rolling-backups';
import { layoutFileSchema, SETTINGS_FORMAT, settingsFileSchema } from './schema';
import { codeOf, type Storage } from './storage';

/**
 * Numbered migrations of the data directory's layout. `library.json` says which layout a folder
 * is in (a folder without one is layout 2, or a new library); each migration takes the folder one
 * layout further, after a rolling backup of everything it rewrites, and is safe to run again if a
 * process stopped part-way (each step either rewrites a file whole or removes one already copied).
 */
interface Migration {
  from: number;
  to: number;
  run(layout: LibraryLayout, storage: Storage): Promise<void>;
}

const MIGRATIONS: Migration[] = [
  {
    // Layout 2 kept the settings in `state.json`, beside the per-shard `*.state.json` files of
    // reading state: two meanings of "state". Layout 3 names it `settings.json`.
    from: 2,
    to: 3,
    async run(layout, storage) {
      const old = `${layout.dataDir}/${LAYOUT2_SETTINGS_FILE}`;
      let text: string | null = null;
      try {
        text = await readFile(old, 'utf8');
      } catch (error) {
        if (codeOf(error) !== 'ENOENT') throw damagedFile(old, error);
      }
      if (text !== null) {
        let raw: unknown;
        try {
          raw = JSON.parse(text);
          refuseNewer(raw, SETTINGS_FORMAT);
        } catch (error) {
          throw damagedFile(old, error);
        }
        if (!settingsFileSchema.safeParse(raw).success) throw wrongShape(old);
        await storage.writeDurably(layout.settingsFile, text);
      }
      await writeLayoutFile(layout, storage, 3);
      await storage.fs.rm(old, { force: true });
    },
  },
];

/** Which layout the folder is in: null for a new (empty) library. */
async function currentLayout(layout: LibraryLayout): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(layout.layoutFile, 'utf8');
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw damagedFile(layout.layoutFile, error);
    if (existsSync(`${layout.dataDir}/db.json`)) {
      throw new OffprintError('storage', `The library at ${layout.dataDir} was written by a pre-release version of Offprint (db.json) that this version cannot read.`);
    }
    const used = [INDEX_DIR, LAYOUT2_SETTINGS_FILE, ARTICLES_DIR].some((name) => existsSync(`${layout.dataDir}/${name}`));
    return used ? 2 : null;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw damagedFile(layout.layoutFile, error);
  }
  const parsed = layoutFileSchema.safeParse(raw);
  if (!parsed.success) throw wrongShape(layout.layoutFile);
  if (parsed.data.layoutVersion > LAYOUT_VERSION) {
    throw new OffprintError(
      'storage',
      `The library at ${layout.dataDir} was written by a newer version of Offprint (layout ${parsed.data.layoutVersion}; this version reads up to layout ${LAYOUT_VERSION}). Update Offprint to open it; nothing was changed.`,
    );
  }
  return parsed.data.layoutVersion;
}

async function writeLayoutFile(layout: LibraryLayout, storage: Storage, version: number): Promise<void> {
  await storage.writeDurably(layout.layoutFile, `${JSON.stringify({ format: 'offprint-library', layoutVersion: version })}\n`);
}

/**
 * Brings the data directory to LAYOUT_VERSION (a new folder is simply marked as it). Returns the
 * layout it was in, for the caller to tell the reader; `readOnly` only checks that it can be read.
 */
export async function migrateLayout(layout: LibraryLayout, storage: Storage, now: Date, options: { readOnly?: boolean } = {}): Promise<number | null> {
  const found = await currentLayout(layout);
  if (found === LAYOUT_VERSION) return found;
  // Read-only: an older layout is read as it is (layout 2 differs only in the settings file's name).
  if (options.readOnly) return found;
  if (found === null) {
    await writeLayoutFile(layout, storage, LAYOUT_VERSION);
    return null;
  }
  await takeRollingBackup(layout.dataDir, 'before-migration', now);
  for (let version = found; version < LAYOUT_VERSION; ) {
    const step = MIGRATIONS.find((m) => m.from === version);
    if (!step) throw new OffprintError('storage', `Offprint cannot upgrade the library at ${layout.dataDir} from layout ${version}.`);
    await step.run(layout, storage);
    version = step.to;
  }
  return found;
}
