import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { z } from 'zod';
import { absentAs, log } from '../log';
import type { LibraryLayout } from './layout';
import type { Storage } from './storage';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');

/** How many skipped entries a job keeps with their reasons (the count is always whole). */
export const MAX_KEPT_SKIPPED = 1000;

/**
 * One import (issue 15): what it was, how far it got, and which articles it brought in. Written
 * before anything else of the import and after each batch of entries is recorded, so a process
 * killed at any moment resumes where it stopped (`listed` entries are acknowledged).
 */
export const importJobSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string().regex(/^[a-z0-9-]{4,64}$/),
  name: z.string(),
  format: z.string(),
  createdAt: isoDate,
  options: z.object({ download: z.boolean(), wayback: z.boolean() }),
  /** `listing`: entries being recorded; `downloading`; `paused`; `done`; `cancelled` (what was waiting was removed). */
  status: z.enum(['listing', 'downloading', 'paused', 'done', 'cancelled']),
  /** Entries to record (in entries.jsonl), and how many of them are recorded. */
  total: z.number().int().min(0),
  listed: z.number().int().min(0),
  /** The articles this import added, in order (the download queue's work). */
  ids: z.array(z.string()),
  counts: z.object({
    imported: z.number().int(),
    duplicates: z.number().int(),
    skipped: z.number().int(),
    highlights: z.number().int(),
    /** As of the job's last write (the articles' own records are the truth, counted again at the next start). */
    downloaded: z.number().int().default(0),
    failed: z.number().int().default(0),
    placed: z.number().int().default(0),
  }),
  skipped: z.array(z.object({ url: z.string().nullable(), title: z.string().nullable(), reason: z.string() })),
  finishedAt: isoDate.nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

/**
 * The import jobs room: `imports/<id>.job.json` (the job), `imports/<id>.entries.jsonl` (the
 * entries to record, one per line, written once before the first is recorded) and
 * `imports/<id>.content` (the HTML the export held, written once; articles waiting to be
 * downloaded point into it). What an import does is electron/transfer/'s; this room only keeps it.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();

  constructor(
    private readonly layout: LibraryLayout,
    private readonly storage: Storage,
  ) {}

  /** Reads every job file; one that cannot be read is set aside in the log and left (it is no article). */
  async load(): Promise<void> {
    const names = await readdir(this.layout.importsDir).catch(absentAs([] as string[]));
    for (const name of names.filter((n) => n.endsWith('.job.json')).sort()) {
      try {
        const job = importJobSchema.parse(JSON.parse(await readFile(`${this.layout.importsDir}/${name}`, 'utf8')));
        this.jobs.set(job.id, job);
      } catch (error) {
        log.warn(`The import job ${name} cannot be read and is ignored`, error);
      }
    }
  }

  /** Temporary files a killed import left in imports/ (only the writer calls this). */
  async removeLeftovers(): Promise<void> {
    for (const name of await readdir(this.layout.importsDir).catch(absentAs([] as string[]))) {
      // A temporary file, or entries and content written for a job that was never written (killed before its first write).
      const job = /^(.+)\.(entries\.jsonl|content)$/.exec(name)?.[1];
      if (name.endsWith('.tmp') || (job !== undefined && !this.jobs.has(job))) await rm(`${this.layout.importsDir}/${name}`, { force: true });
    }
  }

  list(): ImportJob[] {
    return [...this.jobs.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  }

  get(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  /** Keeps a job's newer counts in memory only (written with its next write). */
  remember(job: ImportJob): void {
    this.jobs.set(job.id, job);
  }

  async write(job: ImportJob): Promise<void> {
    await this.storage.makeDirectory(this.layout.importsDir);
    await this.storage.writeDurably(this.layout.importFile(job.id, 'job'), JSON.stringify(job));
    this.jobs.set(job.id, job);
  }

  /** Writes an import's entries, one JSON line each, durably, in one go. */
  async writeEntries(id: string, lines: string[]): Promise<void> {
    await this.storage.makeDirectory(this.layout.importsDir);
    await this.writeStream(this.layout.importFile(id, 'entries'), async (write) => {
      for (const line of lines) await write(`${line}\n`);
    });
  }

  async readEntries(id: string): Promise<string[]> {
    const text = await readFile(this.layout.importFile(id, 'entries'), 'utf8').catch(absentAs(''));
    return text.split('\n').filter(Boolean);
  }

  /**
   * Writes an import's content file from `fill`, which appends pieces and learns where each one is
   * (offset and length in bytes), durably and in one go.
   */
  async writeContent(id: string, fill: (append: (piece: string) => Promise<{ offset: number; length: number }>) => Promise<void>): Promise<void> {
    await this.storage.makeDirectory(this.layout.importsDir);
    let offset = 0;
    await this.writeStream(this.layout.importFile(id, 'content'), (write) =>
      fill(async (piece) => {
        const bytes = Buffer.from(piece, 'utf8');
        await write(bytes);
        const at = { offset, length: bytes.length };
        offset += bytes.length;
        return at;
      }),
    );
  }

  /** One piece of an import's content file. */
  async readContent(id: string, offset: number, length: number): Promise<string> {
    const handle = await open(this.layout.importFile(id, 'content'), 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      if (bytesRead !== length) throw new Error(`the import's content file is shorter than expected`);
      return buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  }

  /** Removes an import's entries and content (once nothing waits for them), keeping its job as a record of what it did. */
  async dropFiles(id: string, parts: ('entries' | 'content')[]): Promise<void> {
    for (const part of parts) await rm(this.layout.importFile(id, part), { force: true });
  }

  private async writeStream(file: string, fill: (write: (data: string | Uint8Array) => Promise<void>) => Promise<void>): Promise<void> {
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await open(tmp, 'w');
    try {
      await fill(async (data) => {
        if (typeof data === 'string') await handle.write(data);
        else await handle.write(data);
      });
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(tmp, { force: true });
      throw error;
    }
    await handle.close();
    await rename(tmp, file);
    await this.storage.syncDirectory(this.layout.importsDir);
  }
}
