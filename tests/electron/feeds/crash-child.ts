/**
 * The process the feeds crash test kills (tests/electron/feeds/crash.test.ts bundles it; vitest never
 * runs it). It holds the library's lock as the app does and refreshes every feed, over and over,
 * through the service: each article a refresh adds is printed as `{"ack": id}` the moment it is in
 * the library (acknowledged), and `{"round": n}` after each full refresh.
 *
 * argv: dataDir
 */
import { Extractor } from '../../../electron/capture/extractor';
import { Library } from '../../../electron/library/library';
import { acquireLibraryLock } from '../../../electron/library/lock';
import { createOffprintService } from '../../../electron/service';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: crash-child dataDir');

const emit = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function main(): Promise<void> {
  await acquireLibraryLock(dataDir!, 'feeds crash-child');
  const library = await Library.open({ dataDir: dataDir!, backups: { everyMs: 100 } });
  const service = createOffprintService(library, { extractor: new Extractor(), feeds: { onArticle: (id) => emit({ ack: id }) } });
  emit({ ready: true });
  for (let round = 0; ; round++) {
    await service.refreshFeeds({});
    emit({ round });
  }
}

main().catch((error: unknown) => {
  emit({ error: String((error as Error)?.stack ?? error) });
  process.exit(1);
});
