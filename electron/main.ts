import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, session } from 'electron';
import { resolveDataDir } from './library/data-dir';
import { Library } from './library/library';
import { registerIpc } from './ipc';
import { APP_ORIGIN, handleAppScheme, registerAppScheme } from './protocol';
import { createOffprintService } from './service';
import { createMainWindow } from './window';

const here = dirname(fileURLToPath(import.meta.url));

// Lifecycle and wiring only: the library, capture and IPC live in their own modules.
app.setName('Offprint');
app.enableSandbox();
registerAppScheme();

function dataDirFlag(argv: string[]): string | undefined {
  const i = argv.indexOf('--data');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--data='))?.slice('--data='.length);
}

async function start(): Promise<void> {
  await app.whenReady();
  const dataDir = resolveDataDir({ flag: dataDirFlag(process.argv), userDataDir: app.getPath('userData') });
  const library = await Library.open({ dataDir });
  const service = createOffprintService(library);

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  handleAppScheme(join(here, '../renderer'), join(dataDir, 'articles'));
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  const appUrl = !app.isPackaged && devUrl ? devUrl : `${APP_ORIGIN}/index.html`;
  registerIpc(service, new URL(appUrl).origin);

  createMainWindow(appUrl);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(appUrl);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

start().catch((error: unknown) => {
  console.error('Offprint could not start:', error);
  app.exit(1);
});
