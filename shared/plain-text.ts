/** A plain-text article split into its title and paragraphs. */
export interface PlainTextArticle {
  title: string;
  paragraphs: string[];
}

const MIN_HEADLINE_WORDS = 4;
const MAX_HEADLINE_CHARS = 300;
/** Short trailing lines ("Join us on social!", "Top") are page chrome copied along with the article. */
const MAX_CHROME_WORDS = 5;

function words(line: string): number {
  return line.split(/\s+/).filter(Boolean).length;
}

function looksLikeHeadline(line: string): boolean {
  return words(line) >= MIN_HEADLINE_WORDS && line.length <= MAX_HEADLINE_CHARS;
}

function isKeptFooter(line: string): boolean {
  return /©|\(c\)|copyright|all rights reserved/i.test(line);
}

/**
 * Turns text copied from a browser (or a .txt file) into an article: paragraphs are separated by
 * blank lines; short menu lines before the headline and after the last paragraph are dropped
 * (a copyright line is kept); the title is the given one, or else the first headline-like line.
 */
export function splitPlainText(text: string, title?: string): PlainTextArticle {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => block.split('\n').map((l) => l.trim()).filter(Boolean).join(' '))
    .filter(Boolean);
  let start = blocks.findIndex(looksLikeHeadline);
  // No headline-like line, or only the last block is one (it would leave an empty body): start at the top.
  if (start < 0 || (!title?.trim() && start === blocks.length - 1 && blocks.length > 1)) start = 0;
  let end = blocks.length;
  while (end > start + 2 && words(blocks[end - 1]!) <= MAX_CHROME_WORDS && !isKeptFooter(blocks[end - 1]!)) end--;
  const kept = blocks.slice(start, end);
  const givenTitle = title?.trim();
  if (givenTitle) {
    const paragraphs = kept[0] === givenTitle ? kept.slice(1) : kept;
    return { title: givenTitle, paragraphs };
  }
  const [first = 'Untitled', ...rest] = kept;
  if (first.length > MAX_HEADLINE_CHARS) return { title: `${first.slice(0, 80).trim()}…`, paragraphs: kept };
  return { title: first, paragraphs: rest };
}

/** Escapes text for use inside HTML element content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
