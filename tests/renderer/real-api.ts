import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi } from '../../electron/bridge';
import type { Extractor } from '../../electron/capture/extractor';
import { Library } from '../../electron/library/library';
import { createOffprintService } from '../../electron/service';
import { createApiClient } from '../../renderer/api';
import { API_METHODS, type OffprintBridge } from '../../shared/api';

/**
 * The real service over a temp library, reached through the same bridge and client as the app:
 * methods through the generic bridge, events as the preload delivers them (the payload only, as a
 * copy). `calls` records every method the page called, in order.
 */
export async function realApi(extractor: Extractor) {
  const dataDir = await mkdtemp(join(tmpdir(), 'offprint-app-'));
  const library = await Library.open({ dataDir });
  const service = createOffprintService(library, { extractor });
  const calls: string[] = [];
  const methods = Object.fromEntries(
    API_METHODS.map((m) => [
      m,
      (args: unknown) => {
        calls.push(m);
        return callApi(service, m, JSON.parse(JSON.stringify(args)));
      },
    ]),
  );
  const on: OffprintBridge['on'] = (event, listener) => service.subscribe(event, (payload) => listener(JSON.parse(JSON.stringify(payload))));
  const bridge = { ...methods, on } as unknown as OffprintBridge;
  // The search index and the open-time clean-up write in the background: stop them before removing the folder.
  const cleanup = async () => {
    await service.close();
    await library.close();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
  };
  return { service, api: createApiClient(bridge), calls, cleanup };
}
