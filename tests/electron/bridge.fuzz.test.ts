import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../../electron/bridge';
import { Extractor } from '../../electron/capture/extractor';
import { Library } from '../../electron/library/library';
import { createOffprintService, type OffprintService } from '../../electron/service';
import { API_METHODS, type ApiMethod } from '../../shared/api';
import { argSchemas, articleIdSchema } from '../../shared/schemas';
import { TEXT_SIZES } from '../../shared/text-size';
import type { ApiResult, ErrorCode } from '../../shared/types';

/**
 * Every method of the contract, fed random and malformed arguments through the same bridge as IPC,
 * HTTP and the CLI: each call answers with a typed error or a valid result, nothing throws, and what
 * the library wrote still opens and validates afterwards. The network is never used: captures get a
 * fake fetch that answers with a small page, an image, an error or nothing.
 */

const ERROR_CODES: ErrorCode[] = [
  'invalid-argument', 'invalid-url', 'unsupported-scheme', 'not-found', 'network', 'timeout', 'http-status',
  'too-many-redirects', 'refused', 'too-large', 'not-html', 'extraction-failed', 'storage', 'internal',
];
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const SEED = Number(process.env.FUZZ_SEED ?? 20240620);

let dataDir: string;
let library: Library;
let service: OffprintService;
const knownIds: string[] = [];
const knownNoticeIds: string[] = [];
const extractor = new Extractor({ timeoutMs: 10_000 });

/** A stand-in for the network, decided by the address so runs are reproducible. */
const fakeFetch: typeof fetch = async (input) => {
  const url = String(input instanceof Request ? input.url : input);
  // news.example always answers with a page; other hosts by a hash of the address.
  const n = url.startsWith('https://news.example/') ? 3 : [...url].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % 5;
  if (/\.(png|jpg|gif)(\?|$)/.test(url)) return n < 3 ? new Response(PNG_1x1, { headers: { 'content-type': 'image/png' } }) : new Response('gone', { status: 404 });
  if (n === 0) throw new TypeError('fetch failed');
  if (n === 1) return new Response('nope', { status: 500, statusText: 'Server Error' });
  if (n === 2) return new Response('%PDF-1.4', { headers: { 'content-type': 'application/pdf' } });
  return new Response(
    `<html lang="en"><title>Page ${n}</title><body><article><h1>Page ${n}</h1><p>${'Words of a fuzzed article. '.repeat(30)}</p><img src="/pic-${n}.png" alt="a"><img src="/missing.jpg"></article></body></html>`,
    { headers: { 'content-type': 'text/html; charset=utf-8' } },
  );
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-fuzz-'));
  // A damaged settings file, so the open repairs it and there is a notice to dismiss.
  await writeFile(join(dataDir, 'settings.json'), '{');
  library = await Library.open({ dataDir });
  knownNoticeIds.push(library.repairNotice!.id);
  service = createOffprintService(library, { extractor, fetch: fakeFetch, progressTtlMs: 50 });
  for (const text of ['First fuzz article\n\nBody one.', 'Second fuzz article\n\nBody two.', 'Third fuzz article\n\nBody three.']) {
    knownIds.push((await service.saveArticle({ source: { kind: 'text', text } })).article.id);
  }
  knownIds.push((await service.saveArticle({ source: { kind: 'url', url: 'https://news.example/story-4' } })).article.id);
});
afterAll(async () => {
  await extractor.close();
  await rm(dataDir, { recursive: true, force: true });
});

// ── arbitraries ──────────────────────────────────────────────────────────────────────────────

/** Anything IPC's structured clone can deliver (HTTP delivers a subset: JSON). */
const garbage = fc.anything({
  maxDepth: 3,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withBigInt: true,
  withObjectString: true,
});
const hostileStrings = fc.constantFrom(
  '', ' ', '../../etc/passwd', '..', '__proto__', 'constructor', 'toString', '\u0000', 'a'.repeat(70), 'AAAA-1111', 'abcd-1234',
  'javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>alert(1)</script>', 'http://[::1', 'https://', 'http://127.0.0.1:1/',
  'vbscript:msgbox', '\u202e', '%00', '<img src=x onerror=alert(1)>',
);
/** A plausible value some of the time, anything at all the rest. */
const loose = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: garbage }, { weight: 1, arbitrary: hostileStrings });
/** Ids of the articles saved so far (known only once beforeAll ran), or well-formed unknown ones. */
const knownId = fc.nat().map((i) => knownIds[i % Math.max(1, knownIds.length)] ?? 'none-0000');
/** Places bookmarked during the run, so deletePlaceBookmark sometimes hits a real one. */
const knownPlaceIds: string[] = [];
const knownPlaceId = fc.nat().map((i) => knownPlaceIds[i % Math.max(1, knownPlaceIds.length)] ?? 'none-0000');
const id = fc.oneof({ weight: 3, arbitrary: knownId }, { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9-]{3,20}$/) });
const number = fc.oneof(
  { weight: 4, arbitrary: fc.nat(1000) },
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 100, 101, 1e308, Number.NaN, Infinity, -0, Number.MAX_SAFE_INTEGER + 2),
);
const position = fc.record({ block: number, offset: number });
const extraKeys = fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype')), garbage, { maxKeys: 2 });

