import { describe, expect, it } from 'vitest';
import { extractArticle, type StepName } from '../../../electron/capture/extract';
import { htmlToText } from '../../helpers/html-text';
import { articlePage, PARAGRAPHS } from './extraction-pages';

const WITHOUT_RESTORE: StepName[] = ['note lists and tables', 'restore lists and tables'];

function extract(html: string, skipSteps: StepName[] = []) {
  return extractArticle(html, { baseUrl: 'https://news.example/2024/ferry', skipSteps });
}

/** PARAGRAPHS with `extra` markup after paragraph `at`. */
function withInside(at: number, extra: string): string[] {
  return PARAGRAPHS.map((p, i) => (i === at ? `${p}</p>${extra}<p>` : p));
}

const LIST = '<ul><li>Two hybrid boats after ten at night</li><li>Last boat from the island at 23:40</li><li>Bicycles travel free</li></ul>';
const TABLE = '<table><tr><th>Ticket</th><th>Price</th></tr><tr><td>Single</td><td>3.20</td></tr><tr><td>Return</td><td>5.80</td></tr></table>';
/** In a wrapper whose class Readability scores down ("media"), so that its clean-up drops it. */
const FIGURE = '<div class="media"><figure><img src="/img/boat.jpg" width="800" height="500" alt="The boat"><figcaption>The new hybrid boat at the pier. Photo: Harbour Authority</figcaption></figure></div>';

describe('electron/capture/extract: what is kept', () => {
  it('keeps lists and tables inside the article', () => {
    const text = htmlToText(extract(articlePage({ paragraphs: withInside(1, LIST + TABLE) })).contentHtml);
    for (const kept of ['Last boat from the island at 23:40', 'Bicycles travel free', 'Return', '5.80']) expect(text).toContain(kept);
  });

  it('puts back a figure with its caption and credit that Readability cut from between two paragraphs', () => {
    const page = articlePage({ paragraphs: withInside(2, FIGURE) });
    expect(htmlToText(extract(page, WITHOUT_RESTORE).contentHtml)).not.toContain('Photo: Harbour Authority');
    const result = extract(page);
    const text = htmlToText(result.contentHtml);
    expect(text).toContain('The new hybrid boat at the pier. Photo: Harbour Authority');
    // In its place, and its image is one of the article's images, at its address on the page.
    expect(text.indexOf('Photo: Harbour Authority')).toBeGreaterThan(text.indexOf(PARAGRAPHS[2]!));
    expect(text.indexOf('Photo: Harbour Authority')).toBeLessThan(text.indexOf(PARAGRAPHS[3]!));
    expect(result.images.map((i) => i.urls[0])).toContain('https://news.example/img/boat.jpg');
  });

  it('does not put back a grid of teasers (pictures that link to other stories)', () => {
    const teasers = `<div class="media-grid">${['Pier market', 'Lifeboat crew'].map((t, i) => `<figure><a href="/story/${i}"><img src="/t${i}.jpg"></a><figcaption>${t} reopens for the summer season</figcaption></figure>`).join('')}</div>`;
    expect(htmlToText(extract(articlePage({ paragraphs: withInside(2, teasers) })).contentHtml)).not.toContain('reopens for the summer season');
  });
});

describe('electron/capture/extract: text for readers without scripts', () => {
  const notice = '<noscript><p>Please enable JavaScript to view the comments powered by a comment service, or sign in.</p></noscript>';

  it('reads an article a page keeps in <noscript> while a script builds the shown copy', () => {
    const post = `<div class="post-body"><div class="js-rendered"></div><noscript>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}</noscript></div>`;
    const text = htmlToText(extract(articlePage({ paragraphs: [], insideArticle: post, afterArticle: notice })).contentHtml);
    for (const paragraph of PARAGRAPHS) expect(text).toContain(paragraph);
    expect(text).not.toContain('Please enable JavaScript');
  });

  it('does not repeat text the page also shows', () => {
    const copy = `<noscript><p>${PARAGRAPHS[0]}</p><p>${PARAGRAPHS[1]}</p></noscript>`;
    const text = htmlToText(extract(articlePage({ insideArticle: copy })).contentHtml);
    expect(text.split(PARAGRAPHS[0]!).length - 1).toBe(1);
  });
});
