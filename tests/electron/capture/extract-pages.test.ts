import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureArticle } from '../../../electron/capture/capture';
import { Extractor } from '../../../electron/capture/extractor';
import { MAX_PAGES } from '../../../electron/capture/join-pages';
import { findNextPage, isNextPage } from '../../../electron/capture/page-sequence';
import { parsePage } from '../../../electron/capture/parse-page';
import { type FixtureServer, startFixtureServer } from '../../helpers/fixture-server';
import { PARAGRAPHS } from './extraction-pages';

/** Page `n` of a story: two paragraphs of its own, a picture, and a link to the next page unless told otherwise. */
function storyPage(n: number, next: string | null, paragraphs = [PARAGRAPHS[(n * 2) % 6]!, PARAGRAPHS[(n * 2 + 1) % 6]!]): string {
  return `<!DOCTYPE html><html lang="en"><head><title>Night ferry (page ${n})</title>${next ? `<link rel="next" href="${next}">` : ''}</head>
<body><nav><a href="/">Home</a></nav><div class="story"><h1>Night ferry</h1>
${paragraphs.map((p) => `<p>Page ${n}. ${p}</p>`).join('\n')}
<figure><img src="/img/p${n}.png" width="600" height="400"><figcaption>Picture on page ${n} of the story, by the harbour photographer</figcaption></figure>
<p>Page ${n}, again. ${paragraphs[0]}</p>
</div>${next ? `<p class="pager"><a rel="next" href="${next}">Next page</a></p>` : ''}</body></html>`;
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const PAGES: Record<string, string> = {
  '/story': storyPage(1, '/story?page=2'),
  '/story?page=2': storyPage(2, '/story?page=3'),
  '/story?page=3': storyPage(3, null),
  // Page 2 links back to page 2 of itself through another spelling, then to page 1: a loop.
  '/loop': storyPage(1, '/loop/2'),
  '/loop/2': storyPage(2, '/loop/3'),
  '/loop/3': storyPage(1, '/loop/4'),
  // Its next page is gone.
  '/broken': storyPage(1, '/broken/2'),
  // A blog post whose rel=next is the next post, not its next page.
  '/2024/03/14/ferry': storyPage(1, '/2024/03/15/tram-strike'),
  '/2024/03/15/tram-strike': storyPage(2, null, ['A different story altogether, about trams and their drivers, which must not be joined to the ferry story.', PARAGRAPHS[5]!]),
  // A very long article.
  ...Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`/long${i ? `/${i + 1}` : ''}`, storyPage(i + 1, `/long/${i + 2}`, [`Long story page ${i + 1} has its own paragraph of text, long enough to count as prose.`, PARAGRAPHS[i % 6]!])])),
};

let server: FixtureServer;
const extractor = new Extractor();

beforeAll(async () => {
  server = await startFixtureServer('/nonexistent', [
    (req, res) => {
      const path = req.url ?? '/';
      if (path.startsWith('/img/')) {
        res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
        return true;
      }
      const page = PAGES[path];
      if (!page) return false;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return true;
    },
  ]);
});
afterAll(async () => {
  await server.close();
  await extractor.close();
});

function save(path: string, fetchFn?: typeof fetch) {
  return captureArticle({ kind: 'url', url: `${server.url}${path}` }, { articleId: 'a1', extractor, fetch: fetchFn });
}

