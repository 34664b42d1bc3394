import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session } from 'electron';
import { resolveDataDir } from '../library/data-dir';
import { DEFAULT_BACKUPS, Library } from '../library/library';
import { acquireLibraryLock, type LibraryLock } from '../library/lock';
import { registerIpc } from './ipc';
import { installAppMenu } from './menu';
import { APP_ORIGIN, handleAppScheme, registerAppScheme } from './protocol';
import { createOffprintService, type OffprintService } from '../service';
import { claimSingleInstance, type Handover, saveHandedOver, urlsFromArgv } from './decisions/single-instance';
import { createMainWindow, guardAllWebContents, revealWindow } from './window';

const here = dirname(fileURLToPath(import.meta.url));

// Lifecycle and wiring only: the library, capture, IPC and the single-instance logic live in their own modules.
app.setName('Offprint');
app.enableSandbox();
registerAppScheme();

function dataDirFlag(argv: string[]): string | undefined {
  const i = argv.indexOf('--data');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--data='))?.slice('--data='.length);
}

let started: Promise<{ service: OffprintService; appUrl: string }> | null = null;
let lock: LibraryLock | null = null;

/** A second launch: bring the window forward and save the addresses it was given. */
function onHandover({ urls }: Handover): void {
  started
    ?.then(({ service, appUrl }) => {
      revealWindow(appUrl);
      return saveHandedOver(service, urls, (line) => console.error(line));
    })
    .catch(() => undefined);
}

async function start(): Promise<{ service: OffprintService; appUrl: string }> {
  await app.whenReady();
  const dataDir = resolveDataDir({ flag: dataDirFlag(process.argv), userDataDir: app.getPath('userData') });
  lock = await acquireLibraryLock(dataDir, 'the Offprint app');
  const library = await Library.open({ dataDir, backups: DEFAULT_BACKUPS });
  // The window shows it as a banner (listNotices); a line in the log helps whoever reads it.
  if (library.recovery) console.error(`Offprint repaired its library: ${library.recovery.lines.join(' ')}`);
  const service = createOffprintService(library);

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.on('will-download', (event) => event.preventDefault());
  guardAllWebContents();

  handleAppScheme(join(here, '../renderer'), join(dataDir, 'articles'));
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  const appUrl = !app.isPackaged && devUrl ? devUrl : `${APP_ORIGIN}/index.html`;
  registerIpc(service, new URL(appUrl).origin);

  installAppMenu();
  createMainWindow(appUrl);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(appUrl);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void lock?.release());
  return { service, appUrl };
}

if (!claimSingleInstance(app, process.argv, onHandover)) {
  // Another Offprint is running: it has been handed this launch's addresses and brought to the front.
  app.quit();
} else {
  started = start();
  // Addresses given to the first launch are saved the same way as handed-over ones.
  const urls = urlsFromArgv(process.argv.slice(1));
  if (urls.length) void started.then(({ service }) => saveHandedOver(service, urls, (line) => console.error(line))).catch(() => undefined);
  started.catch(async (error: unknown) => {
    await app.whenReady();
    dialog.showErrorBox('Offprint could not start', error instanceof Error ? error.message : String(error));
    await lock?.release();
    app.exit(1);
  });
}
