/** Tags, highlight colours and notes: the rules every side shares (pure: no Node, no DOM). */

/** The four highlight colours, in the order a picker offers them. */
export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink'] as const;
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number];

/** Longest tag name, in characters. */
export const MAX_TAG_LENGTH = 100;
/** Most tags one article may carry. */
export const MAX_TAGS_PER_ARTICLE = 100;
/** Longest note (on a highlight or a whole article): far beyond any real note, small enough that a bad caller cannot fill memory. */
export const MAX_NOTE_LENGTH = 1_000_000;

// eslint-disable-next-line no-control-regex -- control characters are exactly what a tag may not hold
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A tag as the reader means it: trimmed, inner runs of white space made one space, NFC. Case,
 * spaces and any script are kept ("Read later", "日本", "Économie"). Null when nothing is left or
 * it holds control characters.
 */
export function cleanTagName(name: string): string | null {
  const clean = name.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (!clean || CONTROL.test(clean) || [...clean].length > MAX_TAG_LENGTH) return null;
  return clean;
}

/** What two tag names are compared by: case-insensitive, after Unicode normalisation (NFC). */
export function tagKey(name: string): string {
  return name.normalize('NFC').replace(/\s+/gu, ' ').trim().toLowerCase().normalize('NFC');
}

const COLLATOR = new Intl.Collator('und', { sensitivity: 'base', numeric: true });

/** Orders tag names as a reader expects (Unicode's root collation: accents and case after letters), for lists. */
export function byTagName(a: string, b: string): number {
  return COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

const TAG_TERM = /(^|\s)tag:(?:"([^"]*)"?|(\S+))/giu;

/**
 * Splits a search into its `tag:` filters and its words: `tag:日本 ferry`, `tag:"Read later" storm`
 * (quotes for a tag with spaces). Every tag given must be on an article for it to be found.
 */
export function parseTagFilters(query: string): { tags: string[]; words: string } {
  const tags: string[] = [];
  const words = query.replace(TAG_TERM, (_all, lead: string, quoted: string | undefined, bare: string | undefined) => {
    const name = cleanTagName(quoted ?? bare ?? '');
    if (name) tags.push(name);
    return lead;
  });
  return { tags, words: words.replace(/\s+/gu, ' ').trim() };
}
