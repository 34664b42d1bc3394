import { describe, expect, it } from 'vitest';
import { chooseCandidate, extractArticle } from '../../../electron/capture/extract';
import { htmlToText } from '../../helpers/html-text';
import type { CandidateShape } from '../../../electron/capture/prose';
import { articlePage, PARAGRAPHS } from './extraction-pages';

function textOf(html: string): string {
  return htmlToText(extractArticle(html, { baseUrl: 'https://news.example/story' }).contentHtml);
}

/** Real furniture inside the article, which must still go whatever wraps the article. */
const FURNITURE = `
<div class="share-bar"><a href="https://facebook.example/share">Facebook</a> <a href="https://x.example/share">Share on X</a></div>
<div class="ad-slot"><p>Advertisement</p></div>
<div class="newsletter-box"><p>Get the morning briefing in your inbox.</p></div>`;

describe('electron/capture/extract: the guard against losing the article', () => {
  // Article wrappers whose class names contain a chrome word, as real sites name them.
  it.each([
    'class="margin_top_10 ad_body"',
    'class="entry themeform share"',
    'class="entry-content no-share"',
    'class="share-zone"',
    'class="js-progress-container"',
    'class="font-size-default"',
    'class="post category-popular"',
    'class="js-dynamic-advertorial"',
    'class="category-white-label-native-advertising-platform"',
    'id="share-article"',
  ])('keeps an article whose wrapper has %s, and still removes the furniture in it', (wrapperAttributes) => {
    const text = textOf(articlePage({ wrapperAttributes, insideArticle: FURNITURE }));
    for (const paragraph of PARAGRAPHS) expect(text).toContain(paragraph);
    for (const furniture of ['Share on X', 'Advertisement', 'morning briefing']) expect(text).not.toContain(furniture);
  });

  it('keeps paragraphs that carry a font-size class of the block editor (has-normal-font-size)', () => {
    const paragraphs = PARAGRAPHS.map((p) => `<p class="has-normal-font-size">${p}</p>`).join('');
    const text = textOf(articlePage({ paragraphs: [], insideArticle: paragraphs }));
    for (const paragraph of PARAGRAPHS) expect(text).toContain(paragraph);
  });

  it('still removes a text-size control and a share block that are only furniture', () => {
    const controls = '<div class="txt_size_layer"><a href="#">Small</a> <a href="#">Large</a> Text Size</div><div class="social-follow">Join us on social!</div>';
    const text = textOf(articlePage({ insideArticle: controls }));
    expect(text).toContain(PARAGRAPHS[5]);
    for (const furniture of ['Text Size', 'Join us on social!']) expect(text).not.toContain(furniture);
  });

  it('keeps an article wrapped in a form or a hidden block (as ASP.NET pages and open menus leave them)', () => {
    const inForm = articlePage({ beforeArticle: '<form id="aspnetForm" action="/story">', afterArticle: '</form>' });
    const inHidden = articlePage({ wrapperAttributes: 'class="story-body" aria-hidden="true"' });
    for (const page of [inForm, inHidden]) {
      const text = textOf(page);
      for (const paragraph of PARAGRAPHS) expect(text).toContain(paragraph);
    }
  });

  it('reads the page as it came when the clean-up took most of the article anyway', () => {
    // Each form holds a third of the prose, under the share that marks "the article": all three go,
    // and Readability is left with the sidebar. The guard sees the prose removed and asks bare Readability.
    const pairs = [0, 2, 4].map((i) => `<form action="/rate/${i}"><p>${PARAGRAPHS[i]}</p><p>${PARAGRAPHS[i + 1]}</p></form>`).join('');
    const page = articlePage({ paragraphs: [], insideArticle: pairs });
    const text = textOf(page);
    for (const paragraph of PARAGRAPHS) expect(text).toContain(paragraph);
  });

  describe('chooseCandidate', () => {
    const shape = (prose: number, paragraphs: number, linkDensity = 0.05): { shape: CandidateShape } => ({
      shape: { prose, paragraphs, textChars: Math.round(prose / (1 - linkDensity)), linkDensity },
    });

    it('prefers the cleaned article when both have about the same prose (the bare one only adds furniture)', () => {
      const cleaned = shape(4000, 12);
      expect(chooseCandidate(cleaned, shape(4300, 13))).toBe(cleaned);
    });

    it('takes the bare article when it has much more prose in more paragraphs', () => {
      const bare = shape(4000, 12);
      expect(chooseCandidate(shape(600, 2), bare)).toBe(bare);
    });

    it('takes the bare article when the cleaned one is mostly links, and never a bare one that is', () => {
      const bare = shape(900, 4);
      expect(chooseCandidate(shape(300, 1, 0.8), bare)).toBe(bare);
      const cleaned = shape(600, 2);
      expect(chooseCandidate(cleaned, shape(5000, 14, 0.7))).toBe(cleaned);
    });

    it('takes whichever exists when one is missing', () => {
      const only = shape(100, 1);
      expect(chooseCandidate(null, only)).toBe(only);
      expect(chooseCandidate(only, null)).toBe(only);
      expect(chooseCandidate(null, null)).toBeNull();
    });
  });
});
