import type { ApiReturn } from '../../shared/api';
import { FEED_DEFAULTS } from '../../shared/feeds';
import { normalizeArticleUrl } from '../../shared/url';
import { requireWebUrl } from '../capture/fetch-page';
import { emptyFeedState, type FeedSubscriptionRecord, type Library } from '../library/library';
import { parseOpmlText } from './parse/opml';
import { firstRefreshAt } from './schedule';

// Subscribing to an OPML file's feeds: only web addresses, each feed once, first refreshes spread out.
// Nothing is fetched here; the schedule does that.

export type OpmlImport = ApiReturn<'importOpml'>;

export async function importSubscriptions(library: Library, opml: string, now: () => Date): Promise<OpmlImport> {
  const entries = parseOpmlText(opml);
  const report: OpmlImport = { added: [], skipped: [] };
  const seen = new Set(library.feedSubscriptions().map((s) => normalizeArticleUrl(s.url)));
  for (const entry of entries) {
    let url: URL;
    try {
      url = requireWebUrl(entry.xmlUrl);
    } catch {
      // Newsboat's "|command", exec:, file: and the like: never run, never fetched.
      report.skipped.push({ url: entry.xmlUrl.slice(0, 500), title: entry.title, reason: 'not an http or https address, so Offprint will not fetch it (only web feeds are imported)' });
      continue;
    }
    const key = normalizeArticleUrl(url.href);
    if (seen.has(key)) {
      report.skipped.push({ url: url.href, title: entry.title, reason: 'already subscribed' });
      continue;
    }
    seen.add(key);
    const id = library.newId();
    const sub: FeedSubscriptionRecord = {
      id,
      url: url.href,
      title: entry.title ?? url.host,
      siteUrl: entry.htmlUrl && /^https?:\/\//i.test(entry.htmlUrl) ? entry.htmlUrl : null,
      folder: entry.folder,
      addedAt: now().toISOString(),
      settings: { refreshMinutes: null, retention: null, fullText: FEED_DEFAULTS.fullText },
      status: 'active',
    };
    const state = emptyFeedState(id);
    // Spread over the next minutes, not all at once.
    state.schedule.nextRefreshAt = firstRefreshAt(id, now()).toISOString();
    await library.addFeedSubscription(sub, state);
    report.added.push({ id, url: sub.url, title: sub.title, folder: sub.folder });
  }
  return report;
}
