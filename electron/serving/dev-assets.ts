import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import { defaultUserDataDir, resolveDataDir } from '../library/data-dir';
import { LibraryLayout } from '../library/layout';
import { dataDirFlag } from '../shell/decisions/single-instance';
import { answerStoredImage } from './app-request';

/**
 * `npm run dev` loads the window from Vite's dev server, so `/assets/<id>/<file>` goes to Vite,
 * which would answer every stored image with its index.html. This middleware answers `/assets/`
 * with answerStoredImage, the function the app protocol and `offprint serve` use: the same files,
 * the same headers, the same 404s.
 */
export function storedImagesMiddleware(articlesDir: string) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const pathname = (req.url ?? '/').split('?')[0]!;
    if (pathname !== '/assets' && !pathname.startsWith('/assets/')) return next();
    const destination = typeof req.headers['sec-fetch-dest'] === 'string' ? req.headers['sec-fetch-dest'] : null;
    answerStoredImage({ pathname, destination }, articlesDir).then(
      (answer) => {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      },
      () => next(),
    );
  };
}

/**
 * The library `npm run dev` shows, found as the app finds it: `npm run dev -- --data DIR` (which
 * electron-vite passes on in ELECTRON_CLI_ARGS), else OFFPRINT_DATA, else the default library.
 */
export function devArticlesDir(env: NodeJS.ProcessEnv = process.env): string {
  let args: string[] = [];
  try {
    const parsed: unknown = JSON.parse(env.ELECTRON_CLI_ARGS ?? '[]');
    if (Array.isArray(parsed)) args = parsed.filter((a): a is string => typeof a === 'string');
  } catch {
    // Not electron-vite's JSON: no arguments were passed on.
  }
  return new LibraryLayout(resolveDataDir({ flag: dataDirFlag(args), env, userDataDir: defaultUserDataDir(process.platform, env) })).articlesDir;
}

/** The Vite plugin for the renderer in `npm run dev`. */
export function storedImagesInDev(articlesDir: () => string = () => devArticlesDir()): Plugin {
  return {
    name: 'offprint-stored-images',
    apply: 'serve',
    configureServer(server) {
      // Before Vite's own middlewares, so its SPA fallback never answers /assets/.
      server.middlewares.use(storedImagesMiddleware(articlesDir()));
    },
  };
}
