import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The product name Electron uses for its userData folder; the library lives inside it. */
export const PRODUCT_NAME = 'Offprint';

/**
 * Electron's `app.getPath('userData')` for this product, computed without Electron so the CLI and
 * the desktop app agree on where the library is.
 */
export function defaultUserDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), PRODUCT_NAME);
}

/**
 * Where the library is: `--data DIR` wins, then `OFFPRINT_DATA`, then `library/` inside the desktop
 * app's userData folder.
 */
export function resolveDataDir(options: { flag?: string; env?: NodeJS.ProcessEnv; userDataDir?: string } = {}): string {
  const env = options.env ?? process.env;
  if (options.flag) return resolve(options.flag);
  if (env.OFFPRINT_DATA) return resolve(env.OFFPRINT_DATA);
  return join(options.userDataDir ?? defaultUserDataDir(process.platform, env), 'library');
}
