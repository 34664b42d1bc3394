import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
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

  it('orders query keys the same under every process locale (sv_SE sorts "ä" after "z", en_US before)', () => {
    const input = 'https://example.com/a?z=1&%C3%A4=2&a=3&%C3%B6=4&o=5';
    const inLocale = (locale: string) =>
      execFileSync(process.execPath, ['--import', 'tsx', '-e', `import { normalizeArticleUrl } from ${JSON.stringify(resolve(__dirname, '../../shared/url.ts'))}; process.stdout.write(String(new Intl.Collator().resolvedOptions().locale) + ' ' + normalizeArticleUrl(${JSON.stringify(input)}));`], {
        env: { ...process.env, LC_ALL: locale, LANG: locale },
        encoding: 'utf8',
        cwd: resolve(__dirname, '../..'),
      });
    const swedish = inLocale('sv_SE.UTF-8');
    const english = inLocale('en_US.UTF-8');
    // The collators really differ (so the test would catch localeCompare), and the addresses do not.
    expect(swedish.split(' ')[0]).toMatch(/^sv/);
    expect(english.split(' ')[0]).toMatch(/^en/);
    expect(['ä', 'z'].sort(new Intl.Collator('sv').compare)).toEqual(['z', 'ä']);
    expect(['ä', 'z'].sort(new Intl.Collator('en').compare)).toEqual(['ä', 'z']);
    expect(swedish.split(' ')[1]).toBe(english.split(' ')[1]);
    expect(english.split(' ')[1]).toBe('https://example.com/a?a=3&o=5&z=1&%C3%A4=2&%C3%B6=4');
  });
});