/**
 * Arguments for a method from plausible field values: all plausible (mostly valid), some fields
 * replaced by anything, fields missing, unknown keys added, or not an object at all.
 */
function shape(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const loosened = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, loose(v)]));
  return fc.oneof(
    { weight: 3, arbitrary: fc.record(fields) },
    { weight: 2, arbitrary: fc.record(loosened) },
    { weight: 1, arbitrary: fc.record(loosened, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.tuple(fc.record(fields, { requiredKeys: [] }), extraKeys).map(([a, b]) => ({ ...b, ...a })) },
    { weight: 1, arbitrary: garbage },
  );
}

const html = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '<p>short</p>',
    `<article><h1>Title</h1><p>${'text '.repeat(80)}</p><img src="data:image/png;base64,${PNG_1x1.toString('base64')}"><img src="/a.png"></article>`,
    '<svg><script>alert(1)</script></svg><p>x</p>',
    '<html><body>' + '<div>'.repeat(2000) + 'deep' + '</div>'.repeat(2000) + '</body></html>',
  ),
);
const webUrl = fc.oneof(fc.webUrl(), fc.constantFrom('https://news.example/story-4', 'HTTPS://NEWS.example/story-4#x', 'https://news.example/other'));
const source = fc.oneof(
  fc.record({ kind: fc.constant('url'), url: loose(webUrl) }),
  fc.record({ kind: fc.constant('html'), html: loose(html), baseUrl: loose(webUrl), title: loose(fc.string()) }, { requiredKeys: ['kind', 'html'] }),
  fc.record({ kind: fc.constant('text'), text: loose(fc.string({ minLength: 1 })), title: loose(fc.string()) }, { requiredKeys: ['kind', 'text'] }),
  garbage,
);
const settingsPatch = fc.record(
  {
    textSize: loose(number),
    lineHeight: loose(fc.oneof(fc.double({ min: 1, max: 3 }), number)),
    contentWidth: loose(number),
    font: loose(fc.constantFrom('serif', 'sans', 'legible', 'comic')),
    theme: loose(fc.constantFrom('system', 'light', 'dark', 'sepia', 'neon')),
    sort: loose(fc.constantFrom('newest', 'oldest', 'random')),
  },
  { requiredKeys: [] },
);

