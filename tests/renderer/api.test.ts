import { describe, expect, it, vi } from 'vitest';
import { BRIDGE_MISSING_MESSAGE, createApiClient, pageBridge, takeServeToken, TOKEN_KEY } from '../../renderer/api';
import type { OffprintBridge } from '../../shared/api';

/** A page's window, as much as api.ts reads: its address, history and session storage. */
function fakeWindow(href: string, offprint?: OffprintBridge) {
  const store = new Map<string, string>();
  const win = {
    offprint,
    location: new URL(href) as unknown as Location,
    history: {
      state: null,
      replaceState: vi.fn((_state: unknown, _title: string, url: string) => {
        win.location = new URL(url, win.location.href) as unknown as Location;
      }),
    } as unknown as History,
    sessionStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as unknown as Storage,
  };
  return { win, store };
}

describe('renderer/api', () => {
  it("takes serve's token out of the address bar into session storage, and finds it again after a reload", () => {
    const { win, store } = fakeWindow('http://127.0.0.1:4000/?token=s3cret#/article/abcd-1234');
    expect(takeServeToken(win)).toBe('s3cret');
    expect(store.get(TOKEN_KEY)).toBe('s3cret');
    expect(win.location.href).toBe('http://127.0.0.1:4000/#/article/abcd-1234');
    expect(win.history.replaceState).toHaveBeenCalledTimes(1);
    expect(takeServeToken(win)).toBe('s3cret');
  });

  it('sends the token in a header, never relying on a cookie', async () => {
    const { win } = fakeWindow('http://127.0.0.1:4000/?token=s3cret');
    const fetch = vi.fn(async () => new Response(JSON.stringify({ ok: true, value: { textSize: 18 } })));
    vi.stubGlobal('fetch', fetch);
    try {
      await createApiClient(pageBridge(win)).getSettings({});
      const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
      expect(url).toBe('/api/getSettings');
      expect((init.headers as Record<string, string>)['x-offprint-token']).toBe('s3cret');
      expect(init.credentials).toBe('omit');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('on an app page whose preload did not load, says so plainly and never calls HTTP', async () => {
    const { win } = fakeWindow('offprint://app/index.html');
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    try {
      await expect(createApiClient(pageBridge(win)).listArticles({})).rejects.toThrow(BRIDGE_MISSING_MESSAGE);
      expect(fetch).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('uses the preload bridge when there is one', async () => {
    const bridge = { getSettings: vi.fn(async () => ({ ok: true, value: { textSize: 20 } })) } as unknown as OffprintBridge;
    const { win } = fakeWindow('offprint://app/index.html', bridge);
    expect(await createApiClient(pageBridge(win)).getSettings({})).toEqual({ textSize: 20 });
  });
});
