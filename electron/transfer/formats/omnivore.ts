/**
 * Omnivore's export zip: `metadata_<from>_to_<to>.json` (arrays of items), `content/<slug>.html`
 * (the article as Omnivore stored it) and `highlights/<slug>.md` (each highlight a Markdown quote,
 * its note as the paragraphs after it). Pure: the zip's texts in, entries out.
 */
import type { ImportHighlight, ParsedImport, SkippedEntry } from './entry';
import { parseJsonExport, omnivoreItem } from './json-formats';
import { checkAddress } from './entry';

/** Whether a zip entry's name is one of Omnivore's metadata files. */
export const isOmnivoreMetadata = (name: string): boolean => /(^|\/)metadata_[^/]*\.json$/i.test(name);

/**
 * Highlights from an Omnivore `highlights/<slug>.md`: `> quote` lines (a trailing `[⤴️](…)` link
 * back to Omnivore dropped), then the note as the plain paragraphs up to the next quote.
 */
export function parseOmnivoreHighlights(markdown: string): ImportHighlight[] {
  const out: ImportHighlight[] = [];
  let current: { quote: string[]; note: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    const quote = current.quote.join('\n').replace(/\s*\[[^\]]*\]\([^)]*\)\s*$/u, '').trim();
    const note = current.note.join('\n').trim();
    if (quote) out.push({ quote, note: note || null, color: null, createdAt: null });
    current = null;
  };
  let inQuote = false;
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*>/.test(line)) {
      if (!inQuote) flush();
      if (!current) current = { quote: [], note: [] };
      current.quote.push(line.replace(/^\s*>\s?/, ''));
      inQuote = true;
      continue;
    }
    inQuote = false;
    if (current && (line.trim() || current.note.length)) current.note.push(line);
  }
  flush();
  return out;
}

/** The entries of an Omnivore export: its metadata files' items with their content and highlights by slug. */
export function parseOmnivoreExport(metadata: unknown[], contentFileOf: (slug: string) => string | null, highlightsOf: (slug: string) => string | null): ParsedImport {
  const entries: ParsedImport['entries'] = [];
  const skipped: SkippedEntry[] = [];
  for (const file of metadata) {
    const parsed = parseJsonExport(file, 'omnivore');
    skipped.push(...parsed.skipped);
    const items = Array.isArray(file) ? file : [];
    for (const item of items) {
      if (typeof item !== 'object' || item === null) continue;
      const record = item as Record<string, unknown>;
      if (String(record.state ?? '').toLowerCase() === 'deleted') continue;
      const slug = typeof record.slug === 'string' ? record.slug : null;
      const made = omnivoreItem(record, null, slug ? parseOmnivoreHighlights(highlightsOf(slug) ?? '') : []);
      const contentFile = slug ? contentFileOf(slug) : null;
      const address = checkAddress(made.url);
      if ('url' in address) entries.push({ ...made, url: address.url, ...(contentFile ? { contentFile } : {}) });
    }
  }
  return { format: 'omnivore', entries, skipped };
}
