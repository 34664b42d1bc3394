import { forEachTerm, type ParsedQuery } from './tokenize';

/** What search reads of one article's annotations. */
export interface AnnotatedArticle {
  articleId: string;
  highlights: readonly { highlightId: string; quote: { exact: string }; note: string | null; updatedAt: string }[];
  note: { text: string; updatedAt: string } | null;
}

/** An article found by its annotations: where (the text to show as the snippet), and when that was last changed. */
export interface AnnotationHit {
  articleId: string;
  matchedIn: 'highlight' | 'note';
  text: string;
  highlightId?: string;
  changedAt: string;
}

type Terms = { stamp: string; terms: Set<string> };

/**
 * Finds query words in the reader's highlights and notes, which the full-text index does not hold
 * (it indexes what the article says, not what the reader marked or wrote). Annotations are few
 * beside articles and all in memory, so each search looks through them with the index's own
 * tokenizer (the same words match the same way), keeping each annotation's terms until it changes.
 * An annotation matches when every word of the query is in it.
 */
export class AnnotationSearch {
  private cache = new Map<string, Terms>();

  /** Articles whose highlight (first) or note has every word, most recently changed first; only those `allowed`. */
  find(query: ParsedQuery, annotations: Iterable<AnnotatedArticle>, allowed: (articleId: string) => boolean): AnnotationHit[] {
    if (query.clauses.length === 0) return [];
    const next = new Map<string, Terms>();
    const matches = (key: string, stamp: string, text: string) => this.matches(query, this.terms(next, key, stamp, text));
    const hits: AnnotationHit[] = [];
    for (const article of annotations) {
      if (!allowed(article.articleId)) continue;
      let best: AnnotationHit | null = null;
      const consider = (hit: AnnotationHit) => {
        const rank = (h: AnnotationHit) => (h.matchedIn === 'highlight' ? 1 : 0);
        if (!best || rank(hit) > rank(best) || (rank(hit) === rank(best) && hit.changedAt > best.changedAt)) best = hit;
      };
      for (const h of article.highlights) {
        if (matches(`h:${h.highlightId}`, h.updatedAt, h.quote.exact)) consider({ articleId: article.articleId, matchedIn: 'highlight', text: h.quote.exact, highlightId: h.highlightId, changedAt: h.updatedAt });
        else if (h.note && matches(`hn:${h.highlightId}`, h.updatedAt, h.note)) consider({ articleId: article.articleId, matchedIn: 'note', text: h.note, highlightId: h.highlightId, changedAt: h.updatedAt });
      }
      if (article.note && matches(`n:${article.articleId}`, article.note.updatedAt, article.note.text)) {
        consider({ articleId: article.articleId, matchedIn: 'note', text: article.note.text, changedAt: article.note.updatedAt });
      }
      if (best) hits.push(best);
    }
    // What was not looked at this time belongs to annotations that are gone.
    this.cache = next;
    return hits.sort((a, b) => (a.changedAt < b.changedAt ? 1 : a.changedAt > b.changedAt ? -1 : 0));
  }

  private terms(next: Map<string, Terms>, key: string, stamp: string, text: string): Set<string> {
    let entry = this.cache.get(key);
    if (!entry || entry.stamp !== stamp) {
      const terms = new Set<string>();
      forEachTerm(text, (term) => terms.add(term));
      entry = { stamp, terms };
    }
    next.set(key, entry);
    return entry.terms;
  }

  private matches(query: ParsedQuery, terms: Set<string>): boolean {
    return query.clauses.every((clause) => {
      if (terms.has(clause.term)) return true;
      if (!clause.prefix) return false;
      for (const term of terms) if (term.startsWith(clause.term)) return true;
      return false;
    });
  }
}
