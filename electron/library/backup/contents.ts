import { z } from 'zod';
import { OffprintError } from '../../../shared/errors';
import { ARTICLE_IMAGES_DIR, isAllowedArticleFile } from '../article-folder-files';
import { ARTICLES_DIR, isTransientEntry, LOCK_FILE } from '../layout';

/**
 * What a backup archive holds and the rules every entry must pass, the same when a backup is
 * read back to verify it and when it is restored: every library file under `library/`, and a
 * manifest (`offprint-backup.json`, the first entry; the last in archives of earlier versions)
 * with each file's size and SHA-256.
 */

export const ROOT = 'library';
export const MANIFEST = 'offprint-backup.json';
const FORMAT = 'offprint-backup';
const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  createdAt: z.string(),
  directories: z.array(z.string()),
  files: z.array(z.object({ path: z.string(), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

export function newManifest(directories: string[]): BackupManifest {
  return { format: FORMAT, version: 1, createdAt: new Date().toISOString(), directories, files: [] };
}

/** The archive is damaged, incomplete or not a backup. */
export function corrupt(detail: string): OffprintError {
  return new OffprintError('invalid-argument', `That is not a complete Offprint backup: ${detail}.`);
}

export function parseManifest(text: string): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw corrupt('its manifest is not JSON');
  }
  const kind = value as { format?: unknown; version?: unknown } | null;
  if (kind?.format !== FORMAT || kind.version !== 1) throw corrupt('its manifest is of an unknown kind');
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) throw corrupt('its manifest is damaged');
  return parsed.data;
}

export function checkManifestSize(size: number): void {
  if (size > MAX_MANIFEST_BYTES) throw corrupt('the manifest is too large');
}

/**
 * The library-relative path of an archive entry, or an error: only `library/…` paths made of
 * ordinary names (no `..`, `.`, empty or absolute parts, backslashes, drive letters or control
 * characters) may be restored.
 */
export function safeEntryPath(name: string): string {
  const trimmed = name.replace(/\/+$/, '');
  if (!trimmed.startsWith(`${ROOT}/`)) throw corrupt(`"${name.slice(0, 200)}" is outside the library`);
  const parts = trimmed.slice(ROOT.length + 1).split('/');
  for (const part of parts) {
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (part === '' || part === '.' || part === '..' || /[\\:\u0000-\u001f\u007f]/.test(part) || Buffer.byteLength(part) > 255) {
      throw corrupt(`"${name.slice(0, 200)}" is not a safe path`);
    }
  }
  return parts.join('/');
}

/**
 * Files that belong to a moment, not to the library, left out of a backup and skipped on
 * restore: the lock and its takeover marker, the `.temp/` folder, temporary files of a write in progress (`*.tmp`),
 * staging folders of an interrupted save and of an interrupted restore.
 */
export function isTransientPath(rel: string): boolean {
  const parts = rel.split('/');
  // `lock.recover` is layout 2's name for the takeover marker.
  if (parts.length === 1 && (parts[0] === LOCK_FILE || parts[0] === 'lock.recover')) return true;
  if (isTransientEntry(parts[0]!)) return true;
  return parts.some((part) => part.endsWith('.tmp') || part.startsWith('.staging-') || part.startsWith('.offprint-restore-'));
}

/**
 * Why an entry may not be in a library's `articles/` folder, or null: it holds only article
 * folders, and each of those only the files `isAllowedArticleFile` names and the images folder.
 */
export function articleRuleBroken(rel: string, kind: 'file' | 'dir'): string | null {
  const parts = rel.split('/');
  if (parts[0] !== ARTICLES_DIR || parts.length < 2) return null;
  if (parts.length === 2) return kind === 'dir' ? null : `${rel} is a file where only article folders belong`;
  const inside = parts.slice(2).join('/');
  if (kind === 'dir' ? inside === ARTICLE_IMAGES_DIR : isAllowedArticleFile(inside)) return null;
  return `${rel} is not something an article folder holds (record.json, body.html, body.txt, raw.html, images/<hash>.<image type>)`;
}

export type Planned = { kind: 'manifest' } | { kind: 'skip'; rel: string } | { kind: 'dir'; rel: string } | { kind: 'file'; rel: string };

