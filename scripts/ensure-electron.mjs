// Runs before `npm start`, `npm run dev` and `npm run preview` launch Electron: checks this Node,
// makes sure the Electron binary is there (electron 45 has no install script: its binary is fetched
// the first time `require('electron')` runs), and on Linux that Electron's sandbox can start. Each
// failure names its real cause. The checks themselves are in launch-checks.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronInstallProblem, linuxSandboxProblem, nodeVersionProblem } from './launch-checks.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ELECTRON = join(ROOT, 'node_modules', 'electron');

function fail(message) {
  process.stderr.write(`${message}\nThe CLI and \`npm run offprint -- serve\` work without the desktop window.\n`);
  process.exit(1);
}

// 1. Node first: on Node 20 everything after this fails in ways that look like something else.
const engines = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node;
const nodeProblem = nodeVersionProblem(process.versions.node, engines);
if (nodeProblem) fail(nodeProblem);

// 2. The binary: download it now if it is missing (install.js is what require('electron') would run).
function installedPath() {
  try {
    const relative = readFileSync(join(ELECTRON, 'path.txt'), 'utf8');
    const full = join(ELECTRON, 'dist', relative);
    return existsSync(full) ? full : null;
  } catch {
    return null;
  }
}
let electronPath = installedPath();
if (!electronPath) {
  process.stderr.write('Downloading the Electron binary (once, about 100 MB)…\n');
  const run = spawnSync(process.execPath, ['--require', join(ROOT, 'scripts/electron-download-diagnostics.cjs'), join(ELECTRON, 'install.js')], {
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  electronPath = installedPath();
  if (run.status !== 0 || !electronPath) fail(electronInstallProblem(`${run.stderr ?? ''}${run.error ? String(run.error) : ''}`, process.env));
}
process.stderr.write(`Electron: ${electronPath}\n`);

// 3. Linux: the sandbox must be able to start (Offprint never turns it off).
if (process.platform === 'linux') {
  const chromeSandboxPath = join(dirname(electronPath), 'chrome-sandbox');
  let chromeSandbox = null;
  try {
    const info = statSync(chromeSandboxPath);
    chromeSandbox = { uid: info.uid, mode: info.mode };
  } catch {
    // Missing helper: reported below if the system needs it.
  }
  const sandboxProblem = linuxSandboxProblem({
    platform: process.platform,
    uid: process.getuid ? process.getuid() : -1,
    readFile: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
    chromeSandbox,
    chromeSandboxPath,
    electronPath,
  });
  if (sandboxProblem) fail(sandboxProblem);
}
