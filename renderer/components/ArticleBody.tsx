import DOMPurify from 'dompurify';
import { type MouseEvent, useMemo } from 'react';

/**
 * Sanitises once more and shows an image that is not stored as its description, never as a broken
 * icon (its caption stays below it).
 */
function prepare(html: string): string {
  const fragment = DOMPurify.sanitize(html, {
    FORBID_TAGS: ['style', 'form', 'iframe'],
    FORBID_ATTR: ['style'],
    ADD_ATTR: ['data-offprint-src'],
    RETURN_DOM_FRAGMENT: true,
  });
  for (const img of Array.from(fragment.querySelectorAll('img:not([src])'))) {
    const missing = document.createElement('span');
    missing.className = 'missing-image';
    missing.setAttribute('role', 'img');
    const alt = img.getAttribute('alt')?.trim();
    missing.setAttribute('aria-label', alt ? `Image not saved: ${alt}` : 'Image not saved');
    missing.textContent = alt || 'Image not saved offline';
    img.replaceWith(missing);
  }
  const container = document.createElement('div');
  container.append(fragment);
  return container.innerHTML;
}

interface Props {
  html: string;
  lang: string | null;
  dir: 'ltr' | 'rtl' | null;
  textSize: number;
}

/**
 * The saved article's body. The HTML was sanitised when it was saved; it is sanitised once more here
 * (defence in depth: a library folder edited by hand must not run anything), and the app's CSP
 * forbids scripts and remote loads anyway. Web links open outside the app.
 */
export function ArticleBody({ html, lang, dir, textSize }: Props) {
  const clean = useMemo(() => prepare(html), [html]);
  function onClick(event: MouseEvent<HTMLDivElement>) {
    const link = (event.target as Element).closest('a[href]');
    if (!link) return;
    const href = link.getAttribute('href') ?? '';
    if (href.startsWith('#')) return;
    event.preventDefault();
    if (/^https?:\/\//i.test(href)) window.open(href, '_blank', 'noopener,noreferrer');
  }
  return (
    <div
      className="article-body"
      lang={lang ?? undefined}
      dir={dir ?? 'auto'}
      style={{ fontSize: `${textSize}px` }}
      onClick={onClick}
      dangerouslySetInnerHTML={{ __html: clean }}
    />
  );
}