/** Plausible arguments per method. A method added to the contract without an entry here still gets fuzzed (see argsFor). */
const ARGS: Partial<Record<string, fc.Arbitrary<unknown>>> = {
  searchArticles: shape({
    query: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('ferry', 'article', 'fuzz', '학교', '   ', 'x'.repeat(600))),
    view: fc.constantFrom('all', 'unread', 'bookmarked', 'archived', 'continue', 'trash'),
    offset: number,
    limit: number,
  }),
  listArticles: shape({
    view: fc.constantFrom('all', 'unread', 'bookmarked', 'archived', 'continue', 'trash'),
    sort: fc.constantFrom('newest', 'oldest'),
    offset: number,
    limit: number,
  }),
  getArticle: shape({ id }),
  saveArticle: shape({ source, refresh: fc.boolean(), requestId: fc.stringMatching(/^[A-Za-z0-9_-]{1,70}$/) }),
  listSaves: shape({}),
  retryImages: shape({ id }),
  deleteArticle: shape({ id }),
  setBookmarked: shape({ id, bookmarked: fc.boolean() }),
  listBookmarks: shape({}),
  addPlaceBookmark: shape({ id, position, snippet: fc.string({ maxLength: 1200 }), note: fc.string() }),
  deletePlaceBookmark: shape({ placeId: fc.oneof(knownPlaceId, knownId) }),
  saveProgress: shape({ id, position, progress: number }),
  setRead: shape({ id, read: fc.boolean() }),
  setArchived: shape({ id, archived: fc.boolean() }),
  getSettings: shape({}),
  updateSettings: shape({ patch: settingsPatch }),
  listNotices: shape({}),
  dismissNotice: shape({
    id: fc.oneof(
      fc.string(),
      fc.nat().map((i) => knownNoticeIds[i % Math.max(1, knownNoticeIds.length)] ?? 'none'),
      fc.constantFrom('2026-01-01T00-00-00-000Z', '../../state.json', '..', ''),
    ),
  }),
};
// Tags, highlights and notes (issue 13).
const knownHighlightIds: string[] = [];
const knownHighlightId = fc.nat().map((i) => knownHighlightIds[i % Math.max(1, knownHighlightIds.length)] ?? 'none-0000');
const tagName = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('Read later', 'read later', '日本', 'Économie', 'E\u0301conomie', 'news', '  spaced  out ') }, { weight: 1, arbitrary: fc.string({ maxLength: 120 }) });
const tagList = fc.array(tagName, { maxLength: 4 });
const poolName = fc.constantFrom('Read later', 'read later', '日本', 'Économie', 'E\u0301conomie', 'news');
const color = fc.constantFrom('yellow', 'green', 'blue', 'pink', 'red');
const note = fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('<script>alert(1)</script>', '   ', 'A note\r\nwith lines'));
Object.assign(ARGS, {
  listArticles: shape({ view: fc.constantFrom('all', 'unread', 'archived', 'trash'), sort: fc.constantFrom('newest', 'oldest'), offset: number, limit: number, tag: tagName }),
  setTags: shape({ id, tags: tagList }),
  addTags: shape({ id, tags: tagList }),
  // Never the tags renameTag, mergeTags and deleteTag (run after it) need to find.
  removeTags: shape({ id, tags: fc.array(fc.oneof(fc.constantFrom('news', '日本', 'not a tag'), fc.string({ maxLength: 20 })), { maxLength: 3 }) }),
  listTags: shape({}),
  renameTag: shape({ tag: poolName, name: poolName }),
  mergeTags: shape({ tags: fc.array(poolName, { minLength: 1, maxLength: 2 }), into: tagName }),
  deleteTag: shape({ tag: poolName }),
  addHighlight: shape({ id, start: fc.oneof(fc.nat(6), number), end: fc.oneof(fc.nat(14), number), color, note }),
  updateHighlight: shape({ highlightId: fc.oneof(knownHighlightId, knownId), color, note: fc.option(note) }),
  deleteHighlight: shape({ highlightId: fc.oneof(knownHighlightId, knownHighlightId, knownId) }),
  listHighlights: shape({ id, offset: number, limit: number }),
  setArticleNote: shape({ id, note: fc.option(note) }),
  exportHighlights: shape({ id, format: fc.constantFrom('markdown', 'json', 'pdf') }),
});

/** The method's own arbitrary, or one made from its schema's keys with values of any plain type. */
function argsFor(method: ApiMethod): fc.Arbitrary<unknown> {
  const known = ARGS[method];
  if (known) return known;
  const keys = Object.keys((argSchemas[method] as unknown as { shape?: Record<string, unknown> }).shape ?? {});
  return shape(Object.fromEntries(keys.map((k) => [k, fc.oneof(fc.string(), number, fc.boolean(), id)])));
}

/** Saves run the extraction worker: fewer of them keep the whole file well under 30 s. */
const RUNS: Partial<Record<ApiMethod, number>> = { saveArticle: 120, retryImages: 60, deleteArticle: 60 };

// ── checks ───────────────────────────────────────────────────────────────────────────────────

/** Null, booleans, finite numbers, strings, arrays and plain objects of them: what survives JSON unchanged. */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && Object.values(value as object).every(isPlainJson);
}

/** Outcomes per method, so the test can show that the arbitraries reach both the library and the validator. */
const outcomes = new Map<ApiMethod, Record<string, number>>();

