import { protocol } from 'electron';
import { contentSecurityPolicy } from '../../shared/csp';
import { answerAppRequest } from '../serving/app-request';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './decisions/app-address';

export { APP_INDEX_URL, APP_ORIGIN, APP_SCHEME } from './decisions/app-address';

/** Must run before the app is ready: makes offprint: a secure, standard scheme (not file://). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/**
 * Serves the built renderer and each article's stored images on offprint://app. Which file and
 * which headers answer a request is decided by answerAppRequest (electron/serving/app-request.ts),
 * the same function `offprint serve` and `npm run dev` use.
 */
export function handleAppScheme(rendererDir: string, articlesDir: string): void {
  const files = { rendererDir, articlesDir, contentSecurityPolicy: contentSecurityPolicy(APP_ORIGIN) };
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const answer = await answerAppRequest({ pathname: url.pathname, destination: request.headers.get('sec-fetch-dest') }, files);
    return new Response(new Uint8Array(answer.body), { status: answer.status, headers: answer.headers });
  });
}
