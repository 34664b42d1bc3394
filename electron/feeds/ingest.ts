import { OffprintError, toErrorValue } from '../../shared/errors';
import { FEED_DEFAULTS } from '../../shared/feeds';
import { readingMinutes, wordCount } from '../../shared/reading';
import { normalizeArticleUrl } from '../../shared/url';
import { type CaptureContext, type CapturedArticle, captureArticle, captureArticleHtml } from '../capture/capture';
import { decodeHtmlExplained } from '../capture/decode';
import type { Extractor } from '../capture/extractor';
import { fetchResource } from '../capture/fetch-page';
import type { NetworkPolicy } from '../capture/network/network-policy';
import type { FeedItemRecord, FeedStateFile, FeedSubscriptionRecord, Library } from '../library/library';
import type { FeedNetwork } from './fetch-feed';
import type { KnownItems } from './known-items';
import type { ParsedFeed, ParsedItem } from './parse/parse-feed';

/** Most new items saved in one refresh; the rest wait for the next (newest first). */
export const MAX_NEW_PER_REFRESH = 200;
/** Items saved at once within one feed (the pool still holds each host to two requests). */
const SAVE_CONCURRENCY = 4;
/** The feed's state is written after this many items, so a long refresh keeps its progress. */
const CHECKPOINT_EVERY = 8;

export interface IngestDeps {
  library: Library;
  extractor: Extractor;
  network: FeedNetwork;
  /** The feed's network policy: its items' pages and images are held to it. */
  policy: NetworkPolicy;
  known: KnownItems;
  now: () => Date;
  imageLimits?: CaptureContext['imageLimits'];
  /** Told each article as soon as it is in the library (the crash test acknowledges with it). */
  onArticle?: (articleId: string) => void;
}

/**
 * Makes every new item of a parsed feed an article, once. Items are matched by key (guid, Atom or
 * JSON id) and then by normalised link: against this feed's items, other feeds' (a story in two
 * feeds), and the library (a story also saved by hand), so each story is one article. An item to
 * save is first written to the feed's state as `pending` under the article id it will have, before
 * anything is fetched; after a crash, the next refresh finds that id in the library (saved) or
 * saves it then, so an acknowledged article is never lost and none is saved twice. Mutates `state`
 * and writes it; returns how many articles were added and how many known items the feed changed.
 */
export async function ingestItems(sub: FeedSubscriptionRecord, state: FeedStateFile, parsed: ParsedFeed, deps: IngestDeps): Promise<{ added: number; updated: number }> {
  const { library, known } = deps;
  const nowIso = deps.now().toISOString();
  const byKey = new Map(state.items.map((e) => [e.key, e]));
  const byLink = new Map<string, FeedItemRecord>();
  for (const e of state.items) if (e.link) byLink.set(e.link, e);
  const retention = sub.settings.retention ?? FEED_DEFAULTS.retention;
  const oldest = retention.mode === 'days' ? deps.now().getTime() - retention.days * 86_400_000 : -Infinity;
  const toSave: { item: ParsedItem; entry: FeedItemRecord }[] = [];
  let updated = 0;
  let fresh = 0;

  // Newest first (by date when every item has one, else as the feed lists them, which is newest
  // first by convention): the newest are the ones kept when there are more than a refresh saves.
  const items = newestFirst(parsed.items).slice(0, 1000);
  for (const [index, item] of items.entries()) {
    const link = item.link ? normalizeArticleUrl(item.link) : null;
    const key = item.id ?? link ?? `text:${hashText(`${item.title ?? ''}\n${item.contentHtml ?? item.summaryHtml ?? ''}`)}`;
    const entry = byKey.get(key) ?? (link ? byLink.get(link) : undefined);
    if (entry) {
      if (entry.status === 'saved' && entry.articleId && !library.has(entry.articleId)) entry.status = 'removed'; // deleted by hand: never again
      else if (entry.status === 'pending' && entry.articleId && library.has(entry.articleId)) entry.status = 'saved'; // saved before a crash
      if (item.updated && entry.updatedAt && item.updated > entry.updatedAt && entry.status === 'saved') updated++;
      if (item.updated) entry.updatedAt = item.updated;
      const retry = entry.status === 'pending' || (entry.status === 'failed' && entry.attempts < FEED_DEFAULTS.itemAttempts);
      if (retry && toSave.length < MAX_NEW_PER_REFRESH) toSave.push({ item, entry });
      continue;
    }
    const next: FeedItemRecord = { key, link, articleId: null, status: 'pending', seenAt: nowIso, publishedAt: item.published, updatedAt: item.updated, attempts: 0, error: null };
    byKey.set(key, next);
    if (link) byLink.set(link, next);
    state.items.push(next);
    // The same story already in the library: from another feed, or saved by hand.
    const existing = known.find(key, link) ?? (link ? library.findByNormalizedUrl(link)?.id : undefined);
    if (existing && library.has(existing)) {
      Object.assign(next, { articleId: existing, status: 'saved' });
      continue;
    }
    // Older than the feed keeps (days), or past the newest N (count): never fetched, so retention never has to remove it.
    const published = item.published ? Date.parse(item.published) : NaN;
    const beyondCount = retention.mode === 'count' && index >= retention.count;
    if ((Number.isFinite(published) && published < oldest) || beyondCount) {
      Object.assign(next, { status: 'removed', error: 'older than what the feed keeps' });
      continue;
    }
    if (toSave.length >= MAX_NEW_PER_REFRESH) {
      // Left for the next refresh (not remembered, so it is new then).
      state.items.pop();
      byKey.delete(key);
      if (link) byLink.delete(link);
      continue;
    }
    next.articleId = library.newId();
    toSave.push({ item, entry: next });
    fresh++;
  }
  // The intents first: from here on a crash cannot lose or double an item.
  if (fresh > 0 || toSave.length > 0) await library.writeFeedState(sub.id, structuredClone(state));
  // Saved oldest first, so the newest story is saved last and lists first.
  toSave.reverse();

  let added = 0;
  let sinceCheckpoint = 0;
  let next = 0;
  const worker = async () => {
    while (next < toSave.length) {
      if (deps.network.signal?.aborted) return;
      const { item, entry } = toSave[next++]!;
      entry.articleId ??= library.newId();
      entry.attempts++;
      try {
        await saveItem(sub, item, entry.articleId, deps);
        entry.status = 'saved';
        entry.error = null;
        known.add(entry.key, entry.link, entry.articleId);
        added++;
        deps.onArticle?.(entry.articleId);
      } catch (error) {
        if (deps.network.signal?.aborted) return; // stopped: still pending, saved at the next refresh
        entry.status = 'failed';
        entry.error = toErrorValue(error).message;
      }
      if (++sinceCheckpoint >= CHECKPOINT_EVERY) {
        sinceCheckpoint = 0;
        await library.writeFeedState(sub.id, structuredClone(state));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SAVE_CONCURRENCY, toSave.length) }, worker));
  return { added, updated };
}