/** What to do with an entry (by its path and type), or an error for one a backup never holds. */
export function plan(path: string, type: string): Planned {
  if (path === MANIFEST && (type === 'File' || type === 'OldFile')) return { kind: 'manifest' };
  const rel = safeEntryPath(path);
  const kind = type === 'Directory' ? 'dir' : type === 'File' || type === 'OldFile' ? 'file' : null;
  if (!kind) throw corrupt(`"${rel}" is a link or device (${type}), which a library never holds`);
  if (isTransientPath(rel)) return { kind: 'skip', rel };
  const broken = articleRuleBroken(rel, kind);
  if (broken) throw new OffprintError('invalid-argument', `That backup cannot be restored: ${broken}. Nothing was restored.`);
  return { kind, rel };
}

/**
 * Keeps count of the entries of one pass over an archive and holds them to the manifest: as
 * soon as it is known (so a file it does not list, or one larger than it says, is refused before
 * a byte of it is written), and completely at the end.
 */
export class ArchiveTally {
  private manifestFiles: Map<string, { size: number; sha256: string }> | null = null;
  private manifestDirs: string[] = [];
  private readonly files = new Map<string, { size: number; sha256: string | null }>();
  private readonly dirs = new Set<string>();
  private total = 0;
  readonly skipped: string[] = [];

  /** `limit`: the bytes there is room for, and the error to give past them. */
  constructor(private readonly limit?: { bytes: number; error: () => Error }) {}

  get manifestKnown(): boolean {
    return this.manifestFiles !== null;
  }

  setManifest(manifest: BackupManifest): void {
    if (this.manifestFiles) throw corrupt('it holds two manifests');
    this.manifestFiles = new Map(manifest.files.filter((f) => !isTransientPath(f.path)).map((f) => [f.path, { size: f.size, sha256: f.sha256 }]));
    this.manifestDirs = manifest.directories.filter((d) => !isTransientPath(d));
  }

  private notSeen(rel: string): void {
    if (this.files.has(rel) || this.dirs.has(rel)) throw corrupt(`"${rel}" appears twice`);
  }

  dir(rel: string): void {
    this.notSeen(rel);
    this.dirs.add(rel);
  }

  /** Before any byte of a file is read. */
  beginFile(rel: string, size: number): void {
    this.notSeen(rel);
    const listed = this.manifestFiles?.get(rel);
    if (this.manifestFiles && !listed) throw corrupt(`it holds other files than its manifest lists (${rel})`);
    if (listed && listed.size !== size) throw corrupt(`${rel} is ${size} bytes, and its manifest says ${listed.size}`);
    this.total += size;
    if (this.limit && this.total > this.limit.bytes) throw this.limit.error();
    this.files.set(rel, { size, sha256: null });
  }

  endFile(rel: string, sha256: string): void {
    const listed = this.manifestFiles?.get(rel);
    if (listed && listed.sha256 !== sha256) throw corrupt(`${rel} does not match the manifest`);
    this.files.get(rel)!.sha256 = sha256;
  }

  /** Every file the manifest lists was there with its bytes, and nothing else. */
  finish(): { files: number; directories: number; bytes: number; skipped: string[] } {
    if (!this.manifestFiles) throw corrupt('its manifest is missing');
    if (this.manifestFiles.size !== this.files.size) {
      const missing = [...this.manifestFiles.keys()].find((p) => !this.files.has(p));
      throw missing ? corrupt(`${missing} is missing (it is incomplete)`) : corrupt('it holds other files than its manifest lists');
    }
    for (const [path, seen] of this.files) {
      const listed = this.manifestFiles.get(path);
      if (!listed || listed.size !== seen.size || listed.sha256 !== seen.sha256) throw corrupt(`${path} does not match the manifest`);
    }
    for (const dir of this.manifestDirs) if (!this.dirs.has(dir)) throw corrupt(`the folder ${dir} is missing`);
    return { files: this.files.size, directories: this.dirs.size, bytes: this.total, skipped: this.skipped };
  }
}

/** Room a restore of `manifest` takes on a file system with this block size (each file and folder rounded up to whole blocks). */
export function spaceNeeded(manifest: BackupManifest, blockSize: number): number {
  const block = Math.max(blockSize, 512);
  let bytes = (manifest.directories.length + 2) * block;
  for (const file of manifest.files) if (!isTransientPath(file.path)) bytes += Math.ceil(file.size / block) * block;
  return bytes;
}
