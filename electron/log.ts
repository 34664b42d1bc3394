import { appendFileSync } from 'node:fs';

/**
 * The main process's logger: background failures (a rolling backup that could not be taken, a
 * derived index that could not be updated, a clean-up that stopped) are written here instead of
 * vanishing. The CLI and `serve` log to stderr; the desktop app to `offprint.log` in its own
 * folder (see the shell). Levels below the threshold are dropped.
 */
/** The desktop app's log file, in its userData folder (beside the library folder). */
export const LOG_FILE = 'offprint.log';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;

const stderrSink: LogSink = (line) => process.stderr.write(`${line}\n`);

let sink: LogSink = stderrSink;
let threshold: LogLevel = (process.env.OFFPRINT_LOG as LogLevel | undefined) && RANK[process.env.OFFPRINT_LOG as LogLevel] ? (process.env.OFFPRINT_LOG as LogLevel) : 'warn';

/** Where log lines go from now on, and from which level. */
export function configureLog(options: { sink?: LogSink; file?: string; level?: LogLevel }): void {
  if (options.file) {
    const file = options.file;
    sink = (line) => {
      try {
        appendFileSync(file, `${line}\n`);
      } catch {
        stderrSink(line); // the log file itself cannot be written (a full disk): stderr is the last resort
      }
    };
  } else if (options.sink) sink = options.sink;
  if (options.level) threshold = options.level;
}

function write(level: LogLevel, message: string, error?: unknown): void {
  if (RANK[level] < RANK[threshold]) return;
  const detail = error === undefined ? '' : `: ${error instanceof Error ? error.message : String(error)}`;
  sink(`${new Date().toISOString()} offprint ${level}: ${message}${detail}`);
}

export const log = {
  debug: (message: string, error?: unknown) => write('debug', message, error),
  info: (message: string, error?: unknown) => write('info', message, error),
  warn: (message: string, error?: unknown) => write('warn', message, error),
  error: (message: string, error?: unknown) => write('error', message, error),
};

/**
 * For reads where a missing file or folder is normal (a library without backups yet, an article
 * without images): answers `fallback` when the thing is absent, and also when reading it failed
 * otherwise — but then says so in the log, so a disk or permission problem does not vanish.
 */
export function absentAs<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') log.warn('A library file could not be read', error);
    return fallback;
  };
}
