import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session } from 'electron';
import { DEFAULT_BACKUPS, Library } from '../library/library';
import { LibraryLayout } from '../library/layout';
import { acquireLibraryLock, type LibraryLock } from '../library/lock';
import { configureLog, log, LOG_FILE } from '../log';
import { createOffprintService, type OffprintService } from '../service';
import { appAddress } from './decisions/app-address';
import { describeQuit, type QuitStep, runQuitSteps } from './decisions/quit';
import { claimLibraryInstance, type Handover, saveHandedOver, urlsFromArgv } from './decisions/single-instance';
import { registerIpc } from './ipc';
import { extensionPortFrom, type RunningEndpoint, startExtensionEndpoint } from '../server/extension-endpoint';
import { pairingAnswer, pairingPrompt } from './decisions/extension-pairing';
import type { ExtensionPairingRequest } from '../../shared/extension-protocol';
import { installAppMenu } from './menu';
import { APP_INDEX_URL, handleAppScheme, registerAppScheme } from './protocol';
import { createMainWindow, guardAllWebContents, revealWindow } from './window';

const here = dirname(fileURLToPath(import.meta.url));
/** How long quitting waits for queued writes, the search index and the workers before it gives up. */
const QUIT_LIMIT_MS = 5000;

// Lifecycle and wiring only: the decisions live in ./decisions, the library and capture in their own modules.
app.setName('Offprint');
app.enableSandbox();
registerAppScheme();

interface Running {
  service: OffprintService;
  library: Library;
  appUrl: string;
  /** The browser extension's listener (issue 16), when its port could be had. */
  extension: RunningEndpoint | null;
}

let started: Promise<Running> | null = null;
let lock: LibraryLock | null = null;

/** A second launch on this library: bring the window forward and save the addresses it was given. */
function onHandover({ urls }: Handover): void {
  started
    ?.then(({ service, appUrl }) => {
      revealWindow(appUrl);
      return saveHandedOver(service, urls, (line) => log.warn(line));
    })
    .catch((error: unknown) => log.error("A second launch's addresses were not saved", error));
}

async function start(dataDir: string): Promise<Running> {
  await app.whenReady();
  // Background failures go to a log file in the app's own folder (the CLI and `serve` write them to stderr).
  configureLog({ file: join(app.getPath('userData'), LOG_FILE), level: 'info' });
  lock = await acquireLibraryLock(dataDir, 'the Offprint app');
  const library = await Library.open({ dataDir, backups: DEFAULT_BACKUPS });
  // The window shows it as a banner (listNotices); a line in the log helps whoever reads it.
  if (library.repairNotice) log.warn(`Offprint repaired its library: ${library.repairNotice.lines.join(' ')}`);
  // Feeds refresh in the background while the app runs; service.close() stops them.
  const service = createOffprintService(library, { feedSchedule: true });

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.on('will-download', (event) => event.preventDefault());
  guardAllWebContents();

  handleAppScheme(join(here, '../renderer'), new LibraryLayout(dataDir).articlesDir);
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  const appUrl = !app.isPackaged && devUrl ? devUrl : APP_INDEX_URL;
  registerIpc(service, appAddress(appUrl));

  const extension = await listenForExtension(service);

  installAppMenu();
  createMainWindow(appUrl);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(appUrl);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  return { service, library, appUrl, extension };
}

/**
 * The browser extension's listener on 127.0.0.1 (OFFPRINT_EXTENSION_PORT, or the default port; a
 * port in use leaves the app running without it, said in Settings), and the prompt that pairs it.
 */
async function listenForExtension(service: OffprintService): Promise<RunningEndpoint | null> {
  const port = extensionPortFrom(process.env.OFFPRINT_EXTENSION_PORT);
  if (port === null) return null;
  service.extension.onRequest((request) => void askToPair(service, request));
  try {
    return await startExtensionEndpoint({ service, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    service.extension.endpoint = { listening: false, address: null, problem: code === 'EADDRINUSE' ? `port ${port} is in use (another Offprint, or another program)` : String(error) };
    log.warn(`The browser extension cannot reach Offprint on port ${port}`, error);
    return null;
  }
}

async function askToPair(service: OffprintService, request: ExtensionPairingRequest): Promise<void> {
  try {
    const window = BrowserWindow.getAllWindows()[0];
    const prompt = pairingPrompt(request);
    const { response } = window ? await dialog.showMessageBox(window, prompt) : await dialog.showMessageBox(prompt);
    if (pairingAnswer(response) === 'approve') await service.extension.approve(request.requestId);
    else service.extension.deny(request.requestId);
  } catch (error) {
    // Answered elsewhere meanwhile (Settings), or expired: the extension is told when it asks.
    log.info('A pairing request was not answered from its prompt', error);
  }
}

/** Quitting: stop the workers and write the search index, finish queued writes, release the lock. */
async function closeEverything(): Promise<void> {
  const running = await started?.catch(() => null); // a start that failed was reported when it failed; nothing is open to close
  const steps: QuitStep[] = [];
  if (running) {
    if (running.extension) steps.push({ name: "stop the browser extension's listener", run: () => running.extension!.close() });
    steps.push({ name: 'stop the workers and write the search index', run: () => running.service.close() });
    steps.push({ name: "finish the library's queued writes", run: () => running.library.close() });
  }
  steps.push({ name: "release the library's lock", run: async () => void (await lock?.release()) });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, QUIT_LIMIT_MS)));
  const report = await runQuitSteps(steps, deadline);
  clearTimeout(timer);
  for (const line of describeQuit(report, QUIT_LIMIT_MS)) log.info(line);
}

let quitting: 'running' | 'closing' | 'closed' = 'running';
app.on('before-quit', (event) => {
  if (quitting === 'closed') return;
  // Hold the quit until the library is closed; a second quit while closing waits for the same close.
  event.preventDefault();
  if (quitting === 'closing') return;
  quitting = 'closing';
  void closeEverything().finally(() => {
    quitting = 'closed';
    app.quit();
  });
});

const instance = claimLibraryInstance(app, process.argv, onHandover, {
  realpath: (path) => {
    try {
      return realpathSync(path);
    } catch {
      // A library folder that does not exist yet: its path as given is the one it will have.
      return path;
    }
  },
});
if (!instance.primary) {
  // Another Offprint is running on this library: it has been handed this launch's addresses and brought to the front.
  quitting = 'closed';
  app.quit();
} else {
  started = start(instance.dataDir);
  // Addresses given to the first launch are saved the same way as handed-over ones.
  const urls = urlsFromArgv(process.argv.slice(1));
  if (urls.length) {
    void started
      .then(({ service }) => saveHandedOver(service, urls, (line) => log.warn(line)))
      .catch(() => undefined /* a start that failed is reported by the handler below */);
  }
  started.catch(async (error: unknown) => {
    await app.whenReady();
    dialog.showErrorBox('Offprint could not start', error instanceof Error ? error.message : String(error));
    await lock?.release().catch(() => undefined /* exiting anyway; a dead process's lock is taken over */);
    quitting = 'closed';
    app.exit(1);
  });
}
