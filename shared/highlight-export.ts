import { paragraphRanges, toParagraphOffset } from './anchoring';
import type { AnchoredHighlight, ArticleNote } from './types';

/** One article's part of an export: the article, its note and its highlights placed in its current text. */
export interface ExportedArticle {
  article: { id: string; title: string; url: string | null; siteName: string | null; tags: string[] };
  note: ArticleNote | null;
  highlights: AnchoredHighlight[];
  /** The article's current plain text (to link each highlight to its block). */
  text: string;
}

/** Where the desktop app opens an article (its route), at a block and an offset when given. */
export function appLink(id: string, at?: { block: number; offset: number } | null): string {
  return `offprint://app/index.html#/article/${id}${at ? `/at/${at.block}/${at.offset}` : ''}`;
}

/**
 * Markdown that shows exactly the text it holds: characters Markdown or HTML would read as markup
 * are escaped, so a note that looks like a link, a tag or a heading stays words.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~&]/g, (c) => `\\${c}`);
}

/** Highlights and notes as Markdown: a section per article (title linking to the page, link into Offprint), each quote with its note. */
export function highlightsToMarkdown(articles: ExportedArticle[], exportedAt: string): string {
  const out: string[] = [`# Highlights from Offprint`, '', `Exported ${exportedAt.slice(0, 10)}.`, ''];
  for (const { article, note, highlights, text } of articles) {
    const title = escapeMarkdown(article.title || 'Untitled');
    out.push(`## ${article.url ? `[${title}](<${article.url.replace(/[<>\s]/g, encodeURIComponent)}>)` : title}`, '');
    const about = [article.siteName ? escapeMarkdown(article.siteName) : null, article.tags.length ? `Tags: ${article.tags.map(escapeMarkdown).join(', ')}` : null, `[Open in Offprint](${appLink(article.id)})`];
    out.push(about.filter(Boolean).join(' · '), '');
    if (note) out.push(`**Note:** ${block(note.text)}`, '');
    const paragraphs = paragraphRanges(text);
    for (const h of highlights) {
      out.push(...h.quote.exact.split('\n').map((line) => (line ? `> ${escapeMarkdown(line)}` : '>')), '');
      if (h.note) out.push(block(h.note), '');
      const place = h.anchor.status === 'not-found' ? 'not found in the current text' : `[open at this place](${appLink(article.id, placeOf(paragraphs, h.anchor.start))})`;
      out.push(`— ${h.color}, ${h.createdAt.slice(0, 10)} · ${place}`, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * Highlights and notes as a W3C Web Annotation collection (JSON-LD): each highlight an
 * annotation whose target is the article with a TextQuoteSelector and a TextPositionSelector, its
 * note a commenting body, its colour a highlighting body; an article's note and tags are
 * annotations on the article as a whole.
 */
export function highlightsToWebAnnotations(articles: ExportedArticle[], exportedAt: string): string {
  const items: unknown[] = [];
  for (const { article, note, highlights } of articles) {
    const source = article.url ?? `urn:offprint:article:${article.id}`;
    if (note || article.tags.length) {
      items.push({
        id: `urn:offprint:article-note:${article.id}`,
        type: 'Annotation',
        ...(note ? { created: note.createdAt, modified: note.updatedAt } : {}),
        body: [
          ...(note ? [{ type: 'TextualBody', purpose: 'commenting', format: 'text/plain', value: note.text }] : []),
          ...article.tags.map((tag) => ({ type: 'TextualBody', purpose: 'tagging', value: tag })),
        ],
        target: { source, 'offprint:article': article.id, 'dc:title': article.title },
      });
    }
    for (const h of highlights) {
      items.push({
        id: `urn:offprint:highlight:${h.highlightId}`,
        type: 'Annotation',
        motivation: 'highlighting',
        created: h.createdAt,
        modified: h.updatedAt,
        body: [
          { type: 'TextualBody', purpose: 'highlighting', value: h.color },
          ...(h.note ? [{ type: 'TextualBody', purpose: 'commenting', format: 'text/plain', value: h.note }] : []),
        ],
        target: {
          source,
          'offprint:article': article.id,
          'offprint:anchor': h.anchor.status,
          selector: [
            { type: 'TextQuoteSelector', exact: h.quote.exact, prefix: h.quote.prefix, suffix: h.quote.suffix },
            { type: 'TextPositionSelector', start: h.position.start, end: h.position.end },
          ],
        },
      });
    }
  }
  const collection = {
    '@context': ['http://www.w3.org/ns/anno.jsonld', { offprint: 'urn:offprint:', dc: 'http://purl.org/dc/terms/' }],
    type: 'AnnotationCollection',
    label: 'Highlights from Offprint',
    generated: exportedAt,
    total: items.length,
    first: { type: 'AnnotationPage', items },
  };
  return `${JSON.stringify(collection, null, 2)}\n`;
}

function placeOf(paragraphs: { start: number; end: number }[], offset: number): { block: number; offset: number } {
  const at = toParagraphOffset(paragraphs, offset);
  return { block: at.paragraph, offset: at.offset };
}

/** A note as Markdown paragraphs: escaped, its line breaks kept. */
function block(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeMarkdown(line))
    .join('  \n');
}
