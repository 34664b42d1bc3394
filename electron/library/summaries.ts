import type { ArticleSummary } from '../../shared/types';
import type { ReadingState } from './reading-state';
import type { ArticleRecord } from './schema';
import type { Tags } from './tags';

/** What a list row shows of an article: its record, its reading state and its tags. */
export function summarize(record: ArticleRecord, state: ReadingState, tags: Tags): ArticleSummary {
  const bookmark = state.bookmark(record.id);
  const reading = state.readingOf(record.id);
  // Spelled out rather than spread: this runs for every row of every page.
  return {
    id: record.id,
    title: record.title,
    byline: record.byline,
    siteName: record.siteName,
    excerpt: record.excerpt,
    lang: record.lang,
    dir: record.dir,
    publishedTime: record.publishedTime,
    savedAt: record.savedAt,
    url: record.url,
    finalUrl: record.finalUrl,
    canonicalUrl: record.canonicalUrl,
    wordCount: record.wordCount,
    readingMinutes: record.readingMinutes,
    source: record.source,
    images: record.images,
    leadImage: record.leadImage,
    bookmarked: Boolean(bookmark),
    bookmarkedAt: bookmark?.createdAt ?? null,
    progress: reading?.readAt ? 100 : (reading?.progress ?? 0),
    position: reading?.position ?? null,
    lastReadAt: reading?.lastReadAt ?? null,
    readAt: reading?.readAt ?? null,
    archivedAt: state.archivedAt(record.id) ?? null,
    tags: tags.namesOf(record.id),
    // Only articles that came from a feed carry it (issue 14).
    ...(record.feed ? { feed: record.feed } : {}),
  };
}
