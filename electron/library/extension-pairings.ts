import { z } from 'zod';
import { log } from '../log';
import type { LibraryLayout } from './layout';
import { DurableJsonFile, type Storage } from './storage';

/**
 * `extensions.json` (issue 16): the browser extensions paired with this library, each with the
 * SHA-256 of the token only it holds (the token itself is never stored). A library's pairings go
 * with it: an extension saves into the library that approved it.
 */
export const EXTENSIONS_FORMAT = 1;

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');

export const storedPairingSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  origin: z.string().max(200),
  browser: z.enum(['chromium', 'firefox']),
  name: z.string().max(200),
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  pairedAt: isoDate,
  lastUsedAt: isoDate.nullable(),
});
export type StoredPairing = z.infer<typeof storedPairingSchema>;

const pairingFileSchema = z.object({ schemaVersion: z.literal(EXTENSIONS_FORMAT), pairings: z.array(storedPairingSchema).max(1000) });

/** The pairings, read once when first asked for and written durably on every change. */
export class ExtensionPairingStore {
  private constructor(
    private readonly file: DurableJsonFile<unknown>,
    private pairings: StoredPairing[],
  ) {}

  /** A missing file is no pairings; an unreadable one too (every extension pairs again), said in the log and replaced at the next pairing. */
  static async open(layout: LibraryLayout, storage: Storage): Promise<ExtensionPairingStore> {
    const file = new DurableJsonFile<unknown>(layout.extensionsFile, storage);
    let pairings: StoredPairing[] = [];
    try {
      const raw = await file.read();
      if (raw !== null) {
        const parsed = pairingFileSchema.safeParse(raw);
        if (parsed.success) pairings = parsed.data.pairings;
        else log.warn(`${layout.extensionsFile} is not a list of pairings Offprint reads: no extension is paired until one pairs again`);
      }
    } catch (error) {
      log.warn(`${layout.extensionsFile} could not be read: no extension is paired until one pairs again`, error);
    }
    return new ExtensionPairingStore(file, pairings);
  }

  list(): StoredPairing[] {
    return this.pairings.map((p) => ({ ...p }));
  }

  async put(pairing: StoredPairing): Promise<void> {
    await this.write([...this.pairings.filter((p) => p.id !== pairing.id), pairing]);
  }

  /** True when there was such a pairing. */
  async remove(id: string): Promise<boolean> {
    if (!this.pairings.some((p) => p.id === id)) return false;
    await this.write(this.pairings.filter((p) => p.id !== id));
    return true;
  }

  /** Memory changes only once the file is written. */
  private async write(next: StoredPairing[]): Promise<void> {
    await this.file.write({ schemaVersion: EXTENSIONS_FORMAT, pairings: next });
    this.pairings = next;
  }
}
