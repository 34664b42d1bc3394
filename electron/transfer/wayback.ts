/**
 * The Internet Archive's Wayback Machine, for a page that is gone (a dead host, 404, 410): its
 * availability API (`GET <host>/wayback/available?url=…&timestamp=YYYYMMDDhhmmss`) answers the
 * capture closest to the time the article was saved, as
 * `{"archived_snapshots":{"closest":{"available":true,"url":"…/web/<ts>/<page>","timestamp":"<ts>","status":"200"}}}`
 * (or `{"archived_snapshots":{}}` when there is none). The capture itself is fetched in its raw form
 * (`/web/<ts>id_/<page>`: the page as archived, without the archive's toolbar). The host is
 * configurable, so the tests answer from a local server.
 */
import { OffprintError } from '../../shared/errors';
import type { FetchFn } from '../capture/fetch-page';
import { fetchResource } from '../capture/fetch-page';

export const WAYBACK_HOST = 'https://archive.org';

export interface WaybackCopy {
  /** The capture's address as the archive shows it (to link to). */
  url: string;
  /** The same capture, raw (to fetch and store). */
  rawUrl: string;
  /** When the archive captured it (ISO 8601). */
  capturedAt: string;
}

/** The Wayback timestamp of an ISO time (UTC, to the second). */
export function waybackTimestamp(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** The capture closest to `savedAt`, or null when the archive has none (or answers nothing usable). */
export async function findWaybackCopy(pageUrl: string, savedAt: string | null, options: { host?: string; fetch?: FetchFn; signal?: AbortSignal }): Promise<WaybackCopy | null> {
  const host = (options.host ?? WAYBACK_HOST).replace(/\/+$/, '');
  const api = new URL(`${host}/wayback/available`);
  api.searchParams.set('url', pageUrl);
  const timestamp = waybackTimestamp(savedAt);
  if (timestamp) api.searchParams.set('timestamp', timestamp);
  let answer: unknown;
  try {
    const response = await fetchResource(api.href, { fetch: options.fetch, accept: 'any', signal: options.signal, limits: { maxBytes: 1024 * 1024, deadlineMs: 20_000 } });
    answer = JSON.parse(new TextDecoder().decode(response.bytes));
  } catch (error) {
    if (error instanceof SyntaxError) throw new OffprintError('network', 'The Wayback Machine answered something that is not its availability answer.');
    throw error;
  }
  const closest = (answer as { archived_snapshots?: { closest?: { available?: unknown; url?: unknown; timestamp?: unknown; status?: unknown } } })?.archived_snapshots?.closest;
  if (!closest || closest.available === false || typeof closest.url !== 'string' || typeof closest.timestamp !== 'string') return null;
  if (closest.status !== undefined && !String(closest.status).startsWith('2')) return null;
  const ts = closest.timestamp;
  if (!/^\d{4,14}$/.test(ts)) return null;
  const capturedAt = new Date(Date.UTC(+ts.slice(0, 4), +(ts.slice(4, 6) || 1) - 1, +(ts.slice(6, 8) || 1), +(ts.slice(8, 10) || 0), +(ts.slice(10, 12) || 0), +(ts.slice(12, 14) || 0))).toISOString();
  const url = closest.url.replace(/^http:\/\/web\.archive\.org\//, 'https://web.archive.org/');
  const rawUrl = url.replace(new RegExp(`/web/${ts}(?:[a-z]{2}_)?/`), `/web/${ts}id_/`);
  return { url, rawUrl, capturedAt };
}

/** Whether a failed download means the page is gone (so an archived copy is worth asking for): a host that does not exist, 404 or 410. */
export function isDeadLink(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (e?.code === 'http-status') return /answered (404|410)\b/.test(e.message ?? '');
  if (e?.code === 'network') return /^Could not find |refused the connection/.test(e.message ?? '');
  return false;
}

/** Whether a failure may pass if tried again later (a timeout, a connection cut, a server error, 429). */
export function isTransient(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (e?.code === 'timeout') return true;
  if (e?.code === 'network') return !isDeadLink(error);
  if (e?.code === 'http-status') return /answered (5\d\d|429|408)\b/.test(e.message ?? '');
  return false;
}
