import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Starting the built `offprint serve` and a headless Chromium, shared by the e2e tests and the
 * benchmark. Paths come in as arguments: the benchmark is bundled by Vite, so this file must not
 * depend on where it sits (no `__dirname`).
 */

/** Debian's Chromium, or another one named by CHROMIUM_PATH; null when there is none. */
export function findChromium(): string | null {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => Boolean(p && existsSync(p))) ?? null;
}

/** Headless, and nothing in the background that could reach the network. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface ServeProcess {
  /** The address with the run's token, as `offprint serve` printed it. */
  url: string;
  /** What the server has written to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Runs `node cli serve --data dataDir --port 0` and waits for the address it prints. */
export async function spawnServe(cli: string, dataDir: string, timeoutMs: number): Promise<ServeProcess> {
  const child: ChildProcess = spawn(process.execPath, [cli, 'serve', '--data', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`offprint serve did not start: ${stderr}`)), timeoutMs);
    child.stdout!.on('data', (c) => {
      out += c;
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        ok(match[1]!);
      }
    });
    child.once('exit', (code) => fail(new Error(`offprint serve exited ${code}: ${stderr}`)));
  });
  return {
    url,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
