import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Extractor } from '../../../electron/capture/extractor';
import { Library } from '../../../electron/library/library';
import { createOffprintService } from '../../../electron/service';
import { claimLibraryInstance, claimSingleInstance, handedOverUrls, instanceUserDataDir, type LibraryInstanceApp, type Handover, saveHandedOver, type SingleInstanceApp, urlsFromArgv } from '../../../electron/shell/decisions/single-instance';
import { FIXTURES, useFixtureServer } from '../../helpers/fixture-server';

const extractor = new Extractor();
const server = useFixtureServer(join(FIXTURES, 'pages'), extractor);

/** Stands in for Electron's app: one lock shared by every "launch" made from it. */
function fakeElectron() {
  let holder: { listener?: Parameters<SingleInstanceApp['on']>[1] } | null = null;
  return (): SingleInstanceApp & { sent?: Record<string, unknown> } => {
    const self: SingleInstanceApp & { sent?: Record<string, unknown> } = {
      requestSingleInstanceLock(additionalData) {
        self.sent = additionalData;
        if (!holder) {
          holder = {};
          return true;
        }
        holder.listener?.({}, ['/opt/Offprint/offprint', ...((additionalData?.urls as string[]) ?? [])], '/', additionalData);
        return false;
      },
      on(_event, listener) {
        holder!.listener = listener;
        return self;
      },
    };
    return self;
  };
}

/**
 * Stands in for Electron's app as it really locks: one lock per userData folder (Chromium's process
 * singleton lives there), shared by every "launch" made from it; each launch starts with the
 * default userData folder.
 */
function electronWithUserDataLocks(defaultUserData: string) {
  const holders = new Map<string, Parameters<SingleInstanceApp['on']>[1] | undefined>();
  return (): LibraryInstanceApp => {
    let userData = defaultUserData;
    const self: LibraryInstanceApp = {
      getPath: () => userData,
      setPath: (_name, path) => void (userData = path),
      requestSingleInstanceLock(additionalData) {
        if (!holders.has(userData)) {
          holders.set(userData, undefined);
          return true;
        }
        holders.get(userData)?.({}, ['/opt/Offprint/offprint'], '/', additionalData);
        return false;
      },
      on(_event, listener) {
        holders.set(userData, listener);
        return self;
      },
    };
    return self;
  };
}

describe('electron/shell/decisions/single-instance', () => {
  it('one running app per library: a launch on another library (--data) runs on its own; one on the same library hands over', () => {
    const launch = electronWithUserDataLocks('/home/reader/.config/Offprint');
    const env = {};
    const handedTo: Record<string, Handover[]> = { default: [], other: [] };
    const first = claimLibraryInstance(launch(), ['/opt/Offprint/offprint'], (h) => handedTo.default!.push(h), { env, platform: 'linux' });
    expect(first).toEqual({ primary: true, dataDir: '/home/reader/.config/Offprint/library' });
    const other = claimLibraryInstance(launch(), ['/opt/Offprint/offprint', '--data', '/media/usb/library'], (h) => handedTo.other!.push(h), { env, platform: 'linux' });
    expect(other).toEqual({ primary: true, dataDir: '/media/usb/library' });
    // Again on the other library, spelled differently: handed to the app that has it, not to the first.
    const again = claimLibraryInstance(launch(), ['/opt/Offprint/offprint', '--data=/media/usb/./library', 'https://example.com/a'], () => undefined, { env, platform: 'linux' });
    expect(again.primary).toBe(false);
    expect(handedTo.other).toEqual([{ urls: ['https://example.com/a'] }]);
    expect(handedTo.default).toEqual([]);
    // And the default library, named explicitly, is the first app's.
    expect(claimLibraryInstance(launch(), ['/opt/Offprint/offprint', '--data', '/home/reader/.config/Offprint/library'], () => undefined, { env, platform: 'linux' }).primary).toBe(false);
    expect(handedTo.default).toHaveLength(1);
  });

  it('the userData folder of a library: the default one keeps Electron\'s; others get their own, case-folded where the system folds case', () => {
    expect(instanceUserDataDir('/u/Offprint', '/u/Offprint/library', 'linux')).toBe('/u/Offprint');
    const a = instanceUserDataDir('/u/Offprint', '/data/A', 'linux');
    expect(a).toMatch(/^\/u\/Offprint\/libraries\/[0-9a-f]{16}$/);
    expect(instanceUserDataDir('/u/Offprint', '/data/a', 'linux')).not.toBe(a);
    expect(instanceUserDataDir('/u/Offprint', '/data/a', 'darwin')).toBe(instanceUserDataDir('/u/Offprint', '/data/A', 'darwin'));
  });

  it('takes only http(s) addresses from a command line, skipping flags, their values and the executable', () => {
    expect(
      urlsFromArgv([
        '/usr/lib/offprint/offprint',
        '.',
        '--data',
        'https://not-an-article.example/data-dir',
        '--no-sandbox',
        'https://example.com/a',
        'javascript:alert(1)',
        'file:///etc/passwd',
        'data:text/html,<script>1</script>',
        'example.com/no-scheme',
        'HTTP://EXAMPLE.com/a',
        'http://example.org/b?x=1#f',
      ]),
    ).toEqual(['https://example.com/a', 'http://example.com/a', 'http://example.org/b?x=1#f']);
    expect(urlsFromArgv(Array.from({ length: 50 }, (_, i) => `https://example.com/${i}`))).toHaveLength(20);
    expect(handedOverUrls(['x', 'https://a.example/'], { urls: 'not a list' })).toEqual(['https://a.example/']);
    expect(handedOverUrls(null, { urls: ['https://b.example/', 42, 'vbscript:x'] })).toEqual(['https://b.example/']);
    expect(handedOverUrls(undefined, undefined)).toEqual([]);
  });

  it('the first launch holds the lock; a second hands its addresses over and is told to quit', () => {
    const launch = fakeElectron();
    const handovers: Handover[] = [];
    expect(claimSingleInstance(launch(), ['/opt/Offprint/offprint'], (h) => handovers.push(h))).toBe(true);
    const second = launch();
    expect(claimSingleInstance(second, ['/opt/Offprint/offprint', 'https://example.com/story', 'javascript:alert(1)'], () => {
      throw new Error('a second instance never handles handovers');
    })).toBe(false);
    expect(second.sent).toEqual({ urls: ['https://example.com/story'] });
    expect(handovers).toEqual([{ urls: ['https://example.com/story'] }]);
    expect(claimSingleInstance(launch(), ['/opt/Offprint/offprint'], () => undefined)).toBe(false);
    expect(handovers).toEqual([{ urls: ['https://example.com/story'] }, { urls: [] }]);
  });

  it('saves handed-over addresses through the validating bridge; a bad one is a typed error and saves nothing', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'offprint-handover-'));
    try {
      const library = await Library.open({ dataDir });
      const service = createOffprintService(library, { extractor });
      const lines: string[] = [];
      const outcomes = await saveHandedOver(service, [`${server.url}/asiae-korea-ukraine/source.html`, `${server.url}/missing.html`], (l) => lines.push(l));
      expect(outcomes[0]!.result.ok).toBe(true);
      expect(outcomes[1]!.result).toMatchObject({ ok: false, error: { code: 'http-status' } });
      expect(lines).toEqual([expect.stringContaining('could not save')]);
      expect(library.size).toBe(1);
      expect((await service.listSaves({})).map((s) => s.stage).sort()).toEqual(['done', 'failed']);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
