import type { Extractor } from '../../electron/capture/extractor';
import { runCli } from '../../electron/cli';

/** Runs `offprint` in-process with an empty environment, collecting what it prints. */
export async function runCliCaptured(argv: string[], extractor: Extractor): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: {}, extractor });
  return { code, out, err };
}
