#!/usr/bin/env node
// `npm run soak`: the crash test (tests/electron/library/crash.test.ts) with 200 SIGKILL trials instead of
// the 25 that `npm test` runs, then the API fuzz test with a fresh random seed. Takes about 6-10
// minutes on two cores. Options:
//   --trials N        crash trials (default 200)
//   --seed S          first crash seed (default: random; printed, so a failure can be replayed)
//   --strict-temps    also fail when a killed write's temporary file survives opening the library
//   --faults P        in each trial, every call that changes the disk fails with probability P
//                     (a full disk, a failing disk, a refused permission; default 0.02; 0 for kills only)
// Replay a failure with: CRASH_SEED=S CRASH_TRIALS=N CRASH_FAULTS=P npx vitest run --project node tests/electron/library/crash.test.ts
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { trials: { type: 'string', default: '200' }, seed: { type: 'string' }, 'strict-temps': { type: 'boolean', default: false }, faults: { type: 'string', default: '0.02' } },
});
const trials = Number(values.trials);
const seed = values.seed ? Number(values.seed) : 1 + Math.floor(Math.random() * 1_000_000);
const fuzzSeed = Math.floor(Math.random() * 2 ** 31);
if (!Number.isInteger(trials) || trials < 1 || !Number.isInteger(seed)) {
  console.error('soak: --trials and --seed are positive integers');
  process.exit(2);
}

const vitest = join(ROOT, 'node_modules/vitest/vitest.mjs');
function run(label, file, env) {
  console.log(`\nsoak: ${label}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [vitest, 'run', '--project', 'node', file], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  console.log(`soak: ${label}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
  return result.status === 0;
}

const faults = Number(values.faults);
if (!(faults >= 0 && faults < 1)) {
  console.error('soak: --faults is a probability from 0 to below 1');
  process.exit(2);
}
const crashOk = run(`${trials} crash trials from seed ${seed}${faults ? `, disk faults at ${faults}` : ''}`, 'tests/electron/library/crash.test.ts', {
  CRASH_TRIALS: String(trials),
  CRASH_SEED: String(seed),
  CRASH_FAULTS: String(faults),
  ...(values['strict-temps'] ? { CRASH_STRICT_TEMPS: '1' } : {}),
});
const fuzzOk = run(`API fuzz with seed ${fuzzSeed}`, 'tests/electron/bridge.fuzz.test.ts', { FUZZ_SEED: String(fuzzSeed) });
console.log(`\nsoak: ${crashOk && fuzzOk ? 'all passed' : 'FAILED'} (crash seed ${seed}, faults ${faults}, fuzz seed ${fuzzSeed}); the "crash trials:" line above has the figures.`);
process.exit(crashOk && fuzzOk ? 0 : 1);
