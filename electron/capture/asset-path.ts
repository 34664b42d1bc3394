/**
 * The URL path the reader loads a stored image from (same origin in the app and in `offprint serve`).
 * A module of its own so that the service and capture can name it without loading the DOM that
 * finalize.ts needs (jsdom takes about a second to load, which every CLI command would pay).
 */
export function assetPath(articleId: string, file: string): string {
  return `/assets/${articleId}/${file}`;
}
