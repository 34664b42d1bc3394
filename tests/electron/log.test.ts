import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { absentAs, configureLog, log } from '../../electron/log';

describe('electron/log', () => {
  const lines: string[] = [];
  afterEach(() => {
    lines.length = 0;
    configureLog({ sink: (line) => process.stderr.write(`${line}\n`), level: 'warn' });
  });

  it('writes lines at or above its level, with the error, and drops the rest', () => {
    configureLog({ sink: (line) => lines.push(line), level: 'warn' });
    log.info('not shown');
    log.warn('A rolling backup could not be taken', Object.assign(new Error('ENOSPC: no space left'), { code: 'ENOSPC' }));
    log.error('Something broke');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/offprint warn: A rolling backup could not be taken: ENOSPC: no space left$/);
    expect(lines[1]).toMatch(/offprint error: Something broke$/);
  });

  it('appends to a log file (the desktop app), one line per entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'offprint-log-'));
    try {
      configureLog({ file: join(dir, 'offprint.log'), level: 'info' });
      log.info('first');
      log.error('second', new Error('why'));
      const text = await readFile(join(dir, 'offprint.log'), 'utf8');
      expect(text.trim().split('\n').map((l) => l.replace(/^\S+ /, ''))).toEqual(['offprint info: first', 'offprint error: second: why']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('absentAs answers its fallback for a missing file silently, and logs any other failure', () => {
    configureLog({ sink: (line) => lines.push(line), level: 'warn' });
    expect(absentAs([])(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }))).toEqual([]);
    expect(lines).toEqual([]);
    expect(absentAs(null)(Object.assign(new Error("EACCES: permission denied, scandir '/lib/backups'"), { code: 'EACCES' }))).toBeNull();
    expect(lines.join('\n')).toContain('EACCES: permission denied');
  });
});
