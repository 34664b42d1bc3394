import { parseFeed as feedsmithParse } from 'feedsmith';
import { OffprintError } from '../../../shared/errors';
import { type Loose, absolute, arr, escapeAttr, first, htmlOf, isoDate, maxOf, nonEmpty, num, plain, str, syFloor, textOf, textToHtml, xmlBase } from './feed-values';
import { closeTruncated, guardXml } from './xml-guard';

/**
 * A feed in one shape, whatever its format: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 (and 0.3) and
 * JSON Feed 1.0/1.1, parsed by feedsmith (see the comparison in tests/bench/feed-parsers.ts) from
 * text already decoded (decode.ts) and guarded (xml-guard.ts). Pure: no I/O.
 */
export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string | null;
  /** The site's home page. */
  siteUrl: string | null;
  description: string | null;
  /** The fewest minutes between refreshes the feed asks for (`ttl`, `sy:updatePeriod`/`updateFrequency`). */
  refreshFloorMinutes: number | null;
  items: ParsedItem[];
}

export interface ParsedItem {
  /** guid, Atom id or JSON Feed id, as given. */
  id: string | null;
  /** The item's own page (absolute http/https), if it has one. */
  link: string | null;
  /** Plain text. */
  title: string | null;
  author: string | null;
  /** ISO 8601. */
  published: string | null;
  updated: string | null;
  /** The full text the feed carries (`content:encoded`, Atom `content`, `content_html`), as HTML. */
  contentHtml: string | null;
  /** A summary (`description`, Atom `summary`, JSON `summary`, a video's description), as HTML. */
  summaryHtml: string | null;
  /** What the item's HTML's relative addresses resolve against. */
  baseUrl: string | null;
  /** A picture for the item (enclosure, media thumbnail, JSON `image`). */
  imageUrl: string | null;
}

/** Parses a feed document; `url` is where it came from (for relative links), `label` names it in errors. */
export function parseFeedText(text: string, options: { url: string; label?: string }): ParsedFeed {
  const label = options.label ?? options.url;
  const trimmed = text.replace(/^[\uFEFF\s]+/, '');
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return fromJson(trimmed, options.url, label);
  if (!trimmed.startsWith('<')) throw notAFeed(label, 'it is not XML or JSON');
  const xml = guardXml(trimmed, label);
  if (/^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<html[\s>]/i.test(xml) || /^<!doctype html/i.test(trimmed)) {
    throw notAFeed(label, 'it is a web page (HTML)');
  }
  let result: FeedsmithResult;
  try {
    result = feedsmithParse(xml) as FeedsmithResult;
  } catch (error) {
    // Lenient where a lenient parser can read: a document cut short is read up to its last whole item.
    const repaired = closeTruncated(xml);
    if (repaired) {
      try {
        result = feedsmithParse(repaired) as FeedsmithResult;
      } catch {
        throw unreadable(label, error);
      }
    } else throw unreadable(label, error);
  }
  return normalize(result, options.url);
}

type FeedsmithResult = { format: 'rss' | 'atom' | 'rdf' | 'json'; feed: Loose };
// feedsmith's types are precise per format; one normaliser reads all four, so fields are read loosely.

function fromJson(text: string, url: string, label: string): ParsedFeed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Lenient: raw control characters (invalid in JSON strings) as spaces, and a document cut short
    // read up to its last complete object.
    // eslint-disable-next-line no-control-regex -- the raw control characters are what is replaced
    const repaired = closeTruncatedJson(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' '));
    try {
      if (repaired === null) throw error;
      value = JSON.parse(repaired);
    } catch {
      throw new OffprintError('malformed-feed', `The feed ${label} could not be read: it is not valid JSON (${(error as Error).message}).`);
    }
  }
  const object = (value && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Loose;
  const declared = typeof object.version === 'string' && /jsonfeed\.org\/version\//.test(object.version);
  // A feed cut short before its `version` (which many writers put last) is still read as one.
  const shaped = Array.isArray(object.items) && (typeof object.title === 'string' || typeof object.feed_url === 'string' || typeof object.home_page_url === 'string');
  if (!declared && !shaped) throw notAFeed(label, 'it is JSON, but not a JSON Feed');
  let result: FeedsmithResult;
  try {
    result = feedsmithParse((declared ? object : { ...object, version: 'https://jsonfeed.org/version/1.1' }) as never) as FeedsmithResult;
  } catch (error) {
    throw unreadable(label, error);
  }
  return normalize(result, url);
}

