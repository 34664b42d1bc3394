/**
 * What happened to one save (issue 16): the capture report each article keeps, shown by the reader's
 * "About this copy" and `offprint show <id> --format report`, and the judgement that a save looks
 * like a block page or a login wall rather than the article. Plain data and pure functions.
 */

/**
 * Where the article came from: fetched by Offprint from the web, handed over by the browser
 * extension (the page as the reader saw it), a file or pasted HTML, plain text, a feed, or an import.
 */
export type CaptureSource = 'web' | 'extension' | 'file' | 'text' | 'feed' | 'import';

/**
 * How the article was made from what came in: extraction found it in a whole page (`extract`), HTML
 * that already was the article was taken as it is (`fragment`: a selection saved from the browser, a
 * feed item's own text), or plain text was split into paragraphs (`text`).
 */
export type CaptureMethod = 'extract' | 'fragment' | 'text';

/**
 * How the page's charset was decided: its byte-order mark, the server's Content-Type, a `<meta>` in
 * its first 1024 bytes, its bytes being valid UTF-8, the windows-1252 default, text that came
 * already decoded (the browser, pasted HTML), or the reader's choice ("Re-decode as…").
 */
export type CharsetDecision = 'bom' | 'header' | 'meta' | 'utf-8-check' | 'default' | 'given' | 'reader';

/**
 * Why a save may not be the article, or not all of it: `extraction-incomplete` when extraction
 * skipped a clean-up step that failed on the page, or could not join a next page.
 */
export type CaptureWarningCode = 'short-text' | 'block-page' | 'login-wall' | 'consent-wall' | 'canonical-elsewhere' | 'extraction-incomplete';

export interface CaptureWarning {
  code: CaptureWarningCode;
  /** One sentence for the reader. */
  message: string;
}

/** The capture report of one article. Plain JSON; stored with the article's record. */
export interface CaptureReport {
  /** False for an article saved before reports were kept: only what its record says is known. */
  recorded: boolean;
  source: CaptureSource;
  method: CaptureMethod;
  /** ISO 8601: when the page was captured (the save). */
  capturedAt: string;
  /** The address asked for (or the page's address as the browser had it). */
  requestedUrl: string | null;
  /** Where the fetch ended after redirects. */
  finalUrl: string | null;
  /** Each redirect followed, in order. */
  redirects: { status: number; url: string }[];
  /** What the page said its canonical address is. */
  canonicalUrl: string | null;
  /** Size of the kept page (raw.html), in bytes. */
  bytes: number | null;
  /** The Content-Type it came with. */
  contentType: string | null;
  charset: { name: string; decidedBy: CharsetDecision } | null;
  /** Page furniture that is not in the saved copy, by kind ("navigation", "share buttons", …). */
  chromeRemoved: { what: string; count: number }[];
  images: {
    /** Images in the article. */
    found: number;
    saved: number;
    failed: number;
    /** Of those saved, how many the browser extension sent (fetched with the browser's session). */
    fromBrowser: number;
    /** Why the others were not saved, grouped by reason. */
    failures: { reason: string; count: number }[];
  };
  /** Time spent finding the article in the page (extraction and sanitising), in ms. */
  extractionMs: number | null;
  /** Time the whole capture took, fetch and images included, in ms. */
  totalMs: number | null;
  words: number;
  warnings: CaptureWarning[];
  /** What to do about the warnings, when there are any. */
  suggestion: string | null;
  /** ISO 8601: the last time the article was re-extracted or re-decoded from the kept page; null if never. */
  reextractedAt: string | null;
}

