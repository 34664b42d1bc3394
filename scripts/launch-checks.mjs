// The checks `npm start`, `npm run dev` and `npm run preview` make before launching Electron (see
// ensure-electron.mjs), as plain functions so that tests call them (tests/scripts/launch-checks.test.ts).
// Written for any Node: the first check is that Node is new enough, so nothing here may need a new one.

/** True when `version` (e.g. "22.13.0" or "v24.1.0") satisfies a range made of `^X.Y.Z` and `>=X.Y.Z` alternatives joined by `||`. */
export function satisfiesRange(version, range) {
  const [major, minor, patch] = String(version).replace(/^v/, '').split('.').map(Number);
  const at = (v) => v.split('.').map(Number);
  const atLeast = ([a, b, c]) => major > a || (major === a && (minor > b || (minor === b && patch >= (c || 0))));
  return range.split('||').some((part) => {
    const alt = part.trim();
    if (alt.startsWith('^')) {
      const floor = at(alt.slice(1));
      return major === floor[0] && atLeast(floor);
    }
    if (alt.startsWith('>=')) return atLeast(at(alt.slice(2).trim()));
    throw new Error(`launch-checks: cannot read the range part "${alt}"`);
  });
}

/** Null when this Node may run Offprint's tools, else a message naming the real cause. */
export function nodeVersionProblem(version, range) {
  if (satisfiesRange(version, range)) return null;
  return (
    `Offprint needs Node ${range} and this is Node ${String(version).replace(/^v/, '')}.\n` +
    'Electron 45 and its downloader (@electron/get 5, @electron-internal/extract-zip) are ES modules that need\n' +
    'Node 22.12 or later (on older Node they fail with ERR_REQUIRE_ESM, which looks like a download failure);\n' +
    'jsdom and ESLint need 22.13 on the 22 line. Install Node 24 (https://nodejs.org, or `npm install --prefix ~/node24 node@24`\n' +
    'and put ~/node24/node_modules/.bin first on PATH), then run `npm ci` again.'
  );
}

/** Environment variables @electron/get reads a proxy from, but only when ELECTRON_GET_USE_PROXY is set. */
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/**
 * Why the Electron download failed, in words, from what install.js and the diagnostics preload
 * printed, and what to do. Checked in order: a proxy that is set but not used, a checksum mismatch,
 * a blocked extractor, no network; otherwise the output as it is.
 */
export function electronInstallProblem(output, env) {
  const text = String(output);
  const proxy = PROXY_VARIABLES.find((name) => env[name]);
  const network = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|UND_ERR_CONNECT_TIMEOUT|getaddrinfo|fetch failed|socket hang up/i.test(text);
  if (proxy && !env.ELECTRON_GET_USE_PROXY && network) {
    return (
      `The Electron download could not connect, and ${proxy} is set: Electron's downloader ignores proxy variables unless\n` +
      'ELECTRON_GET_USE_PROXY is set too. Run `ELECTRON_GET_USE_PROXY=1 npm start` (Windows: `set ELECTRON_GET_USE_PROXY=1`).'
    );
  }
  if (/checksum/i.test(text) && /did not match|mismatch/i.test(text)) {
    return (
      "The downloaded Electron did not match the checksum electron's package ships (checksums.json): the download was\n" +
      'altered or cut short (a proxy, a captive portal, a full disk). Delete the cached zip (Linux ~/.cache/electron,\n' +
      'macOS ~/Library/Caches/electron, Windows %LOCALAPPDATA%\\electron\\Cache) and try again; never turn the check off.'
    );
  }
  if (/extract-zip|ERR_DLOPEN_FAILED|dlopen|\.node\b|napi/i.test(text)) {
    return (
      "Electron was downloaded but its zip extractor could not run: it is a native module (@electron-internal/extract-zip)\n" +
      'and this system refused to load it (an antivirus or application-control policy, a noexec mount, a missing C library;\n' +
      'electron/electron#52481). Allow node_modules/@electron-internal/extract-zip/*.node, or unzip the cached\n' +
      'electron-v*.zip into node_modules/electron/dist yourself and write the executable\'s name to node_modules/electron/path.txt.'
    );
  }
  if (network) {
    const detail = /offprint-diagnosis: (.+)/.exec(text);
    return (
      `The Electron binary could not be downloaded: no connection to its download site${detail ? ` (${detail[1].trim()})` : ''}.\n` +
      'It is fetched once, on the first start (about 100 MB from github.com, or from ELECTRON_MIRROR if set). Connect to the\n' +
      'internet (behind a proxy: also set ELECTRON_GET_USE_PROXY=1) and run `npm start` again.'
    );
  }
  return `The Electron binary could not be installed:\n${text.trim()}`;
}

/** A kernel setting, or null when the file is not there. */
function setting(readFile, path) {
  const value = readFile(path);
  return value === null || value === undefined ? null : String(value).trim();
}

/**
 * Null when Electron's sandbox can start on this Linux machine, else the reason and the fixes.
 * Offprint runs with the sandbox on and never turns it off. `chromeSandbox` is the stat of
 * Electron's `chrome-sandbox` helper (uid and mode), or null when it is missing.
 */
export function linuxSandboxProblem({ platform, uid, readFile, chromeSandbox, chromeSandboxPath, electronPath }) {
  if (platform !== 'linux') return null;
  if (uid === 0) {
    return (
      "Electron will not start as root with its sandbox on (\"Running as root without --no-sandbox is not supported\"), and\n" +
      'Offprint never turns its sandbox off. Run Offprint as your own user (not with sudo); in a container, add a user\n' +
      '(`useradd -m reader && su reader -c "npm start"`). The CLI and `npm run offprint -- serve` work as root.'
    );
  }
  const restricted =
    setting(readFile, '/proc/sys/kernel/apparmor_restrict_unprivileged_userns') === '1' ||
    setting(readFile, '/proc/sys/kernel/unprivileged_userns_clone') === '0' ||
    setting(readFile, '/proc/sys/user/max_user_namespaces') === '0';
  if (!restricted) return null;
  // Without user namespaces Chromium falls back to the SUID helper, which works only owned by root with mode 4755.
  const suidReady = chromeSandbox !== null && chromeSandbox.uid === 0 && (chromeSandbox.mode & 0o4755) === 0o4755;
  if (suidReady) return null;
  return (
    'This system does not let programs create user namespaces (Ubuntu 23.10 and later restrict them with AppArmor), so\n' +
    "Electron's sandbox needs its SUID helper, and " +
    (chromeSandbox ? 'it is not set up' : 'it is missing') +
    ' (Electron would stop with "The SUID sandbox helper binary was found, but is not configured correctly",\n' +
    'electron/electron#41066). Offprint never turns its sandbox off. Fix it with one of:\n' +
    `  1. sudo chown root:root ${chromeSandboxPath} && sudo chmod 4755 ${chromeSandboxPath}\n` +
    '  2. an AppArmor profile that lets Electron use user namespaces, in /etc/apparmor.d/offprint-electron:\n' +
    '       abi <abi/4.0>,\n' +
    '       include <tunables/global>\n' +
    `       profile offprint-electron ${electronPath} flags=(unconfined) {\n` +
    '         userns,\n' +
    '       }\n' +
    '     then: sudo apparmor_parser -r /etc/apparmor.d/offprint-electron'
  );
}
