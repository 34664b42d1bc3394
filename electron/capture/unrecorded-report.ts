import { type CaptureReport, type CaptureSource, judgeCapture, summariseImages } from '../../shared/capture-report';
import type { ImageReport } from '../../shared/types';
import { decodeHtmlExplained } from './decode';

/** What an article saved before capture reports were kept says about its save (the fields every record has). */
export interface UnrecordedArticle {
  source: 'url' | 'html' | 'text';
  url: string | null;
  finalUrl: string | null;
  canonicalUrl: string | null;
  title: string;
  savedAt: string;
  raw: { contentType: string; charset: string } | null;
  images: ImageReport;
  wordCount: number;
  feed?: unknown;
}

/**
 * The capture report of an article saved before reports were kept (issue 16: old records open
 * and answer): what its record and kept page tell, `recorded: false`; unknown parts are null or
 * empty (redirects, the furniture removed, the times). Judged like a new save, from its text.
 */
export function unrecordedReport(article: UnrecordedArticle, rawPage: Uint8Array | null, text: string): CaptureReport {
  const source: CaptureSource = article.feed ? 'feed' : article.source === 'url' ? 'web' : article.source === 'html' ? 'file' : 'text';
  let charset: CaptureReport['charset'] = article.raw ? { name: article.raw.charset, decidedBy: 'given' } : null;
  // A page fetched by Offprint kept its bytes: how its charset was decided can be worked out again.
  if (article.source === 'url' && rawPage && article.raw) charset = { name: article.raw.charset, decidedBy: decodeHtmlExplained(rawPage, article.raw.contentType).decidedBy };
  const judged = judgeCapture({ source, title: article.title, text, words: article.wordCount, finalUrl: article.finalUrl, canonicalUrl: article.canonicalUrl });
  return {
    recorded: false,
    source,
    method: article.source === 'text' ? 'text' : article.source === 'html' && article.feed ? 'fragment' : 'extract',
    capturedAt: article.savedAt,
    requestedUrl: article.url,
    finalUrl: article.finalUrl,
    redirects: [],
    canonicalUrl: article.canonicalUrl,
    bytes: rawPage?.byteLength ?? null,
    contentType: article.raw?.contentType ?? null,
    charset,
    chromeRemoved: [],
    images: summariseImages(article.images.total, article.images.failed.map((f) => f.reason), 0),
    extractionMs: null,
    totalMs: null,
    words: article.wordCount,
    warnings: judged.warnings,
    suggestion: judged.suggestion,
    reextractedAt: null,
  };
}
