import type { ImageReport } from '../shared/types';

function hostOf(url: string): string {
  if (url.startsWith('data:')) return 'the page itself';
  try {
    return new URL(url).hostname;
  } catch {
    return 'an unreadable address';
  }
}

/**
 * What "Retry missing images" did, in words: how many came, and for those still missing, which
 * host could not give them and why (the library keeps each one's reason).
 */
export function describeRetry(before: ImageReport, after: ImageReport): string {
  const missing = before.total - before.saved;
  const fetched = Math.max(0, after.saved - before.saved);
  if (after.failed.length === 0) return `All ${after.total} images are saved offline now.`;
  const first = fetched === 0 ? `Tried again: none of the ${missing} missing images could be fetched.` : `Tried again: ${fetched} of ${missing} missing images fetched.`;
  const byHost = new Map<string, { count: number; reason: string }>();
  for (const failure of after.failed) {
    const host = hostOf(failure.url);
    const entry = byHost.get(host);
    if (entry) entry.count++;
    else byHost.set(host, { count: 1, reason: failure.reason });
  }
  const lines = [...byHost].slice(0, 3).map(([host, { count, reason }]) => `${count === 1 ? '1 image' : `${count} images`} from ${host}: ${reason.replace(/\.?$/, '.')}`);
  const more = byHost.size > 3 ? ` And ${byHost.size - 3} more hosts.` : '';
  return `${first} ${lines.join(' ')}${more}`;
}
