import { type HighlightColor, MAX_NOTE_LENGTH } from '../../shared/annotations';
import { describeRange, locate } from '../../shared/anchoring';
import { OffprintError } from '../../shared/errors';
import type { AnchoredHighlight, ArticleNote, Highlight, HighlightEntry, HighlightPage } from '../../shared/types';
import type { ArticleIndex } from './article-index';
import type { ReadingState } from './reading-state';
import type { StoredHighlight } from './schema';

/**
 * Highlights and notes: a highlight is made from a range of the article's stored plain text
 * (`body.txt`) and kept as W3C selectors (quote with context, and position); whenever it is read
 * it is placed again in the text as it is now (shared/anchoring.ts), so one the text no longer
 * holds is listed as not found, never dropped or moved onto other words. Stored in the article's
 * state file with the rest of its reading state. Callers serialise changes.
 */
export class Highlights {
  constructor(
    private readonly state: ReadingState,
    private readonly index: ArticleIndex,
  ) {}

  /** Makes a highlight of [start, end) of `text`, the article's current plain text. */
  async add(
    articleId: string,
    text: string,
    range: { start: number; end: number; exact?: string; color?: HighlightColor; note?: string | null },
    made: { highlightId: string; now: string },
  ): Promise<AnchoredHighlight> {
    const { start, end } = range;
    if (!(start >= 0 && end > start && end <= text.length)) {
      throw new OffprintError('invalid-argument', `A highlight is a range of the article's text, which is ${text.length} characters long (it was ${start} to ${end}).`);
    }
    const selectors = describeRange(text, start, end);
    if (range.exact !== undefined && range.exact !== selectors.quote.exact) {
      throw new OffprintError('invalid-argument', 'The highlighted words are not at that place in the article (was it saved again since it was opened?). Open it again and highlight them there.');
    }
    if (!selectors.quote.exact.trim()) throw new OffprintError('invalid-argument', 'Select some words to highlight, not only spaces.');
    const highlight: StoredHighlight = {
      highlightId: made.highlightId,
      articleId,
      ...selectors,
      color: range.color ?? 'yellow',
      note: cleanNote(range.note),
      createdAt: made.now,
      updatedAt: made.now,
    };
    await this.state.putHighlight(highlight);
    return { ...highlight, anchor: { status: 'exact', start, end } };
  }

  /** Changes a highlight's colour or note (a note of null or only spaces removes it). */
  async update(highlightId: string, patch: { color?: HighlightColor; note?: string | null }, now: string): Promise<Highlight> {
    const current = this.require(highlightId);
    const next: StoredHighlight = {
      ...current,
      color: patch.color ?? current.color,
      note: patch.note === undefined ? current.note : cleanNote(patch.note),
      updatedAt: now,
    };
    await this.state.putHighlight(next);
    return next;
  }

  async delete(highlightId: string): Promise<Highlight> {
    const current = this.require(highlightId);
    await this.state.deleteHighlight(current);
    return current;
  }

  /** Sets the note on a whole article; null, empty or only spaces removes it. */
  async setNote(articleId: string, text: string | null, now: string): Promise<ArticleNote | null> {
    const clean = cleanNote(text);
    const current = this.state.note(articleId);
    if (clean === null) {
      if (current) await this.state.setNote(articleId, null);
      return null;
    }
    if (clean.length > MAX_NOTE_LENGTH) throw new OffprintError('invalid-argument', `A note is at most ${MAX_NOTE_LENGTH.toLocaleString('en')} characters.`);
    const note = { text: clean, createdAt: current?.createdAt ?? now, updatedAt: now };
    await this.state.setNote(articleId, note);
    return note;
  }

  note(articleId: string): ArticleNote | null {
    return this.state.note(articleId) ?? null;
  }

  count(articleId: string): number {
    return this.state.highlights(articleId).length;
  }

  /** An article's highlights placed in `text`: in reading order (where they are now), those not found last (newest first). */
  anchored(articleId: string, text: string): AnchoredHighlight[] {
    const out = this.state.highlights(articleId).map((h): AnchoredHighlight => ({ ...h, anchor: locate(text, h) }));
    return out.sort((a, b) => {
      if (a.anchor.status === 'not-found' || b.anchor.status === 'not-found') {
        if (a.anchor.status !== b.anchor.status) return a.anchor.status === 'not-found' ? 1 : -1;
        return a.createdAt < b.createdAt ? 1 : -1;
      }
      return a.anchor.start - b.anchor.start || a.anchor.end - b.anchor.end;
    });
  }

  /**
   * Highlights newest first, of one article or the whole library, a page at a time; each is
   * placed in its article's current text (read once per article on the page).
   */
  page(options: { articleId?: string; offset: number; limit: number }, textOf: (articleId: string) => string): HighlightPage {
    const all: StoredHighlight[] = [];
    if (options.articleId !== undefined) all.push(...this.state.highlights(options.articleId));
    else for (const [articleId, list] of this.state.highlightEntries()) if (this.index.has(articleId)) all.push(...list);
    all.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.highlightId < b.highlightId ? 1 : -1));
    const texts = new Map<string, string>();
    const items = all.slice(options.offset, options.offset + options.limit).map((h): HighlightEntry => {
      let text = texts.get(h.articleId);
      if (text === undefined) texts.set(h.articleId, (text = textOf(h.articleId)));
      const record = this.index.get(h.articleId)!;
      return { highlight: { ...h, anchor: locate(text, h) }, article: { id: record.id, title: record.title, siteName: record.siteName, url: record.url } };
    });
    return { items, total: all.length };
  }

  private require(highlightId: string): StoredHighlight {
    const found = this.state.findHighlight(highlightId);
    if (!found || !this.index.has(found.articleId)) throw new OffprintError('not-found', 'That highlight no longer exists.');
    return found;
  }
}

/** A note as kept: line endings made \n, trailing white space off; nothing left is no note. */
function cleanNote(note: string | null | undefined): string | null {
  if (note === null || note === undefined) return null;
  const clean = note.replace(/\r\n?/g, '\n').trimEnd();
  return clean.trim() ? clean : null;
}