/** Saves one item as an article under `articleId`: its page, or the feed's own HTML. */
async function saveItem(sub: FeedSubscriptionRecord, item: ParsedItem, articleId: string, deps: IngestDeps): Promise<void> {
  const context: CaptureContext = {
    extractor: deps.extractor,
    articleId,
    network: deps.policy,
    fetch: deps.policy.fetch,
    lookup: deps.network.lookup,
    limits: deps.network.limits,
    imageLimits: deps.imageLimits,
    signal: deps.network.signal,
  };
  const feedHtml = item.contentHtml ?? item.summaryHtml;
  let captured: CapturedArticle | null = null;
  let pageError: unknown = null;
  if (item.link && (sub.settings.fullText === 'page' || !feedHtml)) {
    try {
      captured = await capturePage(item.link, context, deps);
      // A page that holds much less than the feed's own full text (a paywall, a page built by scripts): the feed's is the article.
      if (item.contentHtml && wordCount(captured.bodyText) < 0.5 * wordCount(stripTags(item.contentHtml))) captured = null;
    } catch (error) {
      pageError = error;
    }
  }
  if (!captured && feedHtml) {
    captured = await captureArticleHtml(
      feedHtml,
      { url: item.link, baseUrl: item.baseUrl, title: item.title ?? sub.title, byline: item.author, publishedTime: item.published, siteName: sub.title },
      context,
    );
  }
  if (!captured) throw pageError ?? new OffprintError('extraction-failed', 'The item has neither a page nor any text of its own.');
  const { meta } = captured;
  await deps.library.addArticle({
    record: {
      id: articleId,
      ...meta,
      title: item.title ?? meta.title,
      byline: meta.byline ?? item.author,
      publishedTime: item.published ?? meta.publishedTime,
      siteName: meta.siteName ?? sub.title,
      wordCount: wordCount(captured.bodyText),
      readingMinutes: readingMinutes(captured.bodyText),
      feed: { feedId: sub.id, itemId: item.id ?? item.link ?? '', feedTitle: sub.title, author: item.author, published: item.published },
    },
    files: { bodyHtml: captured.bodyHtml, bodyText: captured.bodyText, rawPage: captured.rawPage, images: captured.images },
  });
}

/** The item's page through the same pipeline as a save by address. */
async function capturePage(link: string, context: CaptureContext, deps: IngestDeps): Promise<CapturedArticle> {
  const policy = deps.policy;
  const checkUrl = policy.intranet ? undefined : async (hop: URL) => ((await policy.refuse(hop)) ? `${hop.host} is on a private network address, refused for a feed from the web.` : null);
  // policy.fetch holds a pool slot per request (see feeds.ts), images included.
  const page = await fetchResource(link, { fetch: policy.fetch, limits: deps.network.limits, signal: deps.network.signal, checkUrl });
  const { html, charset, decidedBy } = decodeHtmlExplained(page.bytes, page.contentType);
  // The report (issue 16) tells the feed's fetch: where it ended, its redirects, the bytes kept.
  const kept = { bytes: page.bytes, contentType: page.contentType, charset, decidedBy, requestedUrl: link, finalUrl: page.finalUrl, redirects: page.redirects };
  const captured = await captureArticle({ kind: 'html', html, baseUrl: page.finalUrl }, { ...context, origin: { source: 'feed' }, kept });
  captured.meta = { ...captured.meta, url: link, finalUrl: page.finalUrl, normalizedUrl: normalizeArticleUrl(link), source: 'url', raw: { contentType: page.contentType || 'text/html', charset } };
  captured.rawPage = page.bytes;
  return captured;
}

function newestFirst(items: ParsedItem[]): ParsedItem[] {
  const times = items.map((i) => (i.published ? Date.parse(i.published) : NaN));
  if (times.some((t) => Number.isNaN(t))) return items;
  return items.map((item, i) => ({ item, t: times[i]! })).sort((a, b) => b.t - a.t).map((x) => x.item);
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, ' ');
}

/** FNV-1a, 64 bits as hex: a key for an item that has neither id nor link. */
function hashText(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = Math.imul(h2 ^ c, 2246822519);
  }
  return `${(h1 >>> 0).toString(16).padStart(8, '0')}${(h2 >>> 0).toString(16).padStart(8, '0')}`;
}
