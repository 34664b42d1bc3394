import { type ApiEvent, type ApiEventListener, EVENTS_PATH, isApiEvent, type Subscribe } from '../shared/api';

/** One Server-Sent Event as the stream spells it: `event: <name>` and `data: <JSON>`. */
export interface StreamedEvent {
  event: string;
  data: string;
}

/**
 * Splits Server-Sent Events text into whole events and what is left over (an event not yet
 * complete). Comment lines (`: …`, the heartbeat) and fields other than `event` and `data` are
 * skipped; several `data` lines are joined with newlines, as the format says.
 */
export function parseEventStream(text: string): { events: StreamedEvent[]; rest: string } {
  const events: StreamedEvent[] = [];
  const blocks = text.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}

export interface EventStreamOptions {
  baseUrl?: string;
  token: string | null;
  fetch?: typeof fetch;
  /** Waits before connecting again after the stream ended or failed: 1 s, doubling up to 30 s. */
  retryMs?: (attempt: number) => number;
}

/** Answers after which connecting again cannot help: no token or a wrong one, a foreign origin or host. */
const FINAL_STATUSES = new Set([401, 403, 421]);

/**
 * `on(event, listener)` over `offprint serve`'s event stream: `GET /api/events` read with `fetch`
 * (EventSource cannot send the token header, and the token must stay out of URLs). The stream is
 * opened with the first listener and closed when the last one goes (a moment later, so a component
 * that re-subscribes at once keeps it); it is opened again after a dropped connection, unless the
 * server refused it.
 */
export function httpEventStream({ baseUrl = '', token, fetch: fetchImpl = (...args) => fetch(...args), retryMs = (n) => Math.min(30_000, 1000 * 2 ** n) }: EventStreamOptions): Subscribe {
  const listeners = new Map<ApiEvent, Set<(payload: unknown) => void>>();
  let running: AbortController | null = null;
  let closing: ReturnType<typeof setTimeout> | undefined;
  const count = () => [...listeners.values()].reduce((n, set) => n + set.size, 0);

  function dispatch({ event, data }: StreamedEvent): void {
    if (!isApiEvent(event)) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return; // not ours to show: an event that is not JSON is dropped
    }
    for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
  }

  /** Reads the stream until it ends: `opened` when it was open for a while (the wait before the next try starts again). */
  async function readOnce(signal: AbortSignal): Promise<'opened' | 'again' | 'stop'> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (token) headers['x-offprint-token'] = token;
    const response = await fetchImpl(`${baseUrl}${EVENTS_PATH}`, { headers, credentials: 'omit', cache: 'no-store', signal });
    if (FINAL_STATUSES.has(response.status)) return 'stop';
    if (!response.ok || !response.body) return 'again';
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'opened';
      const parsed = parseEventStream(buffer + decoder.decode(value, { stream: true }));
      buffer = parsed.rest;
      for (const event of parsed.events) dispatch(event);
    }
  }

  async function run(controller: AbortController): Promise<void> {
    let attempt = 0;
    while (!controller.signal.aborted) {
      let outcome: 'opened' | 'again' | 'stop' = 'again';
      try {
        outcome = await readOnce(controller.signal);
      } catch {
        // The connection failed or was dropped (serve stopped, the machine slept): try again below.
      }
      if (outcome === 'stop' || controller.signal.aborted) return;
      attempt = outcome === 'opened' ? 0 : attempt + 1;
      await new Promise((resolve) => setTimeout(resolve, retryMs(attempt)));
    }
  }

  return <E extends ApiEvent>(event: E, listener: ApiEventListener<E>) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const entry = listener as (payload: unknown) => void;
    set.add(entry);
    clearTimeout(closing);
    if (!running) {
      running = new AbortController();
      void run(running);
    }
    return () => {
      set.delete(entry);
      if (count() > 0) return;
      clearTimeout(closing);
      closing = setTimeout(() => {
        if (count() > 0 || !running) return;
        running.abort();
        running = null;
      }, 1000);
    };
  };
}