/** JSON cut short, closed after its last complete object (strings and escapes respected); null if there is none. */
export function closeTruncatedJson(text: string): string | null {
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  let best: { at: number; open: string[] } | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') stack.push(c);
    else if (c === '}' || c === ']') {
      stack.pop();
      if (c === '}' && stack.length > 0) best = { at: i + 1, open: [...stack] };
      if (stack.length === 0) return text.slice(0, i + 1);
    }
  }
  if (!best) return null;
  return text.slice(0, best.at) + best.open.reverse().map((c) => (c === '{' ? '}' : ']')).join('');
}

function notAFeed(label: string, why: string): OffprintError {
  return new OffprintError('not-feed', `${label} is not a feed: ${why}.`);
}

function unreadable(label: string, error: unknown): OffprintError {
  const cause = (error as { cause?: { message?: string } })?.cause?.message ?? (error as Error)?.message ?? String(error);
  const detail = /unrecognized feed format|invalid feed format/i.test(cause) && !(error as { cause?: unknown })?.cause ? 'it is not RSS, Atom or a JSON Feed' : cause;
  return new OffprintError('malformed-feed', `The feed ${label} could not be read: ${detail}.`, { cause: error });
}

function normalize({ format, feed }: FeedsmithResult, url: string): ParsedFeed {
  const feedBase = absolute(xmlBase(feed), url) ?? url;
  switch (format) {
    case 'atom': {
      const siteUrl = absolute(alternateLink(arr(feed.links)), feedBase);
      const feedAuthor = personName(arr(feed.authors)[0]);
      return {
        format,
        title: textOf(feed.title),
        siteUrl,
        description: textOf(feed.subtitle),
        refreshFloorMinutes: syFloor(feed.sy),
        items: arr(feed.entries).map((entry) => atomItem(entry, feedBase, feedAuthor)),
      };
    }
    case 'json': {
      const siteUrl = absolute(str(feed.home_page_url), url);
      const feedAuthor = jsonAuthor(feed);
      return {
        format,
        title: plain(str(feed.title)),
        siteUrl,
        description: plain(str(feed.description)),
        refreshFloorMinutes: null,
        items: arr(feed.items).map((item) => jsonItem(item, siteUrl ?? url, feedAuthor)),
      };
    }
    default: {
      const channelLink = absolute(str(feed.link), feedBase);
      // An RSS item's relative addresses resolve against the channel's link (and xml:base, where given).
      const itemBase = absolute(xmlBase(feed), url) ?? channelLink ?? url;
      const ttl = num(feed.ttl);
      const sy = syFloor(feed.sy);
      return {
        format,
        title: plain(str(feed.title)) ?? plain(first(arr((feed.dc as Loose | undefined)?.titles))),
        siteUrl: channelLink,
        description: plain(str(feed.description)),
        refreshFloorMinutes: maxOf(ttl && ttl > 0 ? ttl : null, sy),
        items: arr(feed.items).map((item) => rssItem(item, itemBase)),
      };
    }
  }
}

