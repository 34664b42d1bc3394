import { describe, expect, it } from 'vitest';
import { sanitizeToElement } from '../../../electron/capture/sanitize';

const clean = (html: string) => sanitizeToElement(html).innerHTML;

describe('electron/capture/sanitize', () => {
  it('keeps the attributes that say how text reads: direction, language, table spans, sizes, list starts, dates', () => {
    const out = sanitizeToElement(
      `<p dir="rtl" lang="ar">مرحبا بالعالم</p>
       <table><tr><td colspan="2" rowspan="3">cell</td></tr></table>
       <img src="/assets/abc/0123456789abcdef0123456789abcdef.png" width="640" height="480" alt="a figure">
       <ol start="4" reversed><li>four</li></ol>
       <time datetime="2024-03-01T10:00:00Z">1 March</time>
       <bdo dir="ltr">abc</bdo>`,
    );
    expect(out.querySelector('p')!.getAttribute('dir')).toBe('rtl');
    expect(out.querySelector('p')!.getAttribute('lang')).toBe('ar');
    expect(out.querySelector('td')!.getAttribute('colspan')).toBe('2');
    expect(out.querySelector('td')!.getAttribute('rowspan')).toBe('3');
    expect(out.querySelector('img')!.getAttribute('width')).toBe('640');
    expect(out.querySelector('img')!.getAttribute('height')).toBe('480');
    expect(out.querySelector('ol')!.getAttribute('start')).toBe('4');
    expect(out.querySelector('time')!.getAttribute('datetime')).toBe('2024-03-01T10:00:00Z');
    expect(out.querySelector('bdo')!.getAttribute('dir')).toBe('ltr');
  });

  it('checks the scheme of address attributes only: links to the web, mail or the article; images from the app or data:', () => {
    const out = sanitizeToElement(
      `<a id="w" href="https://example.com/">web</a><a id="m" href="mailto:a@example.com">mail</a><a id="f" href="#notes">here</a>
       <a id="j" href="java&#x09;script:alert(1)">js</a><a id="t" href="tel:123">tel</a><a id="a" href="/assets/x/note.html">note</a>
       <a id="r" href="/api/deleteArticle">api</a><a id="x" xlink:href="https://example.com/">x</a>
       <blockquote id="q" cite="javascript:alert(1)">q</blockquote><blockquote id="c" cite="https://example.com/">c</blockquote>
       <img id="i1" src="https://example.com/remote.png" alt="remote"><img id="i2" src="data:image/png;base64,AAAA" alt="data">
       <img id="i3" src="/assets/x/0123456789abcdef0123456789abcdef.png" data-offprint-src="javascript:alert(1)" alt="stored">`,
    );
    const attr = (id: string, name: string) => out.querySelector(`#user-content-${id}`)!.getAttribute(name);
    expect(attr('w', 'href')).toBe('https://example.com/');
    expect(attr('m', 'href')).toBe('mailto:a@example.com');
    expect(attr('f', 'href')).toBe('#notes');
    for (const id of ['j', 't', 'a', 'r']) expect(attr(id, 'href'), id).toBeNull();
    expect(attr('x', 'xlink:href')).toBeNull();
    expect(attr('q', 'cite')).toBeNull();
    expect(attr('c', 'cite')).toBe('https://example.com/');
    expect(attr('i1', 'src')).toBeNull();
    expect(attr('i2', 'src')).toBe('data:image/png;base64,AAAA');
    expect(attr('i3', 'src')).toBe('/assets/x/0123456789abcdef0123456789abcdef.png');
    expect(attr('i3', 'data-offprint-src')).toBeNull();
  });

  it('removes image maps: no map, no area (not even shape="#"), no usemap', () => {
    const html = clean(
      `<figure><img src="/assets/x/0123456789abcdef0123456789abcdef.png" usemap="#m" ismap alt="figure">
       <map name="m"><area shape="#" coords="#0,0,4000,4000" href="/assets/x/note.html" alt="note"><area shape="rect" coords="0,0,10,10" href="https://example.com/"></map></figure>`,
    );
    expect(html).not.toMatch(/<map|<area|usemap|ismap|note\.html/i);
    expect(html).toContain('alt="figure"');
  });

  it('drops attributes that reach the app around the article: focus order, shortcuts, labels, popovers, commands', () => {
    const out = sanitizeToElement(
      `<p tabindex="1" accesskey="b" popover="auto">p</p><label for="search">l</label><a href="https://example.com/" download popovertarget="x" popovertargetaction="show" command="show-modal" commandfor="x">a</a>`,
    );
    expect(out.innerHTML).not.toMatch(/tabindex|accesskey|popover|for=|download|command/);
  });
});
