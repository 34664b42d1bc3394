import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileDurably } from '../library/storage';
import { type CliIo, type Opener, type Values, UsageError, call } from './common';

// `offprint feeds …` (issue 14).

/** `offprint feeds …` (issue 14): the feeds part of the contract, through the same validating bridge. */
export async function feedsCommand(rest: string[], values: Values, opener: Opener, io: CliIo): Promise<number> {
  const [sub, ...args] = rest;
  const json = Boolean(values.json);
  switch (sub) {
    case 'add': {
      if (args.length !== 1) throw new UsageError('feeds add needs exactly one address');
      const { service } = await opener.forWriting();
      const added = await call(service, 'addFeed', { url: args[0]!, ...(values.folder !== undefined ? { folder: values.folder } : {}) });
      // The CLI stays until the feed's items are saved (the app and `serve` do it in the background).
      await service.feedsIdle();
      const { feeds } = await call(service, 'listFeeds', {});
      const feed = feeds.find((f) => f.id === added.feed.id) ?? added.feed;
      if (json) {
        io.stdout(JSON.stringify({ feed: { id: feed.id, title: feed.title, url: feed.url, siteUrl: feed.siteUrl }, discovered: added.discovered, alreadySubscribed: added.alreadySubscribed, articles: feed.articles }));
      } else {
        io.stdout(`${added.alreadySubscribed ? 'Already subscribed' : 'Subscribed'}: ${feed.title} (${feed.url})\n  id ${feed.id}, ${feed.articles} articles${feed.health.lastError ? `; last error: ${feed.health.lastError}` : ''}`);
        if (added.discovered.length > 1) for (const d of added.discovered.slice(1)) io.stdout(`  also found: ${d.url}${d.title ? ` (${d.title})` : ''}`);
      }
      return 0;
    }
    case 'list': {
      if (args.length) throw new UsageError('feeds list takes no arguments');
      const { service } = await opener.forReading();
      const { feeds } = await call(service, 'listFeeds', {});
      for (const f of feeds) {
        if (json) io.stdout(JSON.stringify(f));
        else io.stdout(`${f.id}  ${f.status.padEnd(8)}  ${f.unread}/${f.articles} unread  ${f.folder ? `${f.folder}/` : ''}${f.title} — ${f.url}${f.health.lastError ? `\n    last error: ${f.health.lastError}` : ''}`);
      }
      if (!feeds.length && !json) io.stderr('No feeds yet: offprint feeds add <address>.');
      return 0;
    }
    case 'refresh': {
      const { service } = await opener.forWriting();
      const { results } = await call(service, 'refreshFeeds', args.length ? { ids: args } : {});
      for (const r of results) {
        if (json) io.stdout(JSON.stringify(r));
        else io.stdout(`${r.id}  ${r.status}${r.new ? `, ${r.new} new` : ''}${r.updated ? `, ${r.updated} updated` : ''}${r.error ? `: ${r.error}` : ''}`);
      }
      return results.some((r) => r.status === 'failed') ? 1 : 0;
    }
    case 'remove': {
      if (args.length !== 1) throw new UsageError('feeds remove needs exactly one feed id');
      const { service } = await opener.forWriting();
      const removed = await call(service, 'removeFeed', { id: args[0]!, keepArticles: Boolean(values['keep-articles']) });
      if (json) io.stdout(JSON.stringify(removed));
      else io.stdout(`Unsubscribed ${removed.id}: ${removed.removedArticles} articles deleted, ${removed.keptArticles} kept.`);
      return 0;
    }
    case 'import': {
      if (args.length !== 1) throw new UsageError('feeds import needs exactly one OPML file');
      const opml = await readFile(args[0]!, 'utf8');
      const { service } = await opener.forWriting();
      const report = await call(service, 'importOpml', { opml });
      if (json) io.stdout(JSON.stringify(report));
      else {
        io.stdout(`Added ${report.added.length} ${report.added.length === 1 ? 'feed' : 'feeds'}, skipped ${report.skipped.length}.`);
        for (const a of report.added) io.stdout(`  added ${a.folder ? `${a.folder}/` : ''}${a.title} (${a.url})`);
        for (const s of report.skipped) io.stdout(`  skipped ${s.title ?? s.url ?? '(no address)'}: ${s.reason}`);
      }
      return 0;
    }
    case 'export': {
      if (args.length) throw new UsageError('feeds export takes no arguments (use --out FILE)');
      const { service } = await opener.forReading();
      const { opml } = await call(service, 'exportOpml', {});
      if (values.out) {
        await writeFileDurably(resolve(values.out), opml);
        io.stderr(`offprint: wrote the subscriptions to ${resolve(values.out)}`);
      } else io.stdout(opml.trimEnd());
      return 0;
    }
    default:
      throw new UsageError(sub ? `unknown feeds command "${sub}"` : 'feeds needs a command: add, list, refresh, remove, import or export');
  }
}
