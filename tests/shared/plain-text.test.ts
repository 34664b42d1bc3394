import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml, splitPlainText } from '../../shared/plain-text';
import { FIXTURES } from '../helpers/fixture-server';

describe('shared/plain-text', () => {
  it('finds the headline of text copied from a news page and drops the menus around it', async () => {
    const text = await readFile(join(FIXTURES, 'text/asiae-korea-ukraine.txt'), 'utf8');
    const { title, paragraphs } = splitPlainText(text);
    expect(title).toBe('South Korea "Considering Providing Lethal Weapons to Ukraine"... Putin Calls It "A Very Big Mistake"');
    expect(paragraphs[0]).toMatch(/^Russian President Vladimir Putin warned/);
    expect(paragraphs.at(-1)).toMatch(/All rights reserved\.$/);
    expect(paragraphs).not.toContain('Top');
    expect(paragraphs).not.toContain('Join us on social!');
  });

  it('uses a given title and keeps every paragraph', () => {
    expect(splitPlainText('First paragraph is here.\n\nSecond one.', 'My title')).toEqual({
      title: 'My title',
      paragraphs: ['First paragraph is here.', 'Second one.'],
    });
  });

  it('joins hard-wrapped lines of one paragraph', () => {
    expect(splitPlainText('A title with four words\n\nline one\nline two').paragraphs).toEqual(['line one line two']);
  });

  it('escapes HTML', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
  });
});

describe('shared/plain-text short titles', () => {
  it('keeps a short first line as the title rather than leaving the body empty', () => {
    const long = 'We met on Tuesday and agreed on the plan for the next release of the reader.';
    expect(splitPlainText(`Meeting notes\n\n${long}`)).toEqual({ title: 'Meeting notes', paragraphs: [long] });
  });
});
