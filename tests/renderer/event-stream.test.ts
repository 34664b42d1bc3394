import { describe, expect, it, vi } from 'vitest';
import { createApiClient, httpBridge } from '../../renderer/api';
import { httpEventStream, parseEventStream } from '../../renderer/event-stream';

/** A fetch whose answers are event streams the test writes to, one per request. */
function fakeServer(status = 200) {
  const requests: { url: string; init: RequestInit }[] = [];
  const streams: ReadableStreamDefaultController<Uint8Array>[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    requests.push({ url, init });
    if (status !== 200) return new Response('refused', { status });
    const body = new ReadableStream<Uint8Array>({ start: (controller) => void streams.push(controller) });
    init.signal?.addEventListener('abort', () => {
      try {
        streams.at(-1)!.error(new DOMException('aborted', 'AbortError'));
      } catch {
        // already closed
      }
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  });
  const write = (text: string, which = streams.length - 1) => streams[which]!.enqueue(new TextEncoder().encode(text));
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests, streams, write };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('renderer/event-stream', () => {
  it('splits Server-Sent Events text into whole events, skipping comments and keeping what is unfinished', () => {
    expect(parseEventStream(': open\n\nevent: settingsChanged\ndata: {"theme":"dark"}\n\nevent: libraryChanged\ndata: {"added"')).toEqual({
      events: [{ event: 'settingsChanged', data: '{"theme":"dark"}' }],
      rest: 'event: libraryChanged\ndata: {"added"',
    });
    expect(parseEventStream('event: a\r\ndata: 1\r\ndata: 2\r\n\r\n: still here\n\n').events).toEqual([{ event: 'a', data: '1\n2' }]);
  });

  it('reads the stream with fetch and the token header (never in the address), and tells each listener its event', async () => {
    const server = fakeServer();
    const on = httpEventStream({ token: 's3cret', fetch: server.fetch });
    const heard: unknown[] = [];
    on('settingsChanged', (s) => heard.push(['settings', s]));
    on('libraryChanged', (c) => heard.push(['library', c]));
    await settle();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.url).toBe('/api/events');
    expect((server.requests[0]!.init.headers as Record<string, string>)['x-offprint-token']).toBe('s3cret');
    expect(server.requests[0]!.init.credentials).toBe('omit');
    server.write(': open\n\nevent: settingsChanged\ndata: {"theme":"dark"}\n\nevent: libraryChan');
    server.write('ged\ndata: {"added":["a"],"updated":[],"removed":[]}\n\nevent: notAnEvent\ndata: {}\n\nevent: noticesChanged\ndata: not json\n\n');
    await settle();
    expect(heard).toEqual([
      ['settings', { theme: 'dark' }],
      ['library', { added: ['a'], updated: [], removed: [] }],
    ]);
  });

  it('one stream for every listener; closed a moment after the last one goes, kept if another comes at once', async () => {
    vi.useFakeTimers();
    try {
      const server = fakeServer();
      const on = httpEventStream({ token: 't', fetch: server.fetch });
      const stopA = on('settingsChanged', () => undefined);
      const stopB = on('saveProgress', () => undefined);
      await vi.advanceTimersByTimeAsync(10);
      stopA();
      stopB();
      const again = on('noticesChanged', () => undefined);
      await vi.advanceTimersByTimeAsync(5000);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]!.init.signal!.aborted).toBe(false);
      again();
      await vi.advanceTimersByTimeAsync(1500);
      expect(server.requests[0]!.init.signal!.aborted).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('connects again after the stream ends, and gives up on a refused token', async () => {
    vi.useFakeTimers();
    try {
      const server = fakeServer();
      const on = httpEventStream({ token: 't', fetch: server.fetch });
      const heard: unknown[] = [];
      on('settingsChanged', (s) => heard.push(s));
      await vi.advanceTimersByTimeAsync(10);
      server.streams[0]!.close();
      await vi.advanceTimersByTimeAsync(1100);
      expect(server.requests).toHaveLength(2);
      server.write('event: settingsChanged\ndata: {"font":"sans"}\n\n', 1);
      await vi.advanceTimersByTimeAsync(10);
      expect(heard).toEqual([{ font: 'sans' }]);

      const refused = fakeServer(401);
      httpEventStream({ token: 'wrong', fetch: refused.fetch })('settingsChanged', () => undefined);
      await vi.advanceTimersByTimeAsync(120_000);
      expect(refused.requests).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("serve's client offers on() for the events; a bridge without events still answers calls", async () => {
    const server = fakeServer();
    vi.stubGlobal('fetch', server.fetch);
    try {
      const client = createApiClient(httpBridge('', 'tok'));
      const heard: unknown[] = [];
      const stop = client.on('noticesChanged', (n) => heard.push(n));
      await settle();
      server.write('event: noticesChanged\ndata: {"notices":[]}\n\n');
      await settle();
      expect(heard).toEqual([{ notices: [] }]);
      stop();
    } finally {
      vi.unstubAllGlobals();
    }
    const noEvents = createApiClient({ getSettings: async () => ({ ok: true, value: { textSize: 20 } }) } as never);
    expect(typeof noEvents.on('settingsChanged', () => undefined)).toBe('function');
  });
});