/** Charsets the reader may re-decode a page as (WHATWG Encoding Standard labels), with a name to show. */
export const REDECODE_CHARSETS = [
  ['utf-8', 'Unicode (UTF-8)'],
  ['windows-1252', 'Western (Windows-1252)'],
  ['iso-8859-2', 'Central European (ISO-8859-2)'],
  ['windows-1250', 'Central European (Windows-1250)'],
  ['iso-8859-5', 'Cyrillic (ISO-8859-5)'],
  ['windows-1251', 'Cyrillic (Windows-1251)'],
  ['koi8-r', 'Cyrillic (KOI8-R)'],
  ['koi8-u', 'Cyrillic (KOI8-U)'],
  ['iso-8859-7', 'Greek (ISO-8859-7)'],
  ['windows-1253', 'Greek (Windows-1253)'],
  ['windows-1254', 'Turkish (Windows-1254)'],
  ['iso-8859-8', 'Hebrew (ISO-8859-8)'],
  ['windows-1255', 'Hebrew (Windows-1255)'],
  ['windows-1256', 'Arabic (Windows-1256)'],
  ['windows-1257', 'Baltic (Windows-1257)'],
  ['windows-1258', 'Vietnamese (Windows-1258)'],
  ['windows-874', 'Thai (Windows-874)'],
  ['shift_jis', 'Japanese (Shift_JIS)'],
  ['euc-jp', 'Japanese (EUC-JP)'],
  ['iso-2022-jp', 'Japanese (ISO-2022-JP)'],
  ['euc-kr', 'Korean (EUC-KR)'],
  ['gb18030', 'Chinese, Simplified (GB18030)'],
  ['gbk', 'Chinese, Simplified (GBK)'],
  ['big5', 'Chinese, Traditional (Big5)'],
  ['utf-16le', 'Unicode (UTF-16LE)'],
  ['utf-16be', 'Unicode (UTF-16BE)'],
] as const satisfies readonly (readonly [string, string])[];

export type RedecodeCharset = (typeof REDECODE_CHARSETS)[number][0];
export const REDECODE_CHARSET_LABELS = REDECODE_CHARSETS.map(([label]) => label) as [RedecodeCharset, ...RedecodeCharset[]];

/** Fewer words than this and a save is probably not the article. */
export const SHORT_TEXT_WORDS = 60;
/** Block-page and login-wall wording is looked for only in saves shorter than this (an article may quote it). */
const WALL_WORDS = 350;

