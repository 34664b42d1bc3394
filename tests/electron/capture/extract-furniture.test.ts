import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../electron/capture/extract';
import { htmlToText } from '../../helpers/html-text';
import { articlePage, PARAGRAPHS } from './extraction-pages';

function textOf(html: string): string {
  return htmlToText(extractArticle(html, { baseUrl: 'https://news.example/2024/ferry' }).contentHtml);
}

/** PARAGRAPHS with `extra` markup after paragraph `at`. */
function withInside(at: number, extra: string): string[] {
  return PARAGRAPHS.map((p, i) => (i === at ? `${p}</p>${extra}<p>` : p));
}

describe('electron/capture/extract: furniture inside the article', () => {
  it('removes "read more" lines that link to other stories, in several languages', () => {
    const lines = [
      '<p>Read more: <a href="/2024/tram-strike">Tram strike ends after two weeks</a></p>',
      '<p><strong>Lea también: <a href="/2024/puerto">El puerto abre una nueva terminal</a></strong></p>',
      '<p>Lesen Sie auch: <a href="/2024/faehre">Neue Fähre für die Insel</a></p>',
    ];
    const text = textOf(articlePage({ paragraphs: withInside(1, lines.join('')) }));
    for (const paragraph of PARAGRAPHS) expect(text).toContain(paragraph);
    for (const gone of ['Tram strike ends', 'El puerto abre', 'Neue Fähre']) expect(text).not.toContain(gone);
  });

  it('keeps a paragraph that only starts like one ("Related to this, …") and has no link', () => {
    const sentence = 'Related to this, the council will publish the full timetable in March, with a second consultation on fares for students and pensioners.';
    const text = textOf(articlePage({ paragraphs: withInside(2, `<p>${sentence}</p>`) }));
    expect(text).toContain(sentence);
  });

  it('removes a heading followed only by links, and keeps a heading followed by a list of facts', () => {
    const related = '<h3>Related stories</h3><ul><li><a href="/a">Bus lanes for the bridge</a></li><li><a href="/b">Pier market reopens</a></li><li><a href="/c">Lifeboat crew honoured</a></li></ul>';
    const facts = '<h3>The new service</h3><ul><li>Two hybrid boats after ten at night</li><li>Fares as in the day service</li><li>Monthly passes valid on every boat</li></ul>';
    const text = textOf(articlePage({ paragraphs: withInside(3, facts), insideArticle: related }));
    for (const kept of ['The new service', 'Two hybrid boats after ten at night', 'Monthly passes valid on every boat']) expect(text).toContain(kept);
    for (const gone of ['Related stories', 'Pier market reopens']) expect(text).not.toContain(gone);
  });

  it('removes a table of contents that links to places in the page', () => {
    const toc = '<p><b>Contents</b></p><ul><li><a href="#vote">The vote</a></li><li><a href="#boats">The boats</a></li><li><a href="#fares">Fares</a></li></ul>';
    const text = textOf(articlePage({ paragraphs: withInside(0, toc) }));
    expect(text).toContain(PARAGRAPHS[1]);
    for (const gone of ['Contents', 'The boats']) expect(text).not.toContain(gone);
  });

  it('removes short calls to subscribe, share or print, and keeps a sentence about a newsletter', () => {
    const prompts = '<p>Sign up for our morning newsletter</p><p><strong>Diesen Artikel teilen</strong></p><p><a href="/print">Print this article</a></p>';
    const sentence = 'The operator said it would announce the timetable in its newsletter to season-ticket holders before it appears on the harbour website.';
    const text = textOf(articlePage({ paragraphs: withInside(4, `<p>${sentence}</p>`), insideArticle: prompts }));
    expect(text).toContain(sentence);
    for (const gone of ['morning newsletter', 'Diesen Artikel teilen', 'Print this article']) expect(text).not.toContain(gone);
  });

  it('removes a label in words and the list of headlines right under it, and keeps the text after the list', () => {
    const seeAlso =
      '<p>Lesen Sie auch die folgenden Beiträge:</p><ul><li><a href="/a">Neue Fähre für die Insel</a></li><li><a href="/b">Der Hafen wächst</a></li></ul>' +
      '<p>About the author: a harbour reporter for twenty years, who has covered every vote on the ferry since the first one.</p>';
    const boldLabel = '<p><strong>More on the harbour</strong></p><ul><li><a href="/c">Pier market reopens</a></li><li><a href="/d">Lifeboat crew honoured</a></li></ul>';
    const text = textOf(articlePage({ paragraphs: withInside(2, boldLabel), insideArticle: seeAlso }));
    for (const paragraph of PARAGRAPHS) expect(text).toContain(paragraph);
    expect(text).toContain('About the author');
    for (const gone of ['Lesen Sie auch', 'Neue Fähre', 'More on the harbour', 'Lifeboat crew honoured']) expect(text).not.toContain(gone);
  });

  it('removes a trailing list of headlines with its label, even when the label is no heading', () => {
    const trailing = '<section><span>Mehr zum Thema</span><ul><li><a href="/e">Grundwissen Fähre</a></li><li><a href="/f">Hafen im Winter</a></li></ul></section>';
    const text = textOf(articlePage({ insideArticle: trailing }));
    expect(text).toContain(PARAGRAPHS[5]);
    for (const gone of ['Mehr zum Thema', 'Grundwissen Fähre']) expect(text).not.toContain(gone);
  });
});
