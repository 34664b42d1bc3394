import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { removeDateLines } from '../../../electron/capture/article-furniture';
import { extractArticle } from '../../../electron/capture/extract';
import { htmlToText } from '../../helpers/html-text';
import { articlePage, PARAGRAPHS } from './extraction-pages';

/** An article of two paragraphs of prose with `line` as a block before them and `after` after them. */
function removedFrom(line: string, after = ''): { removed: number; text: string } {
  const { window } = new JSDOM(`<div id="a"><p>${line}</p><p>${PARAGRAPHS[0]}</p><p>${PARAGRAPHS[1]}</p>${after}</div>`);
  const article = window.document.getElementById('a')!;
  const { removed } = removeDateLines(article, true);
  return { removed, text: article.textContent ?? '' };
}

describe('electron/capture/article-furniture: date lines', () => {
  it('removes a line that is only a date, with or without its label and time, in several languages and forms', () => {
    for (const line of [
      'Aktualisiert: 11.04.2020, 10:27',
      'Aktualisiert am 17.01.2021.',
      '7. oktober 2020',
      'Veröffentlichung: 2. Februar 2022',
      '03.04.2020',
      'April 11, 2020',
      'Published on 11 April 2020 at 10:27',
      'Mittwoch, 27. November 2019',
      'Publicado el 3 de mayo de 2021',
    ]) {
      expect(removedFrom(line).removed, line).toBe(1);
    }
    expect(removedFrom('Intro', '<p>Updated 2020-04-11 10:27</p>').removed).toBe(1);
  });

  it('keeps short lines that hold a date among other words, and date lines between paragraphs', () => {
    for (const line of ['The vote in 2020', 'See you in April 2021', 'Ferry timetable 2020', 'On 7 October 2020 the vote was held again.']) {
      expect(removedFrom(line).removed, line).toBe(0);
    }
    const { window } = new JSDOM(`<div id="a"><p>${PARAGRAPHS[0]}</p><h3>7 October 2020</h3><p>${PARAGRAPHS[1]}</p></div>`);
    expect(removeDateLines(window.document.getElementById('a')!, true).removed).toBe(0);
  });

  it('removes the dateline only when the page metadata has the date, so a saved copy never loses it', () => {
    const dateline = '<p>Aktualisiert: 11.04.2020, 10:27</p>';
    const page = (meta: string) =>
      articlePage({ paragraphs: [`${PARAGRAPHS[0]}`, ...PARAGRAPHS.slice(1)], beforeArticle: '' }).replace('<head>', `<head>${meta}`).replace('<div class="story-body">', `<div class="story-body">${dateline}`);
    const withDate = extractArticle(page('<meta property="article:published_time" content="2020-04-11T10:27:00Z">'), { baseUrl: 'https://news.example/a' });
    expect(withDate.publishedTime).toBe('2020-04-11T10:27:00Z');
    expect(htmlToText(withDate.contentHtml)).not.toContain('Aktualisiert');
    const without = extractArticle(page(''), { baseUrl: 'https://news.example/a' });
    expect(without.publishedTime).toBeNull();
    expect(htmlToText(without.contentHtml)).toContain('Aktualisiert: 11.04.2020, 10:27');
    for (const paragraph of PARAGRAPHS) expect(htmlToText(withDate.contentHtml)).toContain(paragraph);
  });
});
