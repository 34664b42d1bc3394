import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Extractor } from '../../../electron/capture/extractor';
import { runCli } from '../../../electron/cli';
import type { RunningEndpoint } from '../../../electron/server/extension-endpoint';
import { EXTENSION_HEADER, EXTENSION_PATH_PREFIX, EXTENSION_PROTOCOL, type PairStatusAnswer } from '../../../shared/extension-protocol';
import { runCliCaptured } from '../../helpers/cli';

let dataDir: string;
const extractor = new Extractor();
afterAll(() => extractor.close());
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-cli-extension-'));
  return () => rm(dataDir, { recursive: true, force: true });
});

const run = (...argv: string[]) => runCliCaptured([...argv, '--data', dataDir], extractor);

/** A page in Windows-1251 that says it is Latin-1: its text is mojibake until re-decoded. */
const RUSSIAN = 'Это статья о погоде в Москве, написанная длинными предложениями, чтобы извлечение текста сохранило её целиком.';
function lyingPage(): Buffer {
  const body = `<!doctype html><html><head><meta charset="iso-8859-1"><title>Pogoda</title></head><body><article><h1>Pogoda</h1>${`<p>${RUSSIAN}</p>`.repeat(8)}</article></body></html>`;
  // Windows-1251 bytes for the Cyrillic letters (А-я are 0xC0-0xFF, Ё/ё 0xA8/0xB8).
  const byte = (c: string) => {
    const code = c.codePointAt(0)!;
    return code >= 0x410 && code <= 0x44f ? code - 0x410 + 0xc0 : code === 0x451 ? 0xb8 : code;
  };
  return Buffer.from([...body].map(byte));
}

describe('electron/cli (issue 16: capture report, re-extract, re-decode, extension pairing)', () => {
  it('show --format report says what happened to a save; reextract makes it again; --charset re-decodes the kept bytes', async () => {
    const file = join(dataDir, '..', `${Math.random().toString(36).slice(2)}-pogoda.html`);
    await writeFile(file, lyingPage());
    try {
      const saved = await run('save', file, '--json');
      expect(saved.code).toBe(0);
      const { id } = JSON.parse(saved.out[0]!) as { id: string };
      const report = await run('show', id, '--format', 'report');
      expect(report.code).toBe(0);
      expect(report.out.join('\n')).toMatch(/^Source: file/m);
      expect(report.out.join('\n')).toMatch(/Charset: windows-1252/);
      expect((await run('show', id, '--format', 'text')).out.join('\n')).not.toContain('погоде');

      const again = await run('reextract', id, '--json');
      expect(again.code).toBe(0);
      expect(JSON.parse(again.out[0]!)).toMatchObject({ id, charset: { name: 'windows-1252' } });

      const redecoded = await run('reextract', id, '--charset', 'windows-1251');
      expect(redecoded.code).toBe(0);
      expect((await run('show', id, '--format', 'text')).out.join('\n')).toContain('погоде в Москве');
      const after = await run('show', id, '--format', 'report', '--json');
      expect(JSON.parse(after.out[0]!)).toMatchObject({ charset: { name: 'windows-1251', decidedBy: 'reader' } });

      const all = await run('reextract', '--all', '--json');
      expect(all.code).toBe(0);
      expect(all.out.map((l) => JSON.parse(l).id)).toEqual([id]);
    } finally {
      await rm(file, { force: true });
    }
  });

  it('reextract explains its usage errors and an unknown id', async () => {
    expect((await run('reextract')).code).not.toBe(0);
    expect((await run('reextract', 'a', '--all')).code).not.toBe(0);
    expect((await run('reextract', 'a', 'b', '--charset', 'windows-1251')).code).not.toBe(0);
    const unknown = await run('reextract', 'mx4k13b4-06f4d4f9b4');
    expect(unknown.code).toBe(1);
    expect(unknown.err.join('\n')).toMatch(/Failed: mx4k13b4-06f4d4f9b4/);
    expect((await run('show', 'x', '--format', 'pdf')).code).not.toBe(0);
  });

  it('extension pair --yes approves the extension that asks; list shows it; revoke ends it', async () => {
    const out: string[] = [];
    const err: string[] = [];
    let listening!: (endpoint: RunningEndpoint) => void;
    const endpoint = new Promise<RunningEndpoint>((resolve) => (listening = resolve));
    const pairing = runCli(['extension', 'pair', '--yes', '--extension-port', '0', '--data', dataDir], { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: {}, extractor, onListening: listening });
    const { origin } = await endpoint;
    const extensionOrigin = `chrome-extension://${'d'.repeat(32)}`;
    const post = async (route: string, body: unknown) =>
      (await fetch(`${origin}${EXTENSION_PATH_PREFIX}${route}`, { method: 'POST', headers: { origin: extensionOrigin, 'content-type': 'application/json', [EXTENSION_HEADER]: EXTENSION_PROTOCOL }, body: JSON.stringify(body) })).json();
    const nonce = 'z'.repeat(40);
    const asked = (await post('pair', { name: 'CLI test browser', nonce })) as { requestId: string; code: string };
    // The extension asks until the reader has answered, as the real one does.
    let status: PairStatusAnswer = { status: 'pending' };
    while (status.status === 'pending') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await post('pair-status', { requestId: asked.requestId, nonce })) as PairStatusAnswer;
    }
    expect(status.status).toBe('approved');
    expect(await pairing).toBe(0);
    expect(out.join('\n')).toContain(`It shows the code ${asked.code}.`);

    const listed = await run('extension', 'list', '--json');
    const [paired] = listed.out.map((l) => JSON.parse(l) as { id: string; name: string; origin: string });
    expect(paired).toMatchObject({ name: 'CLI test browser', origin: extensionOrigin });
    expect((await run('extension', 'revoke', paired!.id)).code).toBe(0);
    expect((await run('extension', 'list', '--json')).out).toEqual([]);
    const again = await run('extension', 'revoke', paired!.id);
    expect(again.code).toBe(1);
    expect((await run('extension', 'fly')).code).not.toBe(0);
  });

  it('extension pair refuses when the typed code is not the one shown', async () => {
    let listening!: (endpoint: RunningEndpoint) => void;
    const endpoint = new Promise<RunningEndpoint>((resolve) => (listening = resolve));
    const err: string[] = [];
    async function* typed() {
      yield 'AAA-AAA';
    }
    const pairing = runCli(['extension', 'pair', '--extension-port', '0', '--data', dataDir], { stdout: () => {}, stderr: (l) => err.push(l), env: {}, extractor, onListening: listening, lines: typed });
    const { origin } = await endpoint;
    await fetch(`${origin}${EXTENSION_PATH_PREFIX}pair`, {
      method: 'POST',
      headers: { origin: `chrome-extension://${'e'.repeat(32)}`, 'content-type': 'application/json', [EXTENSION_HEADER]: EXTENSION_PROTOCOL },
      body: JSON.stringify({ name: 'x', nonce: 'y'.repeat(30) }),
    });
    expect(await pairing).toBe(1);
    expect(err.join('\n')).toContain('pairing refused');
    expect((await run('extension', 'list', '--json')).out).toEqual([]);
  });
});
