import DOMPurify from 'dompurify';
import { memo, type MouseEvent, useMemo } from 'react';
import { BLOCK_SELECTOR } from '../reading-position';
import { NOT_TEXT_ATTRIBUTE } from '../text-map';

/**
 * Sanitises once more and shows an image that is not stored as its description, never as a broken
 * icon (its caption stays below it).
 */
function prepare(html: string, title: string | undefined): string {
  const fragment = DOMPurify.sanitize(html, {
    // Image maps are links over a figure; the capture sanitiser forbids them too.
    FORBID_TAGS: ['style', 'form', 'iframe', 'map', 'area'],
    FORBID_ATTR: ['style', 'usemap', 'ismap'],
    ADD_ATTR: ['data-offprint-src'],
    RETURN_DOM_FRAGMENT: true,
  });
  for (const img of Array.from(fragment.querySelectorAll('img:not([src])'))) {
    const missing = document.createElement('span');
    missing.className = 'missing-image';
    // Words the reader adds, not the article's: highlights count the article's text only.
    missing.setAttribute(NOT_TEXT_ATTRIBUTE, '');
    missing.setAttribute('role', 'img');
    const alt = img.getAttribute('alt')?.trim();
    missing.setAttribute('aria-label', alt ? `Image not saved: ${alt}` : 'Image not saved');
    missing.textContent = alt || 'Image not saved offline';
    img.replaceWith(missing);
  }
  const container = document.createElement('div');
  container.append(fragment);
  if (title) hideRepeatedTitle(container, title);
  return container.innerHTML;
}

const squash = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * A body that starts with a heading repeating the title would show the headline twice (the Korean
 * article does). It is hidden, not removed: reading positions and bookmarked places count the
 * body's blocks, and must keep pointing at the same paragraphs.
 */
function hideRepeatedTitle(container: Element, title: string): void {
  const first = container.querySelector(BLOCK_SELECTOR);
  if (!first || !/^H[1-3]$/.test(first.tagName)) return;
  const heading = squash(first.textContent ?? '');
  const wanted = squash(title);
  if (heading && (heading === wanted || (heading.length > 8 && wanted.startsWith(heading)) || (wanted.length > 8 && heading.startsWith(wanted)))) {
    first.setAttribute('hidden', '');
    first.classList.add('repeated-title');
  }
}

const XLINK = 'http://www.w3.org/1999/xlink';

/** The address of the link-like element the event happened in (`a`, `area`, SVG `a` with `href` or `xlink:href`, anything with `href`), or null. */
function linkTarget(target: EventTarget | null, container: Element): string | null {
  for (let el = target instanceof Element ? target : null; el && el !== container; el = el.parentElement) {
    const href = el.getAttribute('href') ?? el.getAttributeNS(XLINK, 'href');
    if (href !== null) return href;
  }
  return null;
}

/**
 * Keeps every activation of a link in the article (click, middle click, Enter, with or without
 * modifier keys) from navigating the reader: web links open outside the app, a place in the
 * article is scrolled to, anything else does nothing.
 */
function followLink(event: MouseEvent<HTMLDivElement>): void {
  const href = linkTarget(event.target, event.currentTarget);
  if (href === null) return;
  event.preventDefault();
  if (event.type !== 'click') return;
  if (href.startsWith('#')) {
    // Ids in a saved article carry the sanitiser's prefix; the hash is the app's own router.
    const name = href.slice(1);
    const place = Array.from(event.currentTarget.querySelectorAll('[id]')).find((el) => el.id === `user-content-${name}` || el.id === name);
    place?.scrollIntoView();
    return;
  }
  if (/^https?:\/\//i.test(href)) window.open(href, '_blank', 'noopener,noreferrer');
}

interface Props {
  html: string;
  lang: string | null;
  dir: 'ltr' | 'rtl' | null;
  textSize: number;
  /** The article's title: a first heading that repeats it is not shown twice. */
  title?: string;
}

/**
 * The saved article's body. The HTML was sanitised when it was saved; it is sanitised once more here
 * (defence in depth: a library folder edited by hand must not run anything), and the app's CSP
 * forbids scripts and remote loads anyway. Web links open outside the app.
 */
export const ArticleBody = memo(function ArticleBody({ html, lang, dir, textSize, title }: Props) {
  const clean = useMemo(() => prepare(html, title), [html, title]);
  return (
    <div
      className="article-body"
      lang={lang ?? undefined}
      dir={dir ?? 'auto'}
      style={{ fontSize: `${textSize}px` }}
      onClick={followLink}
      onAuxClick={followLink}
      dangerouslySetInnerHTML={{ __html: clean }}
    />
  );
});
