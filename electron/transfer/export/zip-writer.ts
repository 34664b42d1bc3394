/**
 * A zip written as it goes (fflate's streaming Zip), to a temporary file renamed into place at
 * the end: each file is compressed and handed to the disk before the next is read, waiting for
 * the disk when it falls behind, so an export of any size holds one article in memory at a time.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export class ZipWriter {
  private readonly out;
  private readonly zip: Zip;
  private readonly tmp: string;
  private failure: Error | null = null;
  private waiting = false;
  private ended: Promise<void>;

  constructor(private readonly path: string) {
    this.tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    this.out = createWriteStream(this.tmp);
    this.out.on('error', (error) => (this.failure = error));
    let end: () => void = () => undefined;
    this.ended = new Promise((resolve) => (end = resolve));
    this.zip = new Zip((error, chunk, final) => {
      if (error) this.failure = error;
      else if (!this.out.write(chunk)) this.waiting = true;
      if (final) end();
    });
  }

  /** Adds one file: deflated, or stored as it is (images, already compressed; an EPUB's mimetype, which must be). */
  async add(name: string, data: string | Uint8Array, options: { store?: boolean } = {}): Promise<void> {
    if (this.failure) throw this.failure;
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    // Small files are stored: deflate's per-file set-up costs more than it saves on a few hundred bytes.
    const file = options.store || bytes.length < 2048 ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
    this.zip.add(file);
    file.push(bytes, true);
    if (this.waiting) {
      this.waiting = false;
      await once(this.out, 'drain');
    }
  }

  /** Finishes the zip and moves it into place; returns its size in bytes. */
  async finish(): Promise<number> {
    this.zip.end();
    await this.ended;
    this.out.end();
    await once(this.out, 'finish');
    if (this.failure) {
      await rm(this.tmp, { force: true });
      throw this.failure;
    }
    await rename(this.tmp, this.path);
    return (await stat(this.path)).size;
  }

  /** Gives up: nothing is left behind. */
  async abort(): Promise<void> {
    this.out.destroy();
    await rm(this.tmp, { force: true });
  }
}