function rssItem(item: Loose, feedBase: string): ParsedItem {
  const base = absolute(xmlBase(item), feedBase) ?? feedBase;
  const guid = item.guid as { value?: string; isPermaLink?: boolean } | undefined;
  const guidValue = str(guid?.value)?.trim() || null;
  const rdfAbout = str((item.rdf as Loose | undefined)?.about);
  const link =
    absolute(str(item.link), base) ??
    absolute(alternateLink(arr((item.atom as Loose | undefined)?.links)), base) ??
    (guidValue && guid?.isPermaLink !== false ? absolute(guidValue, base) : null) ??
    absolute(rdfAbout, base);
  const dc = item.dc as Loose | undefined;
  const media = mediaOf(item.media);
  const enclosure = arr(item.enclosures).find((e) => /^image\//i.test(str(e.type) ?? ''));
  const description = str(item.description) ?? first(arr(dc?.descriptions));
  return {
    id: guidValue ?? rdfAbout ?? null,
    link,
    title: plain(str(item.title)) ?? plain(first(arr(dc?.titles))) ?? plain(str((item.media as Loose | undefined)?.title)),
    author: rssAuthor(item),
    published: isoDate(item.pubDate) ?? isoDate(first(arr(dc?.dates))) ?? isoDate((item.atom as Loose | undefined)?.published),
    updated: isoDate((item.atom as Loose | undefined)?.updated) ?? isoDate((item.dcterms as Loose | undefined)?.modified),
    contentHtml: nonEmpty(str((item.content as Loose | undefined)?.encoded)),
    summaryHtml: nonEmpty(description) ?? media.html,
    baseUrl: link ?? base,
    imageUrl: absolute(str(enclosure?.url), base) ?? absolute(media.image, base),
  };
}

function atomItem(entry: Loose, feedBase: string, feedAuthor: string | null): ParsedItem {
  const base = absolute(xmlBase(entry), feedBase) ?? feedBase;
  const content = entry.content as { value?: string; type?: string; src?: string; xml?: Loose } | undefined;
  const id = str(entry.id)?.trim() || null;
  // An entry without an alternate link whose id is a web address: that address is its page.
  const link = absolute(alternateLink(arr(entry.links)), base) ?? (id && /^https?:\/\//i.test(id) ? absolute(id, null) : null);
  const media = mediaOf(entry.media);
  const contentBase = absolute(xmlBase(content as Loose | undefined), base);
  return {
    id,
    link,
    title: textOf(entry.title),
    author: personName(arr(entry.authors)[0]) ?? feedAuthor,
    published: isoDate(entry.published) ?? isoDate(entry.issued) ?? isoDate(entry.updated),
    updated: isoDate(entry.updated) ?? isoDate(entry.modified),
    contentHtml: content && !content.src ? htmlOf(content) : null,
    summaryHtml: htmlOf(entry.summary as Loose | undefined) ?? media.html,
    baseUrl: contentBase ?? (xmlBase(entry) ? base : (link ?? base)),
    imageUrl: absolute(media.image, base),
  };
}

function jsonItem(item: Loose, base: string, feedAuthor: string | null): ParsedItem {
  const link = absolute(str(item.url), base) ?? absolute(str(item.external_url), base);
  const text = str(item.content_text);
  return {
    id: item.id === undefined || item.id === null ? null : String(item.id).trim() || null,
    link,
    title: plain(str(item.title)),
    author: jsonAuthor(item) ?? feedAuthor,
    published: isoDate(item.date_published),
    updated: isoDate(item.date_modified),
    contentHtml: nonEmpty(str(item.content_html)) ?? (text?.trim() ? textToHtml(text) : null),
    summaryHtml: nonEmpty(str(item.summary) ? textToHtml(str(item.summary)!) : null),
    baseUrl: link ?? base,
    imageUrl: absolute(str(item.image), base) ?? absolute(str(item.banner_image), base),
  };
}

function jsonAuthor(value: Loose): string | null {
  const authors = arr(value.authors);
  const author = (authors[0] ?? value.author) as Loose | undefined;
  return plain(str(author?.name));
}

function rssAuthor(item: Loose): string | null {
  const person = arr(item.authors)[0];
  const fromAuthor = plain(str(person?.name)) ?? plain(str(person?.email));
  if (fromAuthor) return fromAuthor.replace(/^[^\s@]+@[^\s@]+\s*\((.+)\)$/, '$1');
  const dc = item.dc as Loose | undefined;
  return plain(first(arr(dc?.creators))) ?? plain(str((item.itunes as Loose | undefined)?.author));
}

/** YouTube and podcasts put the description and picture in media:group / media:content. */
function mediaOf(media: unknown): { html: string | null; image: string | null } {
  const m = media as Loose | undefined;
  if (!m) return { html: null, image: null };
  const groups = [m, ...arr(m.groups)];
  let description: string | null = null;
  let image: string | null = null;
  for (const g of groups) {
    description ??= str((g.description as Loose | undefined)?.value) ?? null;
    image ??= str(arr(g.thumbnails)[0]?.url) ?? str(arr(g.contents).find((c) => /^image\//i.test(str(c.type) ?? '') || str(c.medium) === 'image')?.url) ?? null;
  }
  const parts: string[] = [];
  if (image && /^https?:/i.test(image)) parts.push(`<p><img src="${escapeAttr(image)}" alt=""></p>`);
  if (description?.trim()) parts.push(textToHtml(description));
  return { html: parts.length ? parts.join('\n') : null, image };
}

function alternateLink(links: Loose[]): string | null {
  const alternates = links.filter((l) => !l.rel || l.rel === 'alternate');
  const html = alternates.find((l) => !l.type || /html/i.test(String(l.type)));
  return str((html ?? alternates[0])?.href) ?? null;
}

function personName(person: Loose | undefined): string | null {
  return plain(str(person?.name)) ?? plain(str(person?.email));
}
