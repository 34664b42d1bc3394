/**
 * Why every stored shape is read with zod, with no hand-written fast path beside it: the cost of
 * checking an article record and a shard header with the schemas, against the hand-written check
 * the library used before (kept here only to compare). Run: `npx tsx tests/bench/stored-shapes.ts`.
 *
 * A list page checks at most 50 records it has not read before, and opening checks one header per
 * shard (196 at 50,000 articles): at the figures printed, zod adds well under a millisecond to a
 * page and a few milliseconds to an open, against targets of 5 ms (p95) and 300 ms.
 */
import { articleRecordSchema, shardHeaderSchema } from '../../electron/library/schema';
import { articleRecord } from '../helpers/records';
import { summarize } from './stats';

/** The hand-written record check the library had before (schema.ts's `quickRecord`), for comparison only. */
function handChecked(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const r = raw as Record<string, unknown>;
  for (const key of ['id', 'title', 'savedAt']) if (typeof r[key] !== 'string') return false;
  for (const key of ['byline', 'siteName', 'excerpt', 'lang', 'publishedTime', 'url', 'finalUrl', 'canonicalUrl', 'normalizedUrl', 'leadImage']) if (r[key] !== null && typeof r[key] !== 'string') return false;
  if (Number.isNaN(Date.parse(r.savedAt as string))) return false;
  if (r.source !== 'url' && r.source !== 'html' && r.source !== 'text') return false;
  const images = r.images as Record<string, unknown> | undefined;
  return typeof images === 'object' && images !== null && Array.isArray(images.failed) && Number.isInteger(r.wordCount);
}

const records = Array.from({ length: 5000 }, (_, i) =>
  JSON.parse(JSON.stringify({ ...articleRecord(`mx${i.toString(36)}-0123456789`, { title: `A headline of article ${i}`, url: `https://news.example/${i}`, excerpt: 'x'.repeat(200) }), savedAt: new Date(1_700_000_000_000 + i).toISOString() })) as unknown,
);
const header = { schemaVersion: 2, ids: records.slice(0, 256).map((r) => (r as { id: string }).id), urlKeys: records.slice(0, 256).map((_, i) => i * 7919), lengths: records.slice(0, 256).map(() => 600) };

function perItem(check: (raw: unknown) => unknown, items: unknown[], rounds: number): number[] {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (const item of items) check(item);
    samples.push(((performance.now() - started) / items.length) * 1000);
  }
  return samples;
}

const zod = summarize(perItem((raw) => articleRecordSchema.safeParse(raw).success, records, 20));
const hand = summarize(perItem(handChecked, records, 20));
const headers = summarize(perItem((raw) => shardHeaderSchema.safeParse(raw).success, Array.from({ length: 196 }, () => header), 20));
console.log('| check | µs per item (p50 / p95 over 20 rounds) |');
console.log('|---|---|');
console.log(`| article record, zod schema | ${zod.p50} / ${zod.p95} |`);
console.log(`| article record, hand-written check | ${hand.p50} / ${hand.p95} |`);
console.log(`| shard header of 256 ids, zod schema | ${headers.p50} / ${headers.p95} |`);
console.log(`page of 50 new records with zod: ${((zod.p95 * 50) / 1000).toFixed(3)} ms; 196 headers at open: ${((headers.p95 * 196) / 1000).toFixed(1)} ms`);
console.log(JSON.stringify({ recordZodUs: zod, recordHandUs: hand, headerZodUs: headers }));
