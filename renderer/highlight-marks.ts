import type { AnchoredHighlight } from '../shared/types';
import { buildTextMap, nodeSpans } from './text-map';

export const MARK_CLASS = 'hl';

/** Takes every highlight mark out of the body, leaving its text where it was (adjacent text joined again). */
export function clearMarks(body: Element): void {
  const marks = Array.from(body.querySelectorAll(`mark.${MARK_CLASS}`));
  for (const mark of marks) mark.replaceWith(...Array.from(mark.childNodes));
  if (marks.length) body.normalize();
}

/**
 * Wraps each placed highlight's text in `<mark>` elements (one per text node it crosses), so they
 * read as marked text to screen readers too (CSS adds "highlight start/end" for them). Where
 * highlights overlap, the text between each two boundaries is wrapped once, carrying every
 * highlight over it; the newest gives it its colour. Highlights not found in the current text make
 * no mark. Returns how many highlights were placed.
 */
export function applyMarks(body: Element, highlights: readonly AnchoredHighlight[]): number {
  clearMarks(body);
  const placed = highlights.filter((h): h is AnchoredHighlight & { anchor: { start: number; end: number } } => h.anchor.status !== 'not-found' && h.anchor.end > h.anchor.start);
  if (!placed.length) return 0;
  const map = buildTextMap(body);
  // Every boundary, then the highlights over each piece between two of them.
  const cuts = [...new Set(placed.flatMap((h) => [h.anchor.start, h.anchor.end]))].sort((a, b) => a - b);
  const ops: { node: Text; from: number; to: number; over: AnchoredHighlight[]; first: boolean; last: boolean }[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i]!;
    const to = cuts[i + 1]!;
    const over = placed.filter((h) => h.anchor.start <= from && h.anchor.end >= to).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
    if (!over.length) continue;
    const spans = nodeSpans(map, from, to);
    spans.forEach((span, n) =>
      ops.push({ ...span, over, first: n === 0 && over.some((h) => h.anchor.start === from), last: n === spans.length - 1 && over.some((h) => h.anchor.end === to) }),
    );
  }
  const byNode = new Map<Text, typeof ops>();
  for (const op of ops) byNode.set(op.node, [...(byNode.get(op.node) ?? []), op]);
  for (const [node, list] of byNode) {
    // Later offsets of a node first, so the earlier ones still point at the same characters.
    for (const op of list.sort((a, b) => b.from - a.from)) {
      if (op.to > node.length) op.to = node.length;
      if (op.from >= op.to) continue;
      const middle = node.splitText(op.from);
      middle.splitText(op.to - op.from);
      const top = op.over[op.over.length - 1]!;
      const mark = document.createElement('mark');
      mark.className = `${MARK_CLASS} hl-${top.color}${op.over.length > 1 ? ' hl-overlap' : ''}${op.over.some((h) => h.note) ? ' has-note' : ''}`;
      mark.dataset.highlightIds = op.over.map((h) => h.highlightId).join(' ');
      if (op.first) mark.dataset.start = '';
      if (op.last) mark.dataset.end = '';
      middle.replaceWith(mark);
      mark.append(middle);
    }
  }
  return placed.length;
}

/** The first mark of a highlight, to scroll to or place a card by. */
export function firstMarkOf(body: Element, highlightId: string): HTMLElement | null {
  return Array.from(body.querySelectorAll<HTMLElement>(`mark.${MARK_CLASS}`)).find((m) => (m.dataset.highlightIds ?? '').split(' ').includes(highlightId)) ?? null;
}
