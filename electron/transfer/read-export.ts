/**
 * From an opened import file to what it holds: entries (every format but two), an OPML text (for
 * the feeds module), or Offprint's own export (read by offprint-import.ts). Zips are told apart by
 * what they hold; texts by their content (formats/detect.ts); `--format` overrides the guess.
 */
import { OffprintError } from '../../shared/errors';
import { csvFormatOf, csvHeader, parseCsvExport } from './formats/csv-formats';
import { textFormatOf, parseTextExport, zipFormatOf } from './formats/detect';
import { FORMAT_NAMES, type ImportFormat, type ParsedImport } from './formats/entry';
import { isOmnivoreMetadata, parseOmnivoreExport } from './formats/omnivore';
import type { ImportInput, ZipArchive } from './read-input';

export type ReadExport = { kind: 'entries'; parsed: ParsedImport } | { kind: 'opml'; text: string } | { kind: 'offprint'; zip: ZipArchive };

export async function readExport(input: ImportInput, given?: ImportFormat): Promise<ReadExport> {
  if (input.kind === 'text') {
    const text = input.text.replace(/^\uFEFF/, '');
    // No export declares entities; a file that does may expand without bound (a "billion laughs"), so it is refused before any parser sees it.
    if (/<!DOCTYPE[^>[]*\[[\s\S]*?<!ENTITY/i.test(text.slice(0, 64 * 1024))) {
      throw new OffprintError('invalid-argument', `${input.name} declares XML entities (<!ENTITY … in its DOCTYPE), which no export needs and which can make a file grow without bound (an entity bomb), so it is not read.`);
    }
    const format = given ?? textFormatOf(text);
    if (format === 'opml') return { kind: 'opml', text };
    if (format === 'offprint' || format === 'omnivore' && !text.trimStart().startsWith('[')) throw new OffprintError('invalid-argument', `${input.name} is not a zip, so it is not ${FORMAT_NAMES[format]} (that is a .zip file).`);
    return { kind: 'entries', parsed: parseTextExport(text, format, input.name) };
  }
  const { zip } = input;
  const heads = new Map<string, string>();
  for (const name of zip.names.filter((n) => /\.csv$/i.test(n)).slice(0, 20)) heads.set(name, (await zip.read(name)).subarray(0, 4096).toString('utf8'));
  const format = given ?? zipFormatOf(zip.names, (name) => heads.get(name) ?? null);
  switch (format) {
    case 'offprint':
      if (!zip.names.includes('offprint-export.json')) throw new OffprintError('invalid-argument', `${input.name} has no offprint-export.json, so it is not an Offprint export.`);
      return { kind: 'offprint', zip };
    case 'omnivore': {
      const metadata: unknown[] = [];
      for (const name of zip.names.filter(isOmnivoreMetadata).sort()) {
        try {
          metadata.push(JSON.parse(await zip.readText(name)));
        } catch (error) {
          throw new OffprintError('invalid-argument', `${name} in ${input.name} is damaged or cut short: ${(error as Error).message}.`);
        }
      }
      if (!metadata.length) throw new OffprintError('invalid-argument', `${input.name} has no metadata_*.json, so it is not an Omnivore export.`);
      const files = new Set(zip.names);
      const highlights = new Map<string, string>();
      for (const name of zip.names) {
        const m = /(?:^|\/)highlights\/(.+)\.md$/.exec(name);
        if (m) highlights.set(m[1]!, await zip.readText(name));
      }
      const contentFile = (slug: string) => zip.names.find((n) => n.endsWith(`content/${slug}.html`) && files.has(n)) ?? null;
      return { kind: 'entries', parsed: parseOmnivoreExport(metadata, contentFile, (slug) => highlights.get(slug) ?? null) };
    }
    default: {
      // Pocket's zip: part_000000.csv, part_000001.csv… (10,000 rows each), read as one export.
      const csvs = zip.names.filter((n) => /\.csv$/i.test(n)).sort();
      const parts = csvs.filter((n) => {
        const header = csvHeader(heads.get(n) ?? '');
        return header && csvFormatOf(header.columns, header.delimiter) === format;
      });
      if (!parts.length) throw new OffprintError('invalid-argument', `${input.name} holds no ${FORMAT_NAMES[format]} file.`);
      const parsed: ParsedImport = { format, entries: [], skipped: [] };
      for (const name of parts) {
        const one = parseCsvExport((await zip.readText(name)).replace(/^\uFEFF/, ''), format, `${name} in ${input.name}`);
        parsed.entries.push(...one.entries);
        parsed.skipped.push(...one.skipped);
      }
      return { kind: 'entries', parsed };
    }
  }
}
