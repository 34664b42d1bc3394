// Loads the built main process (out/main/main.js) against the stand-in and plays Electron's part.
// Prints one JSON line: what was recorded and what each probe answered. Usage:
//   WIRING_USER_DATA=dir node --import ./hooks.mjs drive-main.mjs <out/main/main.js> <data dir> <article id>
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, control, log } from 'electron';

const [mainPath, dataDir, articleId] = process.argv.slice(2);
process.argv = [process.execPath, mainPath, '--data', dataDir];
await import(pathToFileURL(mainPath).href);
control.ready();
const window = await control.firstWindow;
const report = { log, channels: [...control.ipcHandlers.keys()], calls: {}, protocol: {}, navigation: {} };

// IPC: one call from each kind of frame.
const getSettings = control.ipcHandlers.get('offprint:getSettings');
const frames = {
  app: { url: 'offprint://app/index.html#/', parent: null },
  file: { url: 'file:///tmp/x.html', parent: null },
  data: { url: 'data:text/html,<script>1</script>', parent: null },
  aboutBlank: { url: 'about:blank', parent: null },
  smb: { url: 'smb://host/share', parent: null },
  otherScheme: { url: 'other-app://app/index.html', parent: null },
  storedFile: { url: `offprint://app/assets/${articleId}/${'0'.repeat(31)}2.png`, parent: null },
  https: { url: 'https://example.com/', parent: null },
};
for (const [name, frame] of Object.entries(frames)) {
  report.calls[name] = await getSettings({ senderFrame: frame, sender: { mainFrame: frame } }, {});
}
const sub = { url: 'offprint://app/index.html', parent: frames.app };
report.calls.appSubframe = await getSettings({ senderFrame: sub, sender: { mainFrame: frames.app } }, {});

// Events: main sends each event to the top frame of the windows showing the app, and nowhere else.
const callFrom = (win, method, args) => control.ipcHandlers.get(`offprint:${method}`)({ senderFrame: win.webContents.mainFrame, sender: win.webContents }, args);
const foreign = new BrowserWindow({ webPreferences: {} });
foreign.webContents.mainFrame.url = 'https://example.com/';
const waitFor = async (test) => {
  for (let i = 0; i < 120 && !test(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
};
// The planted note.html and run.js are set aside by the check after open: that is a new notice.
await waitFor(() => control.sent.some((m) => m.channel === 'offprint:event:noticesChanged'));
report.calls.eventsSettings = await callFrom(window, 'updateSettings', { patch: { theme: 'dark' } });
report.calls.eventsSave = await callFrom(window, 'saveArticle', { source: { kind: 'text', text: 'Told to the window\n\nA body.' }, requestId: 'w-1' });
await waitFor(() => control.sent.some((m) => m.channel === 'offprint:event:saveProgress' && m.payload.stage === 'done'));
report.calls.eventsTags = await callFrom(window, 'addTags', { id: report.calls.eventsSave.value.article.id, tags: ['Told'] });
await waitFor(() => control.sent.some((m) => m.channel === 'offprint:event:tagsChanged'));
// A subscription (never fetched here: its first refresh is minutes away) is a feeds change.
report.calls.eventsFeeds = await callFrom(window, 'importOpml', { opml: '<opml version="2.0"><body><outline type="rss" text="Told" xmlUrl="http://127.0.0.1:9/feed.xml"/></body></opml>' });
await waitFor(() => control.sent.some((m) => m.channel === 'offprint:event:feedsChanged'));
// The browser extension's listener (issue 16), early: its pairing is the extensionsChanged event.
{
  const { value: listed } = await callFrom(window, 'listExtensions', {});
  const address = listed.endpoint.address;
  const extensionOrigin = `chrome-extension://${'a'.repeat(32)}`;
  const post = async (path, body, headers = {}) => {
    const res = await fetch(`${address}/offprint-extension/v1/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-offprint-extension': '1', origin: extensionOrigin, ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const nonce = 'n'.repeat(32);
  control.messageBoxResponse = 0;
  const asked = await post('pair', { name: 'Wiring browser', nonce });
  await waitFor(() => log.some((e) => e.what === 'dialog.showMessageBox'));
  let status = { body: { status: 'pending' } };
  for (let i = 0; i < 40 && status.body.status === 'pending'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    status = await post('pair-status', { requestId: asked.body.requestId, nonce });
  }
  const hello = await post('hello', {}, { 'x-offprint-extension-token': status.body.token ?? '' });
  const fromPage = await post('hello', {}, { origin: 'https://example.com' });
  const { value: afterPairing } = await callFrom(window, 'listExtensions', {});
  await waitFor(() => control.sent.some((m) => m.channel === 'offprint:event:extensionsChanged'));
  report.extension = { endpoint: listed.endpoint, asked, status: status.body.status, hello: hello.body, fromPage: fromPage.status, pairings: afterPairing.pairings };
}

// The app window goes somewhere else; a second app window makes a change: only the second is told.
const second = new BrowserWindow({ webPreferences: {} });
second.webContents.mainFrame.url = 'offprint://app/index.html#/bookmarks';
const sentBefore = control.sent.length;
window.webContents.mainFrame.url = 'file:///tmp/x.html';
report.calls.eventsFromSecond = await callFrom(second, 'updateSettings', { patch: { theme: 'light' } });
window.webContents.mainFrame.url = 'offprint://app/index.html';
const names = ['app', 'foreign', 'second'];
const sentOf = (list) => list.map(({ window: w, channel, payload }) => ({ window: names[w], channel, payload }));
report.events = { beforeNavigation: sentOf(control.sent.slice(0, sentBefore)), afterNavigation: sentOf(control.sent.slice(sentBefore)) };

// The app protocol: the index, traversal, planted files.
const handler = control.protocolHandlers.get('offprint');
const probe = async (url) => {
  const res = await handler(new Request(url));
  return { status: res.status, type: res.headers.get('content-type'), csp: res.headers.get('content-security-policy') };
};
for (const url of [
  'offprint://app/index.html',
  'offprint://app/..%2f..%2fpackage.json',
  'offprint://app/%2e%2e/%2e%2e/package.json',
  'offprint://app/assets/..%2f..%2flock/x',
  `offprint://app/assets/${articleId}/note.html`,
  `offprint://app/assets/${articleId}/run.js`,
  `offprint://app/assets/${articleId}/${'0'.repeat(31)}1.bmp`,
  `offprint://app/assets/${articleId}/${'0'.repeat(31)}2.png`,
  'offprint://other/index.html',
]) {
  report.protocol[url] = await probe(url);
}

// Navigation and a failed load.
for (const url of ['offprint://app/index.html#/bookmarks', 'file:///etc/passwd', 'smb://host/share', `offprint://app/assets/${articleId}/note.html`, 'https://example.com/']) {
  const event = { prevented: false, preventDefault: () => (event.prevented = true) };
  window.webContents.emit('will-navigate', event, url);
  report.navigation[url] = event.prevented ? 'prevented' : 'allowed';
}
window.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', 'offprint://app/index.html', true);
await new Promise((resolve) => setImmediate(resolve));

// Quitting: before-quit holds the quit until the library is closed and the lock released.
report.lockBeforeQuit = existsSync(join(dataDir, 'lock'));
window.emit('closed');
(await import('electron')).app.emit('window-all-closed');
await control.quitDone;
report.lockAfterQuit = existsSync(join(dataDir, 'lock'));
process.stdout.write(`\nWIRING ${JSON.stringify(report)}\n`);
process.exit(0);