describe('electron/capture: multi-page articles', () => {
  it('joins the next pages of an article, in order, with their images', async () => {
    const article = await save('/story');
    const at = (n: number) => article.bodyText.indexOf(`Page ${n}. `);
    expect(at(1)).toBeGreaterThanOrEqual(0);
    expect(at(2)).toBeGreaterThan(at(1));
    expect(at(3)).toBeGreaterThan(at(2));
    expect(article.bodyText).toContain('Picture on page 3 of the story');
    expect(article.meta.images).toMatchObject({ total: 3, saved: 3 });
    // Each page's picture is its own stored image, in its place.
    expect(article.bodyHtml.match(/<img[^>]+src="\/assets\/a1\//g)).toHaveLength(3);
    expect(article.warnings).toEqual([]);
    expect(server.requests.filter((r) => r.startsWith('/story'))).toEqual(['/story', '/story?page=2', '/story?page=3']);
  });

  it('stops at a page it has already joined', async () => {
    const article = await save('/loop');
    expect(article.bodyText.split('Page 1, again.').length - 1).toBe(1);
    expect(article.bodyText).toContain('Page 2. ');
  });

  it('keeps the pages it has when the next cannot be fetched, and says so', async () => {
    const article = await save('/broken');
    expect(article.bodyText).toContain('Page 1. ');
    expect(article.warnings).toHaveLength(1);
    expect(article.warnings[0]).toMatch(/^Page 2 of the article \(http:\/\/127\.0\.0\.1:\d+\/broken\/2\) could not be saved \(.*404.*\); the saved copy has the pages before it\.$/);

    // The capture report (About this copy) says so too.
    expect(article.meta.capture.warnings).toContainEqual({ code: 'extraction-incomplete', message: article.warnings[0] });
  });

  it('only fetches through the fetch it is given: offline, the first page is saved alone', async () => {
    const onlyTheFirst: typeof fetch = async (input) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith('/story')) return new Response(PAGES['/story'], { headers: { 'content-type': 'text/html' } });
      throw new TypeError('fetch failed: offline');
    };
    const article = await save('/story', onlyTheFirst);
    expect(article.bodyText).toContain('Page 1. ');
    expect(article.bodyText).not.toContain('Page 2. ');
    expect(article.warnings.join(' ')).toMatch(/^Page 2 of the article .* could not be saved \(.+\); the saved copy has the pages before it\.$/);
  });

  it('does not follow rel=next to another post', async () => {
    const article = await save('/2024/03/14/ferry');
    expect(article.bodyText).not.toContain('A different story altogether');
    expect(server.requests).not.toContain('/2024/03/15/tram-strike');
  });

  it(`joins at most ${MAX_PAGES} pages`, async () => {
    const article = await save('/long');
    expect(article.bodyText).toContain(`Long story page ${MAX_PAGES} `);
    expect(article.bodyText).not.toContain(`Long story page ${MAX_PAGES + 1} `);
  });

  it('reads a next page only from an address that numbers the same article', () => {
    const yes = [
      ['https://a.example/2024/03/14/ferry', 'https://a.example/2024/03/14/ferry/2'],
      ['https://a.example/news/ferry.html', 'https://a.example/news/ferry-2.html'],
      ['https://a.example/news/ferry?id=7&page=2', 'https://a.example/news/ferry?page=3&id=7'],
      ['https://a.example/news/ferry', 'https://a.example/news/ferry/seite-2'],
    ];
    const no = [
      ['https://a.example/2024/03/14/ferry', 'https://a.example/2024/03/15/tram-strike'],
      ['https://a.example/news/ferry', 'https://a.example/news/ferry/3'],
      ['https://a.example/news/ferry', 'https://b.example/news/ferry/2'],
      ['https://a.example/', 'https://a.example/page/2'],
      ['https://a.example/blog', 'https://a.example/blog/page/2'],
      ['https://a.example/news/123', 'https://a.example/news/124'],
    ];
    for (const [a, b] of yes) expect(isNextPage(new URL(a!), new URL(b!)), `${a} -> ${b}`).toBe(true);
    for (const [a, b] of no) expect(isNextPage(new URL(a!), new URL(b!)), `${a} -> ${b}`).toBe(false);
    const { doc } = parsePage(storyPage(1, '2'), 'https://a.example/news/ferry');
    expect(findNextPage(doc, 'https://a.example/news/ferry/')).toBe('https://a.example/news/ferry/2');
  });
});
