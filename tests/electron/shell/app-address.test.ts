import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, appAddress, isTrustedSender, mayNavigate } from '../../../electron/shell/decisions/app-address';

const app = appAddress(APP_INDEX_URL);
const dev = appAddress('http://localhost:5173');

/** Addresses whose URL.origin is "null", like the app's own: every one must be refused. */
const OPAQUE = ['file:///tmp/x.html', 'file:///etc/passwd', 'data:text/html,<script>1</script>', 'about:blank', 'smb://host/share', 'other-app://app/index.html', 'offprint://evil/index.html', 'offprint:///index.html', 'offprint://user@app/index.html', 'javascript:alert(1)'];

describe('electron/shell/decisions/app-address', () => {
  it('the addresses refused really share the app origin "null" (why origins are never compared)', () => {
    expect(new URL(APP_INDEX_URL).origin).toBe('null');
    for (const url of OPAQUE.filter((u) => !u.startsWith('javascript:'))) expect(new URL(url).origin, url).toBe('null');
  });

  it('the sender check accepts only the app index in a top-level main frame', () => {
    const top = (url: string) => isTrustedSender({ url, parent: null }, true, app);
    expect(top(APP_INDEX_URL)).toBe(true);
    expect(top(`${APP_INDEX_URL}#/article/abcd-1234`)).toBe(true);
    expect(top('offprint://app/')).toBe(true);
    for (const url of [...OPAQUE, 'https://example.com/', 'http://127.0.0.1:5173/', 'offprint://app/assets/abcd-1234/0123456789abcdef0123456789abcdef.svg', 'offprint://app/bundle/index.js', 'offprint://app/index.html?x=1']) {
      expect(top(url), url).toBe(false);
    }
    // An app subframe, or a frame that is not its contents' main frame, is refused even on the index.
    expect(isTrustedSender({ url: APP_INDEX_URL, parent: { url: APP_INDEX_URL } }, false, app)).toBe(false);
    expect(isTrustedSender({ url: APP_INDEX_URL, parent: null }, false, app)).toBe(false);
    expect(isTrustedSender(null, true, app)).toBe(false);
  });

  it('navigation is allowed only to the app index: never file:, data:, smb:, another scheme, a stored file or the web', () => {
    expect(mayNavigate(`${APP_INDEX_URL}#/bookmarks`, app)).toBe(true);
    for (const url of [...OPAQUE, 'https://example.com/', 'offprint://app/assets/abcd-1234/note.html', 'offprint://app/bundle/x.js', 'not a url']) {
      expect(mayNavigate(url, app), url).toBe(false);
    }
  });

  it('in npm run dev the app is the dev server: same scheme, host and port only', () => {
    expect(mayNavigate('http://localhost:5173/#/unread', dev)).toBe(true);
    expect(isTrustedSender({ url: 'http://localhost:5173/', parent: null }, true, dev)).toBe(true);
    for (const url of ['http://localhost:5174/', 'https://localhost:5173/', 'http://127.0.0.1:5173/', 'file:///tmp/x.html', 'http://localhost:5173/assets/abcd-1234/x.html']) {
      expect(mayNavigate(url, dev), url).toBe(false);
    }
  });
});
