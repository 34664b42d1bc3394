/**
 * Generated feeds and article pages for the feed benchmarks and tests: deterministic from a seed,
 * RSS 2.0 with `content:encoded`, `dc:creator`, guids and dates, as a WordPress feed is.
 */

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const WORDS = 'the of and a to in is was for on that with as by at from his her an were are which this be or has had not but their one new after first two been its who they year said over more people into than time also some world news government city report'.split(' ');

function sentence(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]!);
  const text = out.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function paragraphs(rand: () => number, count: number): string {
  return Array.from({ length: count }, () => `<p>${Array.from({ length: 4 }, () => sentence(rand, 14)).join(' ')}</p>`).join('\n');
}

export interface GeneratedFeedOptions {
  items: number;
  /** Pad each item's content so the whole document is about this size. */
  bytes?: number;
  seed?: number;
  /** Item links: `${linkBase}/story-<n>.html`. */
  linkBase?: string;
  /** Item ids start here (so later versions of a feed add new items on top). */
  firstId?: number;
  title?: string;
  /** An image in each item's content, at this address. */
  imageUrl?: string;
  /** Item n is published n hours after this (default 2026-05-25). */
  startDate?: number;
}

export function generateFeed(options: GeneratedFeedOptions): string {
  const rand = rng(options.seed ?? 1);
  const base = options.linkBase ?? 'https://news.example/articles';
  const first = options.firstId ?? 0;
  const perItem = options.bytes ? Math.max(0, Math.floor(options.bytes / options.items) - 600) : 0;
  const items: string[] = [];
  for (let n = first + options.items - 1; n >= first; n--) {
    let body = paragraphs(rand, 2);
    if (options.imageUrl) body = `<figure><img src="${options.imageUrl}" alt="Picture ${n}"><figcaption>Picture ${n}</figcaption></figure>\n${body}`;
    while (body.length < perItem) body += `\n${paragraphs(rand, 3)}`;
    const date = new Date((options.startDate ?? Date.UTC(2026, 4, 25)) + n * 3600_000).toUTCString();
    items.push(`<item>
<title>Story ${n}: ${sentence(rand, 6)}</title>
<link>${base}/story-${n}.html</link>
<guid isPermaLink="false">story-${n}</guid>
<dc:creator>Reporter ${n % 7}</dc:creator>
<pubDate>${date}</pubDate>
<description>${sentence(rand, 20)}</description>
<content:encoded><![CDATA[${body}]]></content:encoded>
</item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${options.title ?? 'Generated News'}</title>
<link>${base}/</link>
<description>Generated for Offprint's tests</description>
${items.join('\n')}
</channel>
</rss>`;
}

/** An article page for item `n` of a generated feed, with one image if given. */
export function generateArticlePage(n: number, options: { imageUrl?: string; seed?: number } = {}): string {
  const rand = rng((options.seed ?? 5) + n);
  const figure = options.imageUrl ? `<figure><img src="${options.imageUrl}" alt="Picture ${n}" width="800" height="500"><figcaption>Picture ${n} (page)</figcaption></figure>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Story ${n}</title></head>
<body><header><nav><a href="/">Home</a></nav></header>
<article><h1>Story ${n}</h1><p class="byline">By Reporter ${n % 7}</p>${figure}
${paragraphs(rand, 8)}
</article><footer>Generated News</footer></body></html>`;
}