function checkResult(method: ApiMethod, args: unknown, result: ApiResult<unknown>): void {
  expect(result).toBeTypeOf('object');
  const tally = outcomes.get(method) ?? {};
  const key = result.ok ? 'ok' : result.error.code;
  tally[key] = (tally[key] ?? 0) + 1;
  outcomes.set(method, tally);
  if (method === 'addPlaceBookmark' && result.ok) knownPlaceIds.push((result.value as { placeId: string }).placeId);
  if (method === 'saveArticle' && result.ok) knownIds.push((result.value as { article: { id: string } }).article.id);
  if (method === 'addHighlight' && result.ok) knownHighlightIds.push((result.value as { highlightId: string }).highlightId);
  if (!argSchemas[method].safeParse(args ?? {}).success) {
    // Anything the schema refuses never reaches the library.
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  }
  if (!result.ok) {
    expect(ERROR_CODES).toContain(result.error.code);
    // `internal` means something threw that nobody anticipated: a crash in disguise.
    expect(result.error.code, result.error.message).not.toBe('internal');
    expect(result.error.message.length).toBeGreaterThan(0);
    return;
  }
  // Results cross IPC and HTTP: plain JSON only.
  expect(isPlainJson(result.value), JSON.stringify(result.value)).toBe(true);
  const value = result.value as Record<string, unknown>;
  const summaries = method === 'listArticles' ? (value.items as Record<string, unknown>[]) : 'progress' in value ? [value] : [];
  for (const s of summaries) {
    expect(articleIdSchema.safeParse(s.id).success).toBe(true);
    expect(s.progress).toBeGreaterThanOrEqual(0);
    expect(s.progress).toBeLessThanOrEqual(100);
  }
}

describe('electron/bridge fuzzed through every API method', () => {
  // Deleting goes last, so the other methods meet real articles.
  const order = [...API_METHODS.filter((m) => m !== 'deleteArticle'), 'deleteArticle' as const];
  for (const method of order) {
    it(`${method}: random and malformed arguments give a typed error or a valid result`, async () => {
      await fc.assert(
        fc.asyncProperty(argsFor(method), async (args) => {
          // The tags these change are put back first, so every run can meet them whatever the runs before did.
          if (method === 'renameTag' || method === 'mergeTags' || method === 'deleteTag') await library.addTags({ id: knownIds[0]!, tags: ['Read later', '日本', 'Économie', 'news'] });
          const result = await callApi(service, method, args);
          checkResult(method, args, result);
        }),
        { numRuns: RUNS[method] ?? 300, seed: SEED, endOnFailure: true },
      );
    });
  }

  it('reached the library and the validator for every method', () => {
    if (process.env.FUZZ_STATS) console.log(Object.fromEntries(outcomes));
    for (const method of API_METHODS.filter((m) => ARGS[m])) {
      const tally = outcomes.get(method) ?? {};
      expect(tally.ok ?? 0, `${method} ${JSON.stringify(tally)}`).toBeGreaterThan(0);
      expect(tally['invalid-argument'] ?? 0, `${method} ${JSON.stringify(tally)}`).toBeGreaterThan(0);
    }
  });

  it('unknown method names and non-object arguments are refused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), hostileStrings, fc.constantFrom('constructor', '__proto__', 'hasOwnProperty', 'close', 'saveLocal')), garbage, async (name, args) => {
        const result = await callApi(service, name, args);
        if (!(API_METHODS as readonly string[]).includes(name)) expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  it('any sequence of valid calls keeps the library valid: it reopens, every listed article opens, settings stay in range', async () => {
    await library.flush();
    const reopened = await Library.open({ dataDir });
    const all = ['all', 'archived', 'bookmarked', 'unread', 'continue'].flatMap((v) => reopened.listArticles({ view: v as 'all', offset: 0, limit: 500 }).items);
    expect(reopened.listArticles({ view: 'all', offset: 0, limit: 500 }).total + reopened.listArticles({ view: 'archived', offset: 0, limit: 500 }).total).toBe(reopened.size);
    for (const a of all) {
      const article = await reopened.getArticle({ id: a.id });
      expect(article.html).toBeTypeOf('string');
      expect(article.progress).toBeGreaterThanOrEqual(0);
      for (const place of article.places) expect(place.articleId).toBe(a.id);
      for (const highlight of article.highlights) expect(highlight.articleId).toBe(a.id);
    }
    for (const entry of reopened.listBookmarks()) expect(reopened.summary(entry.article.id)).toBeTruthy();
    const settings = reopened.getSettings();
    expect(argSchemas.updateSettings.safeParse({ patch: settings }).success).toBe(true);
    expect(TEXT_SIZES).toContain(settings.textSize as (typeof TEXT_SIZES)[number]);
    expect(reopened.size).toBeGreaterThan(0);
  });

  // Known defect, reported: callApi parses its arguments outside its try, so an in-process caller
  // passing a throwing getter or Proxy (never possible over IPC or HTTP, whose arguments are copies)
  // makes it throw instead of answering. Flip to `it` once electron/bridge.ts parses inside the try.
  it('never throws, even for arguments whose getters throw (in-process callers only)', async () => {
    const evil = {
      get id(): string {
        throw new Error('getter');
      },
    };
    await expect(callApi(service, 'getArticle', evil)).resolves.toMatchObject({ ok: false });
  });
});
