import { decodeHTML } from 'entities';

// Small readers of feedsmith's loose values: text constructs, dates, numbers, addresses resolved
// against xml:base. Pure.

export type Loose = Record<string, unknown>;

/** An Atom text construct as plain text (type html: tags stripped; xhtml likewise). */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return plain(value);
  const text = value as { value?: string } | undefined;
  return plain(str(text?.value));
}

/** An Atom text construct or content as HTML. */
export function htmlOf(value: Loose | undefined): string | null {
  const text = str(value?.value);
  if (!text?.trim()) return null;
  const type = String(value?.type ?? 'text').toLowerCase();
  if (type === 'html' || type === 'xhtml' || type.includes('html') || type.includes('xml')) return text;
  return textToHtml(text);
}

/** Text as paragraphs of escaped HTML. */
export function textToHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** Markup and entities out, whitespace collapsed: titles and names. */
export function plain(value: string | null | undefined): string | null {
  if (!value) return null;
  let text = value;
  if (/[<&]/.test(text)) text = decodeHTML(text.replace(/<\/?[A-Za-z!][^>]*>/g, ''));
  text = text.replace(/\s+/g, ' ').trim();
  return text || null;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

const PERIOD_MINUTES: Record<string, number> = { hourly: 60, daily: 1440, weekly: 10080, monthly: 43200, yearly: 525600 };

/** sy:updatePeriod / sy:updateFrequency as minutes between updates. */
export function syFloor(sy: unknown): number | null {
  const value = sy as { updatePeriod?: string; updateFrequency?: number } | undefined;
  const period = PERIOD_MINUTES[String(value?.updatePeriod ?? '').trim().toLowerCase()];
  if (!period) return null;
  const frequency = Number(value?.updateFrequency ?? 1);
  return Math.max(1, Math.round(period / (Number.isFinite(frequency) && frequency >= 1 ? frequency : 1)));
}

export function xmlBase(value: Loose | undefined): string | null {
  return str((value?.xml as Loose | undefined)?.base) ?? null;
}

/** An absolute http(s) address, or null. */
export function absolute(href: string | null | undefined, base: string | null | undefined): string | null {
  const value = href?.trim();
  if (!value) return null;
  try {
    const url = new URL(value, base ?? undefined);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function isoDate(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  const text = String(value).trim();
  let time = Date.parse(text);
  // RFC 822 with a zone V8 does not know (CEST, "+0000 (UTC)"…): the time without it, as UTC.
  if (Number.isNaN(time)) time = Date.parse(text.replace(/\s+\(?[A-Za-z]{2,5}\)?$/, ' GMT'));
  if (Number.isNaN(time)) return null;
  return new Date(time).toISOString();
}

export function str(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

export function num(value: unknown): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

export function nonEmpty(value: string | null | undefined): string | null {
  return value && value.trim() ? value : null;
}

export function arr(value: unknown): Loose[] {
  return Array.isArray(value) ? (value as Loose[]) : value && typeof value === 'object' ? [value as Loose] : [];
}

export function first(values: unknown[]): string | null {
  return str(values[0]);
}

export function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
