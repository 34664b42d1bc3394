import type { AnchoredHighlight, ArticleNote } from '../../shared/types';
import type { Action } from './actions';

/**
 * The highlights and the note of the article being read: what the reader's marks and its
 * highlights panel show. Loaded with the article, then changed by each answer (an added, recoloured
 * or deleted highlight; the note saved), so the body is never fetched again for them.
 */
export interface MarksState {
  articleId: string | null;
  /** In reading order; those not found in the current text last (as getArticle gives them). */
  highlights: readonly AnchoredHighlight[];
  note: ArticleNote | null;
}

export const initialMarks: MarksState = { articleId: null, highlights: [], note: null };

/** Reading order: by where each is in the current text; those not found last, newest first among them. */
function inReadingOrder(highlights: AnchoredHighlight[]): AnchoredHighlight[] {
  const start = (h: AnchoredHighlight) => (h.anchor.status === 'not-found' ? Infinity : h.anchor.start);
  return highlights.sort((a, b) => start(a) - start(b) || (a.createdAt < b.createdAt ? 1 : -1));
}

export function marksReducer(state: MarksState, action: Action): MarksState {
  switch (action.type) {
    case 'reader/requested':
      return action.id === state.articleId ? state : { ...initialMarks, articleId: action.id };
    case 'reader/loaded':
      if (action.article.id !== state.articleId) return state;
      return { articleId: action.article.id, highlights: action.article.highlights, note: action.article.note };
    case 'highlight/added':
      if (action.highlight.articleId !== state.articleId) return state;
      return { ...state, highlights: inReadingOrder([...state.highlights.filter((h) => h.highlightId !== action.highlight.highlightId), action.highlight]) };
    case 'highlight/updated': {
      const at = state.highlights.findIndex((h) => h.highlightId === action.highlight.highlightId);
      if (at < 0) return state;
      const highlights = [...state.highlights];
      // The answer is the stored highlight; where it sits in the text has not changed.
      highlights[at] = { ...action.highlight, anchor: state.highlights[at]!.anchor };
      return { ...state, highlights };
    }
    case 'highlight/deleted':
      return state.highlights.some((h) => h.highlightId === action.highlightId) ? { ...state, highlights: state.highlights.filter((h) => h.highlightId !== action.highlightId) } : state;
    case 'note/saved':
      return action.id === state.articleId ? { ...state, note: action.note } : state;
    default:
      return state;
  }
}
