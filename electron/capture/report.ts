import { type CaptureMethod, type CaptureReport, type CaptureSource, type CharsetDecision, judgeCapture, summariseImages } from '../../shared/capture-report';
import { wordCount } from '../../shared/reading';
import type { ImageOutcome } from './images';

/** What a capture knows about where its page came from, for its report. */
export interface CaptureFacts {
  source: CaptureSource;
  method: CaptureMethod;
  requestedUrl: string | null;
  finalUrl: string | null;
  redirects: { status: number; url: string }[];
  bytes: number | null;
  contentType: string | null;
  charset: { name: string; decidedBy: CharsetDecision } | null;
}

/** What came of it. */
export interface CaptureOutcome {
  title: string;
  text: string;
  canonicalUrl: string | null;
  chromeRemoved: { what: string; count: number }[];
  outcomes: ImageOutcome[];
  /** Addresses whose bytes came with the page (the browser extension's), to count what it sent. */
  provided?: ReadonlySet<string>;
  extractionMs: number | null;
  startedAt: number;
  /** What extraction had to do without (a clean-up step skipped, a next page not joined), in words. */
  extractionWarnings?: readonly string[];
}

/** The capture report of one capture (shared/capture-report.ts), with its judgement of whether it got the article. */
export function buildCaptureReport(facts: CaptureFacts, outcome: CaptureOutcome): CaptureReport {
  const words = wordCount(outcome.text);
  const failed = outcome.outcomes.filter((o) => !o.file);
  const fromBrowser = outcome.provided ? outcome.outcomes.filter((o) => o.file && outcome.provided!.has(o.url)).length : 0;
  const judged = judgeCapture({ source: facts.source, title: outcome.title, text: outcome.text, words, finalUrl: facts.finalUrl, canonicalUrl: outcome.canonicalUrl });
  return {
    recorded: true,
    source: facts.source,
    method: facts.method,
    capturedAt: new Date().toISOString(),
    requestedUrl: facts.requestedUrl,
    finalUrl: facts.finalUrl,
    redirects: facts.redirects.slice(0, 20),
    canonicalUrl: outcome.canonicalUrl,
    bytes: facts.bytes,
    contentType: facts.contentType,
    charset: facts.charset,
    chromeRemoved: outcome.chromeRemoved,
    images: summariseImages(outcome.outcomes.length, failed.map((o) => o.reason ?? 'not stored'), fromBrowser),
    extractionMs: outcome.extractionMs === null ? null : Math.round(outcome.extractionMs),
    totalMs: Math.round(performance.now() - outcome.startedAt),
    words,
    // At most 10 are kept with the record (see schema.ts): the page's own judgement first.
    warnings: [...judged.warnings, ...(outcome.extractionWarnings ?? []).map((message) => ({ code: 'extraction-incomplete' as const, message: message.slice(0, 1000) }))].slice(0, 10),
    suggestion: judged.suggestion,
    reextractedAt: null,
  };
}
