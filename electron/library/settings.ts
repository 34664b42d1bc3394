import { Low } from 'lowdb';
import { nearestTextSize } from '../../shared/text-size';
import type { Settings } from '../../shared/types';
import { damagedFile, refuseNewer, wrongShape } from './damage';
import { join } from 'node:path';
import { LAYOUT2_SETTINGS_FILE, type LibraryLayout } from './layout';
import { commitTo } from './reading-state';
import { emptySettingsFile, SETTINGS_FORMAT, type SettingsFile, settingsFileSchema } from './schema';
import { DurableJsonFile, type Storage } from './storage';

/** The reader's settings, in `settings.json` (lowdb). */
export class SettingsStore {
  private constructor(private readonly db: Low<SettingsFile>) {}

  /** Reads settings.json; a missing file is the defaults, a damaged one a DamagedFileError naming it (repaired by the caller). */
  static async open(layout: LibraryLayout, storage: Storage, options: { layout2?: boolean } = {}): Promise<SettingsStore> {
    // A layout-2 folder opened read-only (so not migrated) still has its settings under their old name.
    const file = options.layout2 ? join(layout.dataDir, LAYOUT2_SETTINGS_FILE) : layout.settingsFile;
    const adapter = new DurableJsonFile<unknown>(file, storage);
    let raw: unknown;
    try {
      raw = await adapter.read();
      if (raw !== null) refuseNewer(raw, SETTINGS_FORMAT);
    } catch (error) {
      throw damagedFile(file, error);
    }
    const db = new Low<SettingsFile>(new DurableJsonFile<SettingsFile>(file, storage), emptySettingsFile());
    if (raw !== null) {
      const parsed = settingsFileSchema.safeParse(raw);
      if (!parsed.success) throw wrongShape(file);
      db.data = parsed.data;
    }
    return new SettingsStore(db);
  }

  get(): Settings {
    return { ...this.db.data.settings };
  }

  /** Changes some settings (text sizes snap to the nearest offered step) and returns all of them. */
  async update(patch: Partial<Settings>): Promise<Settings> {
    const next: Settings = { ...this.db.data.settings, ...patch };
    if (patch.textSize !== undefined) next.textSize = nearestTextSize(patch.textSize);
    await commitTo(this.db, (data) => ({ ...data, settings: next }));
    return { ...next };
  }
}
