import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elementText } from '../../electron/capture/text';
import { applyMarks, clearMarks, firstMarkOf } from '../../renderer/highlight-marks';
import { buildTextMap, NOT_TEXT_ATTRIBUTE, selectionOffsets } from '../../renderer/text-map';
import type { AnchoredHighlight } from '../../shared/types';
import { FIXTURES } from '../helpers/fixture-server';

const body = (html: string) => {
  const div = document.createElement('div');
  div.innerHTML = html;
  document.body.replaceChildren(div);
  return div;
};

const highlight = (id: string, start: number, end: number, overrides: Partial<AnchoredHighlight> = {}): AnchoredHighlight => ({
  highlightId: id,
  articleId: 'a-1',
  quote: { exact: '', prefix: '', suffix: '' },
  position: { start, end },
  color: 'yellow',
  note: null,
  createdAt: `2026-01-01T00:00:0${id.length}.000Z`,
  updatedAt: '2026-01-01T00:00:00.000Z',
  anchor: { status: 'exact', start, end },
  ...overrides,
});

describe('renderer/text-map', () => {
  it('is, character for character, the text the capture stored (body.txt) for twenty real pages', () => {
    const root = join(FIXTURES, 'readability');
    const pages = readdirSync(root).filter((name) => !name.includes('.'));
    expect(pages.length).toBeGreaterThan(15);
    for (const name of pages) {
      const div = body(readFileSync(join(root, name, 'expected.html'), 'utf8'));
      expect(buildTextMap(div).text, name).toBe(elementText(div));
    }
  });

  it('leaves out what the reader adds (an image not saved, shown as words) and keeps pre newlines', () => {
    const div = body(`<p>One  two</p><pre>a\nb</pre><p>x<span ${NOT_TEXT_ATTRIBUTE}>Image not saved</span>y</p>`);
    expect(buildTextMap(div).text).toBe('One two\n\na\nb\n\nxy');
  });

  it('turns a selection into offsets of that text, across elements and without the spaces at its ends', () => {
    const div = body('<p>The first <em>ferry</em> leaves.</p><p>  By noon the boat  </p>');
    const map = buildTextMap(div);
    const range = document.createRange();
    range.setStart(div.querySelector('p')!.firstChild!, 4);
    range.setEnd(div.querySelectorAll('p')[1]!.firstChild!, 9);
    const at = selectionOffsets(map, div, range)!;
    expect(map.text.slice(at.start, at.end)).toBe('first ferry leaves.\n\nBy noon');
    const blank = document.createRange();
    blank.setStart(div.querySelector('em')!.firstChild!, 2);
    blank.setEnd(div.querySelector('em')!.firstChild!, 2);
    expect(selectionOffsets(map, div, blank)).toBeNull();
  });
});

describe('renderer/highlight-marks', () => {
  it('wraps each placed highlight in marks, once per piece where they overlap, and puts the body back as it was', () => {
    const div = body('<p>The first <em>ferry</em> leaves the harbour.</p>');
    const original = div.innerHTML;
    const text = buildTextMap(div).text;
    const at = (words: string) => [text.indexOf(words), text.indexOf(words) + words.length] as const;
    const placed = applyMarks(div, [
      highlight('green', ...at('first ferry'), { color: 'green' }),
      highlight('pinkish', ...at('ferry leaves'), { color: 'pink', note: 'a note' }),
      highlight('gone', 0, 3, { anchor: { status: 'not-found' } }),
    ]);
    expect(placed).toBe(2);
    const marks = [...div.querySelectorAll('mark')].map((m) => `${m.className}|${m.textContent}|${m.dataset.highlightIds}`);
    expect(marks).toEqual(['hl hl-green|first |green', 'hl hl-pink hl-overlap has-note|ferry|green pinkish', 'hl hl-pink has-note| leaves|pinkish']);
    expect(buildTextMap(div).text).toBe(text);
    expect(firstMarkOf(div, 'pinkish')!.textContent).toBe('ferry');
    // Applying again (new highlights) starts from the plain body.
    applyMarks(div, [highlight('green', ...at('harbour'))]);
    expect([...div.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['harbour']);
    clearMarks(div);
    expect(div.innerHTML).toBe(original);
  });

  it('a highlight over the whole article marks every paragraph', () => {
    const div = body('<h2>Title</h2><p>One.</p><ul><li>Two</li></ul>');
    const text = buildTextMap(div).text;
    applyMarks(div, [highlight('all', 0, text.length)]);
    expect([...div.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Title', 'One.', 'Two']);
    expect(div.querySelector('mark[data-start]')!.textContent).toBe('Title');
    expect(div.querySelector('mark[data-end]')!.textContent).toBe('Two');
  });
});
