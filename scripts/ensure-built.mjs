// Builds the app when out/ is missing or older than the sources, so `npm run offprint` and
// `npm run bench` work straight after `npm install`.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const outputs = ['out/cli/offprint.js', 'out/renderer/index.html', 'out/main/main.js'];
function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const oldestOutput = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
const sources = Math.max(...['electron', 'renderer', 'shared'].map(newest));
if (oldestOutput < sources) {
  process.stderr.write('offprint: building the app first (npm run build)…\n');
  execSync('npm run build --silent', { stdio: ['ignore', process.stderr, 'inherit'] });
}
