/**
 * The process the import crash test kills (tests/electron/transfer/crash.test.ts bundles it; vitest
 * never runs it). It holds the library's lock as the app does and imports a file through the
 * service, printing `{"ack": id}` for each entry the moment the import acknowledges it (it is on
 * disk), then `{"done": true}`.
 *
 * argv: dataDir file download(0|1)
 */
import { basename } from 'node:path';
import { Extractor } from '../../../electron/capture/extractor';
import { Library } from '../../../electron/library/library';
import { acquireLibraryLock } from '../../../electron/library/lock';
import { createOffprintService } from '../../../electron/service';
import { readImportFile } from '../../../electron/transfer/read-input';

const [dataDir, file, download] = process.argv.slice(2);
if (!dataDir || !file) throw new Error('usage: crash-child dataDir file download');

const emit = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function main(): Promise<void> {
  await acquireLibraryLock(dataDir!, 'import crash-child');
  const library = await Library.open({ dataDir: dataDir! });
  const service = createOffprintService(library, { extractor: new Extractor(), transfer: { autoStart: true } });
  await service.transfer.resumed;
  emit({ ready: true });
  const input = await readImportFile(file!, basename(file!));
  await service.transfer.importInput(input, { download: download === '1', wayback: false, onEntry: (e) => e.status === 'imported' && emit({ ack: e.id }) });
  await service.transfer.downloadsIdle();
  emit({ done: true });
  setInterval(() => undefined, 60_000); // waits to be killed (an empty event loop would end the process)
}

main().catch((error: unknown) => {
  emit({ error: String((error as Error)?.stack ?? error) });
  process.exit(1);
});
