import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readingMinutes, wordCount } from '../../shared/reading';
import { absentAs } from '../log';
import { ARTICLE_FILES } from './layout';
import type { ArticleRecord } from './schema';

/**
 * The record of an article folder that lost its `record.json` (or was written before it existed),
 * worked out from the files it still has: the title from the stored page or the text's first line,
 * the saved time from the files' modification time. Used only by repairs.
 */
export async function guessRecord(dir: string, id: string, savedAt: Date): Promise<ArticleRecord> {
  const raw = await readFile(join(dir, ARTICLE_FILES.rawPage), 'utf8').catch(absentAs(null));
  const isHtml = raw !== null && /<(html|head|body|title|p|div|article)[\s>]/i.test(raw);
  const text = await readFile(join(dir, ARTICLE_FILES.bodyText), 'utf8').catch(() => (raw === null ? '' : isHtml ? htmlToPlainText(raw) : raw));
  const images = await readdir(join(dir, ARTICLE_FILES.images)).catch(absentAs([] as string[]));
  const pageTitle = isHtml ? /<title[^>]*>([^<]{1,300})<\/title>/i.exec(raw)?.[1]?.trim() : undefined;
  const firstLine = text.split('\n').find((line) => line.trim())?.trim().slice(0, 200);
  return {
    id,
    title: decodeEntities(pageTitle || firstLine || 'Recovered article'),
    byline: null,
    siteName: null,
    excerpt: text.trim().slice(0, 200) || null,
    lang: null,
    dir: null,
    publishedTime: null,
    savedAt: savedAt.toISOString(),
    url: null,
    finalUrl: null,
    canonicalUrl: null,
    normalizedUrl: null,
    wordCount: wordCount(text),
    readingMinutes: readingMinutes(text),
    source: isHtml ? 'html' : 'text',
    raw: raw === null ? null : { contentType: isHtml ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8', charset: 'utf-8' },
    images: { total: images.length, saved: images.length, failed: [] },
    leadImage: null,
  };
}

/** The words of a stored page, for a folder that kept nothing else (no DOM here: tags out, blocks as paragraphs). */
export function htmlToPlainText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style|noscript|template)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<\/(p|div|h[1-6]|li|blockquote|section|article|br)>|<br\s*\/?>/gi, '\n\n')
      .replace(/<[^>]+>/g, ' ')
      .replace(/[ \t]+/g, ' ')
      .replace(/\n\s*\n\s*/g, '\n\n')
      .trim(),
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return named[entity.toLowerCase()] ?? whole;
  });
}
