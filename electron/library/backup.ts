/**
 * `offprint backup` / `offprint restore`: the whole library as one backup archive, a
 * gzip-compressed tar written and read with node-tar, readable by any tar. This file is the
 * entirety of the public API; behind it:
 * - `backup/contents.ts`: what an archive holds, its manifest, and the rules every entry must pass;
 * - `backup/archive.ts`: reading and writing the tar, and verifying a whole archive;
 * - `backup/write.ts`: making a backup (and the lock it reads under);
 * - `backup/restore.ts`: restoring one;
 * - `backup/disk.ts`: the calls that change the disk, as one seam, and disk failures in words.
 */
export { safeEntryPath, type BackupManifest } from './backup/contents';
export { type BackupFs, nodeBackupFs, type WriteHandle } from './backup/disk';
export { restoreBackup, type RestoreSummary } from './backup/restore';
export { type BackupAccess, lockForBackup, type BackupOptions, type BackupSummary, writeBackup } from './backup/write';
