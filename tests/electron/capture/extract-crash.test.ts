import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureArticle } from '../../../electron/capture/capture';
import { extractArticle } from '../../../electron/capture/extract';
import { Extractor } from '../../../electron/capture/extractor';
import { htmlToText } from '../../helpers/html-text';
import { articlePage, PARAGRAPHS } from './extraction-pages';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A page that hides itself until its scripts run, as some newspaper sites do against a flash of unstyled content. */
const HIDDEN_ROOT = articlePage({ htmlAttributes: 'lang="en-US" style="visibility:hidden"' });

describe('electron/capture/extract: pages that take Readability apart', () => {
  it('the hidden page really does lose its <html> element inside bare Readability', () => {
    // What made saves fail with "Cannot read properties of null (reading 'getAttribute')".
    const { document } = parseHTML(HIDDEN_ROOT) as unknown as { document: Document };
    new Readability(document).parse();
    expect(document.documentElement).toBeNull();
  });

  it('saves a page whose <html> Readability moves out of the document, with its language and direction', () => {
    // No dir anywhere, so the direction used to be looked up on the (by then missing) <html>.
    const page = extractArticle(HIDDEN_ROOT, { baseUrl: 'https://news.example/story' });
    const text = htmlToText(page.contentHtml);
    for (const paragraph of PARAGRAPHS) expect(text).toContain(paragraph);
    expect(text).not.toContain('Storm closes beaches');
    expect(page.lang).toBe('en-US');
    expect(page.dir).toBeNull();
    expect(page.warnings).toEqual([]);
    const rtl = extractArticle(articlePage({ htmlAttributes: 'dir="rtl" hidden' }), { baseUrl: null });
    expect(rtl.dir).toBe('rtl');
  });

  it('saves it through the real pipeline too (worker and all)', async () => {
    const extractor = new Extractor();
    try {
      const fetchPage: typeof fetch = async () => new Response(HIDDEN_ROOT, { headers: { 'content-type': 'text/html; charset=utf-8' } });
      const article = await captureArticle({ kind: 'url', url: 'https://news.example/story' }, { articleId: 'a1', extractor, fetch: fetchPage });
      expect(article.bodyText).toContain(PARAGRAPHS[0]);
      expect(article.meta.lang).toBe('en-US');
    } finally {
      await extractor.close();
    }
  });

  it('saves a page with no <head>, <html> or <body> and one with its article after </body>', () => {
    const bare = extractArticle(PARAGRAPHS.map((p) => `<p>${p}</p>`).join(''), { baseUrl: null });
    expect(htmlToText(bare.contentHtml)).toContain(PARAGRAPHS[1]);
    // linkedom alone keeps what follows </body> outside the body, where Readability climbs past the
    // document looking for <body> and throws ("reading 'tagName'").
    const after = `<!DOCTYPE html><html><head><title>t</title></head><body><div>Menu</div></body>${PARAGRAPHS.map((p, i) => `<div class="c${i}"><p>${p}</p><p>${p}</p></div>`).join('')}</html>`;
    const page = extractArticle(after, { baseUrl: null });
    expect(htmlToText(page.contentHtml)).toContain(PARAGRAPHS[2]);
  });

  it('skips a clean-up step that throws, saves without it and says so', () => {
    // Make element removal fail on one element only: the page-chrome step meets it, nothing else does.
    const probe = (parseHTML('<html><body><nav></nav></body></html>') as unknown as { document: Document }).document.querySelector('nav')!;
    let proto: object | null = probe;
    while (proto && !Object.prototype.hasOwnProperty.call(proto, 'remove')) proto = Object.getPrototypeOf(proto);
    const original = (proto as { remove: () => void }).remove;
    vi.spyOn(proto as { remove: () => void }, 'remove').mockImplementation(function (this: Element) {
      if (this.hasAttribute?.('data-explode')) throw new TypeError("Cannot read properties of null (reading 'getAttribute')");
      return original.call(this);
    });
    const page = extractArticle(articlePage({ beforeArticle: '<nav data-explode>Home · World · Sport</nav>' }), { baseUrl: null });
    expect(htmlToText(page.contentHtml)).toContain(PARAGRAPHS[3]);
    expect(page.warnings).toHaveLength(1);
    expect(page.warnings[0]).toMatch(/"remove page chrome" step failed on this page \(Cannot read properties of null.*saved without it/);
  });

  it('reads the page as it came when Readability throws after the clean-up', () => {
    vi.spyOn(Readability.prototype, 'parse').mockImplementationOnce(() => {
      throw new TypeError("Cannot read properties of null (reading 'tagName')");
    });
    const page = extractArticle(articlePage({}), { baseUrl: null });
    expect(htmlToText(page.contentHtml)).toContain(PARAGRAPHS[0]);
    expect(page.warnings.join(' ')).toMatch(/Readability failed after Offprint's clean-up \(Cannot read properties of null \(reading 'tagName'\)\)/);
  });

  it('still fails, in words, on a page with no article text at all', () => {
    expect(() => extractArticle('<html><head><title>x</title></head><body></body></html>', { baseUrl: null })).toThrow(/could not find an article/);
  });
});
