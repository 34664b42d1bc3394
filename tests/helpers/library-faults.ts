import type { FileHandle } from 'node:fs/promises';
import { type LibraryFs, realFs } from '../../electron/library/storage';

/** One planned failure: the call `op` on a path matching `path` fails with `code`, the first `times` times (default: always). */
export interface Fault {
  op: 'open' | 'rename' | 'rm' | 'rmdir' | 'mkdir' | 'unlink' | 'write' | 'sync' | 'sync-dir';
  path: RegExp;
  code: 'ENOSPC' | 'EIO' | 'EPERM' | 'EROFS' | 'EBUSY' | 'ENOTDIR' | 'EDQUOT';
  times?: number;
}

/**
 * Random faults for the soak's fault mode: each call that changes the disk fails with probability
 * `p` (seeded), with a full disk, a failing disk or a refused permission; an fsync of a folder
 * fails much less often, since after one the library rightly stops writing until it is reopened.
 */
export function randomFaults(rng: () => number, p: number, enabled: () => boolean): (op: Fault['op'], path: string) => Fault['code'] | null {
  const codes: Fault['code'][] = ['ENOSPC', 'EIO', 'EPERM', 'EROFS'];
  return (op) => {
    if (!enabled()) return null;
    const chance = op === 'sync-dir' ? p / 10 : p;
    return rng() < chance ? codes[Math.floor(rng() * codes.length)]! : null;
  };
}

/**
 * The library's file-system seam with chosen calls failing the way a full, failing or read-only
 * disk makes them fail. `sync` is an fsync of a file, `sync-dir` of a folder (opened read-only);
 * `write` is the handle's writeFile. Every call that failed is in `failed`.
 */
export function faultyFs(faults: Fault[], decide?: (op: Fault['op'], path: string) => Fault['code'] | null): LibraryFs & { failed: string[]; faults: Fault[] } {
  const left = new Map(faults.map((f) => [f, f.times ?? Infinity]));
  const failed: string[] = [];
  const hit = (op: Fault['op'], path: unknown) => {
    const decided = decide?.(op, String(path));
    if (decided) {
      failed.push(`${op} ${String(path)}`);
      if (process.env.CRASH_TRACE) process.stdout.write(`${JSON.stringify({ fault: `${decided} ${op} ${String(path)}` })}\n`);
      throw Object.assign(new Error(`${decided}: injected ${op} failure, '${String(path)}'`), { code: decided, syscall: op, path: String(path) });
    }
    for (const fault of faults) {
      if (fault.op !== op || !fault.path.test(String(path)) || (left.get(fault) ?? 0) <= 0) continue;
      left.set(fault, left.get(fault)! - 1);
      failed.push(`${op} ${String(path)}`);
      throw Object.assign(new Error(`${fault.code}: injected ${op} failure, '${String(path)}'`), { code: fault.code, syscall: op, path: String(path) });
    }
  };
  const wrap = <K extends keyof LibraryFs>(op: Fault['op'], name: K): LibraryFs[K] =>
    (async (path: unknown, ...rest: unknown[]) => {
      hit(op, path);
      return (realFs[name] as (...args: unknown[]) => unknown)(path, ...rest);
    }) as LibraryFs[K];
  const open = (async (path: string, flags?: string, mode?: number) => {
    hit('open', path);
    const handle = await realFs.open(path, flags, mode);
    const isDir = flags === 'r';
    return new Proxy(handle, {
      get(target, key, receiver) {
        if (key === 'sync') {
          return async () => {
            hit(isDir ? 'sync-dir' : 'sync', path);
            return target.sync();
          };
        }
        if (key === 'writeFile') {
          return async (data: string | Uint8Array) => {
            hit('write', path);
            return target.writeFile(data);
          };
        }
        const value = Reflect.get(target, key, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as FileHandle;
  }) as LibraryFs['open'];
  return {
    ...realFs,
    open,
    rename: (async (from: string, to: string) => {
      hit('rename', to);
      return realFs.rename(from, to);
    }) as LibraryFs['rename'],
    rm: wrap('rm', 'rm'),
    rmdir: wrap('rmdir', 'rmdir'),
    mkdir: wrap('mkdir', 'mkdir'),
    unlink: wrap('unlink', 'unlink'),
    failed,
    faults,
  };
}