const BLOCK_PAGE = [
  /\baccess denied\b/i,
  /\battention required\b/i,
  /\bjust a moment\.\.\./i,
  /\bchecking (if the site connection is secure|your browser)\b/i,
  /\bverify (that )?you are (a )?human\b/i,
  /\bare you a robot\b/i,
  /\b(re)?captcha\b/i,
  /\bunusual traffic\b/i,
  /\brequest (was )?blocked\b/i,
  /\bterms of service violation\b/i,
  /\benable (javascript and cookies|cookies and javascript) to continue\b/i,
  /\bddos protection\b/i,
  /\bpress (&|and) hold\b/i,
  /\bbot (check|detection|protection)\b/i,
  /\b403 forbidden\b/i,
];
const LOGIN_WALL = [
  /\b(sign|log) ?in to (continue|read|keep reading|view)\b/i,
  /\bsubscribe to (continue|read|keep reading|unlock)\b/i,
  /\b(already a subscriber|subscribers only|for subscribers only|exclusive to subscribers)\b/i,
  /\bcreate (a |your )?(free )?account to (continue|read|keep reading)\b/i,
  /\bthis (article|story|content) is (only )?(available|reserved|for) (to |for )?(subscribers|members|registered users)\b/i,
  /\byou('ve| have) reached (your|the) (free )?(article )?limit\b/i,
  /\bpaywall\b/i,
];
const CONSENT_WALL = [
  /\bwe value your privacy\b/i,
  /\b(accept|agree to) (all )?cookies\b/i,
  /\bcookie (settings|preferences|consent)\b/i,
  /\bbefore you continue\b/i,
  /\bmanage (your )?(privacy|consent) (choices|preferences|options)\b/i,
];
/** Paths a site sends the reader to instead of the article. */
const WALL_PATH = /\/(login|log-in|signin|sign-in|subscribe|subscription|register|consent|paywall|account|auth)(\/|$|\?|\.)/i;

/** What the judgement looks at: the saved article as it came out. */
export interface CaptureFacts {
  source: CaptureSource;
  title: string;
  text: string;
  words: number;
  finalUrl: string | null;
  canonicalUrl: string | null;
}

/**
 * Whether a save looks like a block page, a login or consent wall, or something else than the
 * article: very short text, a known bot-check or consent wording in a short save, or a canonical
 * address on another site (or a login path) than the page that was fetched. Returns the warnings
 * and what to do about them (null when there are none).
 */
export function judgeCapture(facts: CaptureFacts): { warnings: CaptureWarning[]; suggestion: string | null } {
  const warnings: CaptureWarning[] = [];
  if (facts.source === 'text') return { warnings, suggestion: null };
  const sample = `${facts.title}\n${facts.text.slice(0, 4000)}`;
  const short = facts.words < WALL_WORDS;
  const found = (patterns: RegExp[]) => patterns.find((p) => p.test(facts.title) || (short && p.test(sample)));
  const block = found(BLOCK_PAGE);
  if (block) warnings.push({ code: 'block-page', message: `This looks like a bot check or block page ("${matchOf(block, sample)}"), not the article.` });
  const login = found(LOGIN_WALL);
  if (login) warnings.push({ code: 'login-wall', message: `This looks like a login or subscription wall ("${matchOf(login, sample)}"): the article may be cut short.` });
  const consent = found(CONSENT_WALL);
  if (consent) warnings.push({ code: 'consent-wall', message: `This looks like a cookie or consent page ("${matchOf(consent, sample)}"), not the article.` });
  if (facts.words < SHORT_TEXT_WORDS) {
    warnings.push({ code: 'short-text', message: `Only ${facts.words} ${facts.words === 1 ? 'word' : 'words'} were found: this may not be the whole article.` });
  }
  const elsewhere = canonicalElsewhere(facts.finalUrl, facts.canonicalUrl);
  if (elsewhere) warnings.push({ code: 'canonical-elsewhere', message: elsewhere });
  if (!warnings.length) return { warnings, suggestion: null };
  const suggestion =
    facts.source === 'extension'
      ? 'The browser showed this page too: log in, answer the consent question or pass the check in the browser, then save it again.'
      : 'Open the page in your browser (logged in, the consent question answered) and save it with the Offprint extension: it hands Offprint the page as you see it.';
  return { warnings, suggestion };
}

function matchOf(pattern: RegExp, text: string): string {
  return (pattern.exec(text)?.[0] ?? pattern.source).trim();
}

/** Why the canonical address says the page is something else, or null. */
function canonicalElsewhere(finalUrl: string | null, canonicalUrl: string | null): string | null {
  if (!finalUrl || !canonicalUrl) return null;
  let final: URL;
  let canonical: URL;
  try {
    final = new URL(finalUrl);
    canonical = new URL(canonicalUrl);
  } catch {
    return null;
  }
  if (siteOf(final.hostname) !== siteOf(canonical.hostname)) return `The page says its address is on another site (${canonical.hostname}), not ${final.hostname}.`;
  if (WALL_PATH.test(canonical.pathname) && !WALL_PATH.test(final.pathname)) return `The page says its address is ${canonical.pathname}, a login or subscription page.`;
  if (canonical.pathname === '/' && final.pathname.length > 1) return 'The page says its address is the site’s home page, not the article.';
  return null;
}

/** A host name without `www.` and, roughly, the registrable part: its last two labels (three under a two-letter country's second level, like bbc.co.uk). */
export function siteOf(hostname: string): string {
  const labels = hostname.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2 || /^\d+$/.test(labels.at(-1)!)) return labels.join('.');
  const secondLevel = labels.at(-2)!;
  const keep = labels.at(-1)!.length === 2 && /^(co|com|net|org|gov|ac|edu|ne|or|go)$/.test(secondLevel) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** At most this many distinct reasons are kept (the record's full list of failed images has every address). */
const MAX_REASONS = 20;

/** The report's images part from the image outcomes' reasons. */
export function summariseImages(found: number, failedReasons: string[], fromBrowser: number): CaptureReport['images'] {
  const byReason = new Map<string, number>();
  for (const reason of failedReasons) {
    const key = reason.length > 300 ? `${reason.slice(0, 299)}…` : reason;
    byReason.set(key, (byReason.get(key) ?? 0) + 1);
  }
  return {
    found,
    saved: found - failedReasons.length,
    failed: failedReasons.length,
    fromBrowser,
    failures: [...byReason].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count).slice(0, MAX_REASONS),
  };
}

const SOURCE_WORDS: Record<CaptureSource, string> = {
  web: 'fetched from the web by Offprint',
  extension: 'handed over by the browser extension, as the page was shown',
  file: 'from a saved page or HTML given to Offprint',
  text: 'from plain text',
  feed: 'from a feed',
  import: 'imported',
};
const METHOD_WORDS: Record<CaptureMethod, string> = {
  extract: 'the article was found in the page by extraction',
  fragment: 'the HTML given was taken as the article, without extraction',
  text: 'the text was split into paragraphs',
};
const CHARSET_WORDS: Record<CharsetDecision, string> = {
  bom: 'from its byte-order mark',
  header: 'from the server’s Content-Type',
  meta: 'from a <meta> in the page',
  'utf-8-check': 'the page declared none and its bytes are valid UTF-8',
  default: 'the page declared none: the windows-1252 default',
  given: 'it came already decoded',
  reader: 'chosen by the reader (Re-decode as…)',
};

/** The report as lines for a terminal or a plain "About this copy" panel. */
export function describeCaptureReport(report: CaptureReport): string[] {
  const lines: string[] = [];
  if (!report.recorded) lines.push('Saved before Offprint kept capture reports: this is what the article’s record says.');
  lines.push(`Source: ${report.source}, ${SOURCE_WORDS[report.source]}; ${METHOD_WORDS[report.method]}.`);
  lines.push(`Captured: ${report.capturedAt}${report.reextractedAt ? ` (re-extracted from the kept page ${report.reextractedAt})` : ''}`);
  if (report.requestedUrl) lines.push(`Address: ${report.requestedUrl}`);
  for (const hop of report.redirects) lines.push(`  redirected (${hop.status}) to ${hop.url}`);
  if (report.finalUrl && report.finalUrl !== report.requestedUrl) lines.push(`Final address: ${report.finalUrl}`);
  if (report.canonicalUrl && report.canonicalUrl !== report.finalUrl) lines.push(`Canonical address (as the page says): ${report.canonicalUrl}`);
  if (report.bytes !== null) lines.push(`Kept page: ${formatBytes(report.bytes)}${report.contentType ? `, ${report.contentType}` : ''}`);
  if (report.charset) lines.push(`Charset: ${report.charset.name} (${CHARSET_WORDS[report.charset.decidedBy]})`);
  lines.push(
    report.chromeRemoved.length ? `Page furniture removed: ${report.chromeRemoved.map((c) => `${c.what} ×${c.count}`).join(', ')}` : 'Page furniture removed: none found',
  );
  const img = report.images;
  lines.push(`Images: ${img.found} found, ${img.saved} saved${img.fromBrowser ? ` (${img.fromBrowser} sent by the browser)` : ''}, ${img.failed} not saved`);
  for (const f of img.failures) lines.push(`  ${f.count} × ${f.reason}`);
  lines.push(`Words: ${report.words}`);
  if (report.extractionMs !== null) lines.push(`Extraction: ${report.extractionMs} ms${report.totalMs !== null ? ` (whole capture ${report.totalMs} ms)` : ''}`);
  for (const w of report.warnings) lines.push(`Warning: ${w.message}`);
  if (report.suggestion) lines.push(`Suggestion: ${report.suggestion}`);
  return lines;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
