/**
 * What quitting does before the process ends: each step in turn (stop the workers and write the
 * search index, finish the library's queued writes, release the lock), all within one time limit.
 * Plain function, tested directly; main.ts runs it from `before-quit`.
 */

export interface QuitStep {
  name: string;
  run(): Promise<void>;
}

export interface QuitReport {
  /** The steps that finished, in order. */
  finished: string[];
  /** Steps that threw, with what they said; the next steps still run. */
  failed: { name: string; message: string }[];
  /** The step that was still running when the time limit came, if one was (the rest did not run). */
  cutOff: string | null;
}

/**
 * Runs `steps` one after another until they are done or `deadline` settles, whichever is first. A
 * step that fails is reported and the next one runs (a library that cannot flush must still let go
 * of its lock). Never throws.
 */
export async function runQuitSteps(steps: readonly QuitStep[], deadline: Promise<unknown>): Promise<QuitReport> {
  const report: QuitReport = { finished: [], failed: [], cutOff: null };
  const limit = deadline.then(
    () => 'limit' as const,
    () => 'limit' as const,
  );
  for (const step of steps) {
    const done = Promise.resolve()
      .then(() => step.run())
      .then(
        () => 'done' as const,
        (error: unknown) => ({ error }),
      );
    const outcome = await Promise.race([done, limit]);
    if (outcome === 'limit') {
      report.cutOff = step.name;
      return report;
    }
    if (outcome === 'done') report.finished.push(step.name);
    else report.failed.push({ name: step.name, message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error) });
  }
  return report;
}

/** The log lines for a quit that did not go cleanly; none when it did. */
export function describeQuit(report: QuitReport, limitMs: number): string[] {
  const lines = report.failed.map((f) => `Offprint: while quitting, "${f.name}" failed: ${f.message}`);
  if (report.cutOff) lines.push(`Offprint: quit after ${limitMs} ms while "${report.cutOff}" was still running; the library's lock is taken over at the next start.`);
  return lines;
}
