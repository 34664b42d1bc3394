import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Extractor } from '../../../electron/capture/extractor';
import { Library } from '../../../electron/library/library';
import { createOffprintService } from '../../../electron/service';
import { API_EVENTS, API_METHODS, ipcChannel, ipcEventChannel } from '../../../shared/api';

/**
 * A wiring test, not a launch: the BUILT main process (out/main/main.js) and preload
 * (out/preload/preload.cjs) are loaded with a recording stand-in for the `electron` module
 * (./wiring/electron-stand-in.mjs), no window and no binary. It checks what the shell wires up;
 * what only a real Electron can tell (Chromium honouring the CSP on offprint:, the sandbox starting,
 * the real single-instance lock) it cannot.
 */
const ROOT = resolve(__dirname, '../../..');
const MAIN = join(ROOT, 'out/main/main.js');
const PRELOAD = join(ROOT, 'out/preload/preload.cjs');
const image = (n: number, ext: string) => `${n.toString(16).padStart(32, '0')}.${ext}`;

interface Report {
  log: { what: string; [key: string]: unknown }[];
  channels: string[];
  calls: Record<string, { ok: boolean; value?: unknown; error?: { message: string } }>;
  protocol: Record<string, { status: number; type: string | null; csp: string | null }>;
  navigation: Record<string, 'prevented' | 'allowed'>;
  events: Record<'beforeNavigation' | 'afterNavigation', { window: 'app' | 'foreign' | 'second'; channel: string; payload: unknown }[]>;
  extension: {
    endpoint: { listening: boolean; address: string };
    asked: { status: number; body: { requestId: string; code: string } };
    status: string;
    hello: { paired: boolean };
    fromPage: number;
    pairings: { name: string; origin: string }[];
  };
  lockBeforeQuit: boolean;
  lockAfterQuit: boolean;
}

let root: string;
let report: Report;
let articleId: string;

beforeAll(async () => {
  if (!existsSync(MAIN) || !existsSync(PRELOAD)) throw new Error('Build first: npm run build (out/main and out/preload are missing)');
  root = await mkdtemp(join(tmpdir(), 'offprint-wiring-'));
  const dataDir = join(root, 'library');
  const extractor = new Extractor();
  const library = await Library.open({ dataDir });
  const service = createOffprintService(library, { extractor });
  articleId = (await service.saveArticle({ source: { kind: 'text', title: 'Wired', text: 'One paragraph.\n\nAnother paragraph.' } })).article.id;
  await service.close();
  await library.close();
  await extractor.close();
  const images = join(dataDir, 'articles', articleId, 'images');
  await mkdir(images, { recursive: true });
  await writeFile(join(images, image(1, 'bmp')), Buffer.from('424d', 'hex'));
  await writeFile(join(images, image(2, 'png')), '<!doctype html><script>parent.offprint.updateSettings({patch:{textSize:72}})</script>');
  await writeFile(join(images, 'note.html'), '<script src="run.js"></script>');
  await writeFile(join(images, 'run.js'), 'window.offprint.listArticles({})');
  const stdout = await new Promise<string>((ok, fail) => {
    execFile(
      process.execPath,
      ['--import', join(__dirname, 'wiring/hooks.mjs'), join(__dirname, 'wiring/drive-main.mjs'), MAIN, dataDir, articleId],
      { env: { ...process.env, WIRING_USER_DATA: join(root, 'userData'), ELECTRON_RENDERER_URL: '', OFFPRINT_EXTENSION_PORT: '0' }, timeout: 60_000 },
      (error, out, err) => (error ? fail(new Error(`${error.message}\n${err}`)) : ok(out)),
    );
  });
  report = JSON.parse(/^WIRING (.*)$/m.exec(stdout)![1]!) as Report;
}, 30_000);
afterAll(() => rm(root, { recursive: true, force: true }));

const index = (what: string) => report.log.findIndex((e) => e.what === what);

