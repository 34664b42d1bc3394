import { describe, expect, it } from 'vitest';
import { normalizeArticleUrl, parseWebUrl } from '../../shared/url';

describe('shared/url', () => {
  it('accepts only http and https addresses', () => {
    expect(parseWebUrl('https://example.com/a')?.href).toBe('https://example.com/a');
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'ftp://example.com', 'not a url', '', 'http://']) {
      expect(parseWebUrl(bad)).toBeNull();
    }
  });

  it('recognises the same article behind cosmetic differences', () => {
    const base = normalizeArticleUrl('https://example.com/news/story?id=7&page=2');
    for (const same of [
      'HTTPS://Example.COM:443/news/story?page=2&id=7',
      'https://example.com/news/story/?id=7&page=2#comments',
      'https://example.com/news/story?utm_source=tw&id=7&fbclid=abc&page=2&gclid=z&utm_campaign=q',
    ]) {
      expect(normalizeArticleUrl(same)).toBe(base);
    }
    expect(normalizeArticleUrl('https://example.com/news/story?id=8&page=2')).not.toBe(base);
    expect(normalizeArticleUrl('http://example.com/news/story?id=7&page=2')).not.toBe(base);
  });
});
