import { OffprintError } from '../../shared/errors';
import type { DiscoveredFeed } from '../../shared/feeds';
import { decodeHtml } from '../capture/decode';
import { requireWebUrl } from '../capture/fetch-page';
import { decodeFeedBytes } from './decode';
import { type FeedNetwork, type FeedResponse, fetchFeed } from './fetch-feed';
import { commonFeedPaths, feedLinksInHtml, youtubeChannelFeed, youtubeChannelIdInHtml, youtubeFeedFor } from './parse/discover-html';
import { type ParsedFeed, parseFeedText } from './parse/parse-feed';

/**
 * Finding the feeds at an address (see the contract's discoverFeeds). Every response fetched on the
 * way is kept in `fetched`, so subscribing to what was found does not fetch it again.
 */
export interface Discovery {
  feeds: DiscoveredFeed[];
  /** Feed documents already fetched, by the address asked for. */
  fetched: Map<string, Extract<FeedResponse, { kind: 'ok' }>>;
}

export async function discoverFeeds(input: string, network: FeedNetwork): Promise<Discovery> {
  const url = requireWebUrl(input).href;
  const fetched: Discovery['fetched'] = new Map();
  const direct = youtubeFeedFor(url);
  if (direct) return { feeds: [{ url: direct, title: null, format: 'atom', source: 'youtube' }], fetched };

  const response = await fetchFeed(url, null, network);
  if (response.kind !== 'ok') throw new OffprintError('http-status', `${new URL(url).host} answered ${response.status}: ${response.kind === 'gone' ? 'that address is gone.' : 'it asks to be asked later.'}`);
  const asFeed = tryFeed(response, url);
  if (asFeed) {
    fetched.set(url, response);
    return { feeds: [{ url, title: asFeed.title, format: asFeed.format, source: 'address' }], fetched };
  }
  const { html } = decodeHtml(response.bytes, response.contentType);
  const links = feedLinksInHtml(html, response.finalUrl);
  if (links.length) return { feeds: links.map((l) => ({ url: l.url, title: l.title, format: l.format, source: 'link' as const })), fetched };
  if (/(^|\.)youtube\.com$/i.test(new URL(response.finalUrl).hostname)) {
    const channel = youtubeChannelIdInHtml(html);
    if (channel) return { feeds: [{ url: youtubeChannelFeed(channel), title: null, format: 'atom', source: 'youtube' }], fetched };
  }
  const feeds: DiscoveredFeed[] = [];
  // One after another: a site that has none of them answers each quickly, and the pool keeps it to two at once anyway.
  for (const candidate of commonFeedPaths(response.finalUrl)) {
    const answer = await fetchFeed(candidate, null, network).catch(() => null); // a common path that fails is simply not a feed
    if (answer?.kind !== 'ok') continue;
    const parsed = tryFeed(answer, candidate);
    if (!parsed || feeds.some((f) => f.url === answer.finalUrl || f.url === candidate)) continue;
    fetched.set(candidate, answer);
    feeds.push({ url: candidate, title: parsed.title, format: parsed.format, source: 'common-path' });
  }
  return { feeds, fetched };
}

/** The response read as a feed, or null when it is not one. */
function tryFeed(response: Extract<FeedResponse, { kind: 'ok' }>, url: string): ParsedFeed | null {
  try {
    return parseFeedText(decodeFeedBytes(response.bytes, response.contentType).text, { url: response.finalUrl, label: url });
  } catch {
    return null;
  }
}
