import type { OffprintApi } from '../shared/api';
import { readingMinutes, wordCount } from '../shared/reading';
import type { SaveResult, SaveSource } from '../shared/types';
import { normalizeArticleUrl } from '../shared/url';
import { type CaptureOptions, captureArticle } from './capture/capture';
import { requireWebUrl } from './capture/fetch-page';
import type { Library } from './library/library';

/**
 * The contract implemented over one library: what the desktop app, `offprint serve` and the CLI
 * all call. Arguments are assumed already parsed by the schemas (see `bridge.ts`).
 */
export function createOffprintService(library: Library, capture: CaptureOptions = {}): OffprintApi {
  return {
    async listArticles({ view, offset, limit }) {
      return library.list(view, offset, limit);
    },
    async getArticle({ id }) {
      return library.get(id);
    },
    async saveArticle({ source, refresh }) {
      return saveArticle(library, source, refresh ?? false, capture);
    },
    async deleteArticle({ id }) {
      return library.delete(id);
    },
    async setBookmarked({ id, bookmarked }) {
      return library.setBookmarked(id, bookmarked);
    },
    async listBookmarks() {
      return library.listBookmarks();
    },
    async getSettings() {
      return library.settings();
    },
    async updateSettings({ patch }) {
      return library.updateSettings(patch);
    },
  };
}

async function saveArticle(library: Library, source: SaveSource, refresh: boolean, capture: CaptureOptions): Promise<SaveResult> {
  let existingId: string | undefined;
  if (source.kind === 'url') {
    const normalized = normalizeArticleUrl(requireWebUrl(source.url).href);
    const existing = normalized ? library.findByNormalizedUrl(normalized) : undefined;
    if (existing && !refresh) return { article: library.summary(existing.id), duplicate: true };
    existingId = existing?.id;
  }
  const captured = await captureArticle(source, capture);
  const article = await library.add(
    {
      id: existingId ?? library.newId(),
      ...captured.meta,
      wordCount: wordCount(captured.bodyText),
      readingMinutes: readingMinutes(captured.bodyText),
    },
    { bodyHtml: captured.bodyHtml, bodyText: captured.bodyText, rawPage: captured.rawPage },
  );
  return { article, duplicate: false };
}
