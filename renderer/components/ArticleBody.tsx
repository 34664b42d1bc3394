import DOMPurify from 'dompurify';
import { type MouseEvent, useMemo } from 'react';

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
  const clean = useMemo(() => DOMPurify.sanitize(html, { FORBID_TAGS: ['style', 'form', 'iframe'], FORBID_ATTR: ['style'] }), [html]);
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
