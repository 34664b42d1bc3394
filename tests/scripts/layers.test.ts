import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

/** The layer rules of eslint.config.js, tried on one import each: refused where a layer may not reach, and saying which rule. */
describe('eslint.config.js layers', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const check = async (file: string, specifier: string) => {
    const [result] = await eslint.lintText(`import { x } from '${specifier}';\nexport const y = x;\n`, { filePath: resolve(ROOT, file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };

  it.each([
    ['electron/capture/x.ts', '../library/layout', 'Layer rule "capture"'],
    ['electron/library/x.ts', '../capture/capture', 'Layer rule "library"'],
    ['electron/library/backup/x.ts', '../../service', 'Layer rule "library"'],
    ['electron/search/x.ts', '../capture/text', 'Layer rule "search"'],
    ['electron/service.ts', './cli', 'Layer rule "service"'],
    ['electron/service.ts', './shell/ipc', 'shell'],
    ['electron/bridge.ts', './server/server', 'Layer rule "service"'],
    ['shared/x.ts', '../electron/library/layout', 'Layer rule "shared"'],
    ['renderer/x.ts', '../electron/service', 'Layer rule "browser"'],
    ['electron/library/x.ts', 'electron', 'Only the Electron shell'],
    ['electron/library/x.ts', '../feeds/feeds', 'Layer rule "library"'],
    ['electron/capture/x.ts', '../feeds/parse/parse-feed', 'Layer rule "capture"'],
    ['electron/feeds/parse/x.ts', '../../capture/decode', 'Layer rule "feeds-parse"'],
    ['electron/feeds/parse/x.ts', '../../library/library', 'Layer rule "feeds-parse"'],
    ['electron/feeds/parse/x.ts', '../ingest', 'Layer rule "feeds-parse"'],
    ['electron/feeds/x.ts', '../service', 'Layer rule "feeds"'],
    ['electron/feeds/x.ts', '../cli', 'Layer rule "feeds"'],
    // Issue 16: the extension's pairing sits over the library; the browser extension imports only shared/.
    ['electron/extension/x.ts', '../server/extension-endpoint', 'Layer rule "extension"'],
    ['electron/extension/x.ts', '../service', 'Layer rule "extension"'],
    ['electron/library/x.ts', '../extension/pairing', 'Layer rule "library"'],
    ['renderer/extension/x.ts', '../api', 'Layer rule "extension"'],
    ['renderer/extension/x.ts', '../../electron/service', 'Layer rule "extension"'],
    ['renderer/extension/x.ts', 'node:fs', 'Node modules'],
  ])('%s may not import %s', async (file, specifier, rule) => {
    const messages = await check(file, specifier);
    expect(messages.join('\n')).toContain(rule);
  });

  it.each([
    ['electron/service.ts', './library/library'],
    ['electron/service.ts', './capture/capture'],
    ['electron/cli.ts', './service'],
    ['electron/server/x.ts', '../service'],
    ['electron/search/x.ts', '../library/storage'],
    ['electron/library/x.ts', '../../shared/types'],
    ['electron/feeds/x.ts', '../capture/capture'],
    ['electron/feeds/x.ts', '../library/library'],
    ['electron/feeds/x.ts', './parse/parse-feed'],
    ['electron/feeds/parse/x.ts', './xml-guard'],
    ['electron/feeds/parse/x.ts', '../../../shared/errors'],
    ['electron/service.ts', './feeds/feeds'],
    ['electron/service.ts', './extension/pairing'],
    ['electron/extension/x.ts', '../library/library'],
    ['electron/server/x.ts', '../extension/pairing'],
    ['renderer/extension/x.ts', '../../shared/extension-protocol'],
    ['renderer/extension/x.ts', './queue'],
  ])('%s may import %s', async (file, specifier) => {
    expect(await check(file, specifier)).toEqual([]);
  });
});
