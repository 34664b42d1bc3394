import { parseHTML } from 'linkedom';

/**
 * What a web page says about its feeds: `<link rel="alternate">` for RSS, Atom and JSON Feed (in
 * the page's order, which is its own preference), and, for a YouTube page, the channel it belongs
 * to. Pure: HTML in, addresses out; nothing is fetched.
 */
export interface FeedLink {
  url: string;
  title: string | null;
  format: 'rss' | 'atom' | 'json' | null;
}

const FEED_TYPES: Record<string, FeedLink['format']> = {
  'application/rss+xml': 'rss',
  'application/rdf+xml': 'rss',
  'application/atom+xml': 'atom',
  'application/feed+json': 'json',
  'application/json': 'json',
  'text/xml': null,
  'application/xml': null,
};

export function feedLinksInHtml(html: string, pageUrl: string): FeedLink[] {
  const { document } = parseHTML(html) as unknown as { document: Document };
  const baseHref = document.querySelector('base[href]')?.getAttribute('href');
  const base = absolute(baseHref, pageUrl) ?? pageUrl;
  const links: FeedLink[] = [];
  const seen = new Set<string>();
  for (const link of Array.from(document.querySelectorAll('link[rel][href]'))) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (!rel.includes('alternate') && !rel.includes('feed')) continue;
    const type = (link.getAttribute('type') ?? '').toLowerCase().split(';')[0]!.trim();
    if (!(type in FEED_TYPES)) continue;
    // A JSON alternate is a feed only when it says so (application/json is also used for oEmbed and the like).
    if (type === 'application/json' && !/feed/i.test(`${link.getAttribute('title') ?? ''} ${link.getAttribute('href') ?? ''}`)) continue;
    const url = absolute(link.getAttribute('href'), base);
    if (!url || seen.has(url)) continue;
    // Comment feeds are not the site's stories.
    if (/comments?\s+feed/i.test(link.getAttribute('title') ?? '') || /\/comments\/feed\/?$/i.test(url)) continue;
    seen.add(url);
    links.push({ url, title: link.getAttribute('title')?.trim() || null, format: FEED_TYPES[type]! });
  }
  return links;
}

/** A YouTube channel id named by a page (its canonical link, metadata or player data). */
export function youtubeChannelIdInHtml(html: string): string | null {
  const patterns = [
    /<link[^>]+rel=["']canonical["'][^>]+href=["']https?:\/\/www\.youtube\.com\/channel\/(UC[\w-]{22})/i,
    /<meta[^>]+itemprop=["'](?:channelId|identifier)["'][^>]+content=["'](UC[\w-]{22})/i,
    /"(?:externalId|channelId|browseId)"\s*:\s*"(UC[\w-]{22})"/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(html);
    if (match) return match[1]!;
  }
  return null;
}

/**
 * The feed of a YouTube address that names it directly (a channel, a legacy user, a playlist),
 * without fetching anything; null for other addresses (a `/@handle` page is fetched to find its channel).
 */
export function youtubeFeedFor(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (!/(^|\.)youtube\.com$/i.test(url.hostname)) return null;
  const feed = (query: string) => `https://www.youtube.com/feeds/videos.xml?${query}`;
  const list = url.searchParams.get('list');
  if (list && /^[\w-]+$/.test(list)) return feed(`playlist_id=${list}`);
  const channel = /^\/channel\/(UC[\w-]{22})/.exec(url.pathname);
  if (channel) return feed(`channel_id=${channel[1]}`);
  const user = /^\/user\/([\w.-]+)/.exec(url.pathname);
  if (user) return feed(`user=${user[1]}`);
  return null;
}

/** A YouTube channel's feed. */
export function youtubeChannelFeed(channelId: string): string {
  return `https://www.youtube.com/feeds/videos.xml?channel_id=${channelId}`;
}

/** The common places a site keeps its feed, tried when its page names none. */
export function commonFeedPaths(pageUrl: string): string[] {
  const origin = new URL(pageUrl).origin;
  return ['/feed', '/rss', '/atom.xml', '/feed.xml', '/index.xml', '/rss.xml', '/feed.json'].map((path) => `${origin}${path}`);
}

function absolute(href: string | null | undefined, base: string): string | null {
  if (!href?.trim()) return null;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
