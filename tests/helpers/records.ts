import type { ArticleRecord } from '../../electron/library/schema';

/** A complete article record for tests that add articles through the library directly; override what matters. */
export function articleRecord(id: string, overrides: Partial<Omit<ArticleRecord, 'id' | 'savedAt'>> = {}): Omit<ArticleRecord, 'savedAt'> {
  return {
    id,
    title: id,
    byline: null,
    siteName: null,
    excerpt: null,
    lang: null,
    dir: null,
    publishedTime: null,
    url: null,
    finalUrl: null,
    canonicalUrl: null,
    normalizedUrl: null,
    wordCount: 2,
    readingMinutes: 1,
    source: 'text',
    raw: null,
    images: { total: 0, saved: 0, failed: [] },
    leadImage: null,
    ...overrides,
  };
}
