/**
 * A plain list of web addresses, one a line (OneTab writes `URL | Title`). Lines that are not
 * addresses are skipped with the reason; blank lines are nothing. Pure.
 */
import { checkAddress, entry, type ParsedImport, type SkippedEntry } from './entry';

/** Whether a text is mostly web addresses, one a line (at least half of its first non-blank lines). */
export function isUrlList(input: string): boolean {
  const lines = input.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(0, 200);
  if (!lines.length) return false;
  const urls = lines.filter((l) => /^[a-z][a-z0-9+.-]*:\/\/\S+/i.test(l)).length;
  return urls > 0 && urls * 2 >= lines.length;
}

export function parseUrlList(input: string): ParsedImport {
  const entries: ParsedImport['entries'] = [];
  const skipped: SkippedEntry[] = [];
  input.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const [address, ...rest] = line.split(/\s+\|\s+/);
    const title = rest.join(' | ').trim() || null;
    const checked = checkAddress(address);
    if ('reason' in checked) skipped.push({ url: line.slice(0, 200), title, reason: `line ${i + 1}: ${checked.reason}` });
    else entries.push(entry({ url: checked.url, title }));
  });
  return { format: 'url-list', entries, skipped };
}