describe('electron/shell wiring (built out/main and out/preload, stand-in electron)', () => {
  it('registers the app scheme as privileged before the app is ready, and turns the sandbox on', () => {
    expect(index('protocol.registerSchemesAsPrivileged')).toBeGreaterThanOrEqual(0);
    expect(index('protocol.registerSchemesAsPrivileged')).toBeLessThan(index('ready'));
    expect(index('app.enableSandbox')).toBeLessThan(index('ready'));
    const window = report.log.find((e) => e.what === 'new BrowserWindow') as { webPreferences: Record<string, unknown> } | undefined;
    expect(window?.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(report.log.find((e) => e.what === 'window.loadURL')).toMatchObject({ url: 'offprint://app/index.html' });
  });

  it('takes the single-instance lock in a userData folder of its own for a library given with --data', () => {
    const lock = report.log.find((e) => e.what === 'app.requestSingleInstanceLock') as { userData: string } | undefined;
    expect(lock?.userData).toMatch(/userData[/\\]libraries[/\\][0-9a-f]{16}$/);
  });

  it('every contract method has an IPC handler', () => {
    expect([...report.channels].sort()).toEqual(API_METHODS.map(ipcChannel).sort());
  });

  it('sends every contract event on its own channel to the app window’s top frame, and to no other page', () => {
    const { beforeNavigation, afterNavigation } = report.events;
    expect(report.calls.eventsSettings).toMatchObject({ ok: true });
    expect(report.calls.eventsSave).toMatchObject({ ok: true });
    expect([...new Set(beforeNavigation.map((m) => m.channel))].sort()).toEqual(API_EVENTS.map(ipcEventChannel).sort());
    expect(new Set(beforeNavigation.map((m) => m.window))).toEqual(new Set(['app']));
    expect(beforeNavigation.find((m) => m.channel === ipcEventChannel('settingsChanged'))?.payload).toMatchObject({ theme: 'dark' });
    expect(beforeNavigation.find((m) => m.channel === ipcEventChannel('libraryChanged'))?.payload).toMatchObject({ added: [expect.any(String)], updated: [], removed: [] });
    // The app window showing another page, a window that never showed the app: neither is told.
    expect(afterNavigation).toEqual([{ window: 'second', channel: ipcEventChannel('settingsChanged'), payload: expect.objectContaining({ theme: 'light' }) }]);
    // Event channels are namespaced apart from the methods' channels, and nothing is sent to a whole page.
    for (const event of API_EVENTS) expect(API_METHODS.map((m) => ipcChannel(m))).not.toContain(ipcEventChannel(event));
    expect(report.log.filter((e) => e.what === 'webContents.send')).toEqual([]);
  });

  it('answers the app page, and refuses opaque-origin frames, other schemes, stored files and subframes', () => {
    expect(report.calls.app).toMatchObject({ ok: true, value: { textSize: 18 } });
    for (const name of ['file', 'data', 'aboutBlank', 'smb', 'otherScheme', 'storedFile', 'https', 'appSubframe']) {
      expect(report.calls[name], name).toMatchObject({ ok: false, error: { message: 'Refused a call from outside the app.' } });
    }
  });

  it('the protocol serves the index, refuses traversal and planted files, and serves stored images sandboxed', () => {
    const p = report.protocol;
    expect(p['offprint://app/index.html']).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(p['offprint://app/index.html']!.csp).toContain('script-src offprint://app/bundle/;');
    for (const url of ['offprint://app/..%2f..%2fpackage.json', 'offprint://app/%2e%2e/%2e%2e/package.json', 'offprint://app/assets/..%2f..%2flock/x', `offprint://app/assets/${articleId}/note.html`, `offprint://app/assets/${articleId}/run.js`, 'offprint://other/index.html']) {
      expect(p[url]?.status, url).toBe(404);
    }
    expect(p[`offprint://app/assets/${articleId}/${image(1, 'bmp')}`]).toMatchObject({ status: 200, type: 'image/bmp' });
    // HTML under an image name is only ever an image, in a sandbox: it runs nothing.
    expect(p[`offprint://app/assets/${articleId}/${image(2, 'png')}`]).toMatchObject({ status: 200, type: 'image/png' });
    expect(p[`offprint://app/assets/${articleId}/${image(2, 'png')}`]!.csp).toMatch(/^default-src 'none';.*sandbox$/);
  });

  it('navigation stays on the app index; a failed load shows the window with a readable message', () => {
    expect(report.navigation).toEqual({
      'offprint://app/index.html#/bookmarks': 'allowed',
      'file:///etc/passwd': 'prevented',
      'smb://host/share': 'prevented',
      [`offprint://app/assets/${articleId}/note.html`]: 'prevented',
      'https://example.com/': 'prevented',
    });
    expect(report.log.find((e) => e.what === 'shell.openExternal')).toMatchObject({ url: 'https://example.com/' });
    // The last message box: the pairing prompt (issue 16) comes earlier in the run.
    const failed = report.log.findLastIndex((e) => e.what === 'dialog.showMessageBox');
    expect(failed).toBeGreaterThan(0);
    expect(report.log[failed]!.message).toContain('ERR_FILE_NOT_FOUND');
    expect(report.log.slice(0, failed).some((e) => e.what === 'window.show')).toBe(true);
  });

  it("listens for the browser extension on 127.0.0.1, prompts with the extension's code, and pairs it when the reader approves", () => {
    const { extension } = report;
    expect(extension.endpoint).toMatchObject({ listening: true, address: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(extension.asked.status).toBe(200);
    const prompt = report.log.find((e) => e.what === 'dialog.showMessageBox') as { message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number } | undefined;
    expect(prompt?.detail).toContain(extension.asked.body.code);
    expect(prompt?.message).toContain('Wiring browser');
    // Refusing is the default button and what Escape does.
    expect(prompt?.buttons[prompt.defaultId]).toBe('Refuse');
    expect(prompt?.buttons[prompt.cancelId]).toBe('Refuse');
    expect(extension.status).toBe('approved');
    expect(extension.hello).toMatchObject({ app: 'offprint', paired: true });
    expect(extension.fromPage).toBe(403);
    expect(extension.pairings).toEqual([expect.objectContaining({ name: 'Wiring browser', origin: `chrome-extension://${'a'.repeat(32)}` })]);
  });

  it('quitting holds the quit until the library is closed and its lock released', () => {
    expect(report.lockBeforeQuit).toBe(true);
    expect(report.lockAfterQuit).toBe(false);
    const quits = report.log.filter((e) => e.what === 'app.quit').length;
    expect(quits).toBeGreaterThanOrEqual(2);
    expect(index('before-quit prevented')).toBeGreaterThan(0);
    expect(index('before-quit prevented')).toBeLessThan(index('will-quit'));
  });

  it('the preload requires only what a sandboxed preload has, and exposes exactly one invoke per contract method and on() for the events', async () => {
    // What Electron's sandboxed preload `require` offers (docs: tutorial/sandbox, "Preload scripts").
    const SANDBOXED = new Set(['electron', 'events', 'timers', 'url']);
    const required: string[] = [];
    const exposed: Record<string, unknown> = {};
    const invoked: [string, unknown][] = [];
    const listening = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
      ipcRenderer: {
        invoke: async (channel: string, args: unknown) => void invoked.push([channel, args]),
        on: (channel: string, listener: (event: unknown, payload: unknown) => void) => void (listening.get(channel) ?? listening.set(channel, new Set()).get(channel)!).add(listener),
        removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) => void listening.get(channel)?.delete(listener),
      },
    };
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (!SANDBOXED.has(name)) throw new Error(`a sandboxed preload cannot require ${name}`);
      if (name === 'electron') return electron;
      return {};
    };
    const module = { exports: {} };
    runInNewContext(readFileSync(PRELOAD, 'utf8'), { require: sandboxRequire, module, exports: module.exports, console });
    expect(required.filter((r) => !SANDBOXED.has(r))).toEqual([]);
    expect(Object.keys(exposed)).toEqual(['offprint']);
    const bridge = exposed.offprint as Record<string, (args: unknown) => Promise<unknown>> & { on: (event: string, listener: (payload: unknown) => void) => () => void };
    expect(Object.keys(bridge).sort()).toEqual([...API_METHODS, 'on'].sort());
    for (const method of API_METHODS) await bridge[method]!({ probe: method });
    expect(invoked).toEqual(API_METHODS.map((m) => [ipcChannel(m), { probe: m }]));
    // on(): one ipcRenderer listener per subscription on the event's channel; the page gets the payload, never the IPC event.
    const heard: unknown[][] = [];
    const stops = API_EVENTS.map((event) => bridge.on(event, (...args: unknown[]) => heard.push([event, ...args])));
    expect([...listening.keys()].sort()).toEqual(API_EVENTS.map(ipcEventChannel).sort());
    const ipcEvent = { sender: { send: () => undefined }, senderFrame: {} };
    for (const listener of listening.get(ipcEventChannel('settingsChanged'))!) listener(ipcEvent, { theme: 'dark' });
    expect(heard).toEqual([['settingsChanged', { theme: 'dark' }]]);
    for (const stop of stops) stop();
    expect([...listening.values()].every((set) => set.size === 0)).toBe(true);
    expect(() => bridge.on('notAnEvent', () => undefined)).toThrow(/no event called "notAnEvent"/);
    expect(listening.has('offprint:event:notAnEvent')).toBe(false);
  });
});
