import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronInstallProblem, linuxSandboxProblem, nodeVersionProblem, satisfiesRange } from '../../scripts/launch-checks.mjs';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; scripts: Record<string, string> };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string }; dev?: boolean }> };

describe('scripts/launch-checks', () => {
  it('the Node floor is what electron 45, its downloader and the rest really need (>= 22.12; 22.13 on the 22 line)', () => {
    const range = pkg.engines.node;
    for (const v of ['22.13.0', '22.20.1', '24.0.0', '24.21.0', '25.1.0']) expect(satisfiesRange(v, range), v).toBe(true);
    for (const v of ['20.18.0', '20.19.5', '22.12.0', '21.7.0', '23.11.0']) expect(satisfiesRange(v, range), v).toBe(false);
    // Every installed package's own floor is met by the lowest versions the range allows.
    for (const [path, entry] of Object.entries(lock.packages)) {
      const floor = entry.engines?.node;
      if (!floor || !/^[\^>=\d\s.|]+$/.test(floor.replace(/\s*\|\|\s*/g, '||'))) continue;
      const alternatives = floor.split('||').map((s) => s.trim().replace(/^>=\s*/, '>=').replace(/^(\d)/, '>=$1'));
      if (alternatives.some((a) => !/^(\^|>=)\d+(\.\d+){0,2}$/.test(a))) continue;
      for (const lowest of ['22.13.0', '24.0.0']) expect(satisfiesRange(lowest, alternatives.map((a) => (a.split('.').length < 3 ? `${a}${'.0'.repeat(3 - a.split('.').length)}` : a)).join(' || ')), `${path} needs ${floor}`).toBe(true);
    }
  });

  it('checks Node first and names it as the cause', () => {
    expect(nodeVersionProblem('24.21.0', pkg.engines.node)).toBeNull();
    const problem = nodeVersionProblem('v20.18.0', pkg.engines.node);
    expect(problem).toContain('this is Node 20.18.0');
    expect(problem).toContain('ERR_REQUIRE_ESM');
  });

  it('names the real cause of a failed Electron download', () => {
    // What install.js and the diagnostics preload print offline on this machine.
    const offline = 'offprint-diagnosis: ENOTFOUND getaddrinfo ENOTFOUND github.com\nTypeError: fetch failed\n    at async FetchDownloader.download';
    expect(electronInstallProblem(offline, {})).toMatch(/no connection.*ENOTFOUND github\.com/s);
    expect(electronInstallProblem(offline, { HTTPS_PROXY: 'http://proxy:3128' })).toContain('ELECTRON_GET_USE_PROXY');
    expect(electronInstallProblem(offline, { HTTPS_PROXY: 'http://proxy:3128', ELECTRON_GET_USE_PROXY: '1' })).toMatch(/no connection/);
    expect(electronInstallProblem('Error: Generated checksum for "electron-v45.5.0-linux-x64.zip" did not match expected checksum.', {})).toMatch(/checksum/);
    expect(electronInstallProblem("Error: Cannot find module '@electron-internal/extract-zip/index.linux-x64-gnu.node'\nERR_DLOPEN_FAILED", {})).toMatch(/extractor/);
    expect(electronInstallProblem('something else entirely', {})).toContain('something else entirely');
  });

  it('on Linux, refuses to launch as root or without a working sandbox, and prints the fixes; never turns the sandbox off', () => {
    const files = (values: Record<string, string>) => (path: string) => values[path] ?? null;
    const base = { platform: 'linux', chromeSandboxPath: '/p/chrome-sandbox', electronPath: '/p/electron' };
    const restricted = files({ '/proc/sys/kernel/apparmor_restrict_unprivileged_userns': '1\n' });
    expect(linuxSandboxProblem({ ...base, uid: 0, readFile: files({}), chromeSandbox: null })).toMatch(/as root/);
    expect(linuxSandboxProblem({ ...base, uid: 1000, readFile: files({}), chromeSandbox: null })).toBeNull();
    const ubuntu = linuxSandboxProblem({ ...base, uid: 1000, readFile: restricted, chromeSandbox: { uid: 1000, mode: 0o100755 } });
    expect(ubuntu).toContain('sudo chown root:root /p/chrome-sandbox && sudo chmod 4755 /p/chrome-sandbox');
    expect(ubuntu).toContain('profile offprint-electron /p/electron');
    expect(ubuntu).not.toMatch(/--no-sandbox/);
    expect(linuxSandboxProblem({ ...base, uid: 1000, readFile: restricted, chromeSandbox: { uid: 0, mode: 0o104755 } })).toBeNull();
    expect(linuxSandboxProblem({ ...base, uid: 1000, readFile: files({ '/proc/sys/kernel/unprivileged_userns_clone': '0' }), chromeSandbox: null })).toMatch(/missing/);
    expect(linuxSandboxProblem({ ...base, platform: 'darwin', uid: 0, readFile: restricted, chromeSandbox: null })).toBeNull();
  });

  it('every script that launches Electron runs ensure-electron first', () => {
    const launching = Object.entries(pkg.scripts).filter(([, command]) => /electron-vite (dev|preview)|(^|\s)electron\s/.test(command));
    expect(launching.map(([name]) => name).sort()).toEqual(expect.arrayContaining(['dev', 'preview', 'start']));
    for (const [name, command] of launching) expect(command, name).toMatch(/^node scripts\/ensure-electron\.mjs && /);
  });
});
