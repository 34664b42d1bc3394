import type { ReactNode } from 'react';
import type { ArticleSummary } from '../../shared/types';
import { formatDate } from '../format';
import { Dialog } from './Dialog';
import { ImagesNotice } from './ImagesNotice';

interface Props {
  article: ArticleSummary;
  onRetryImages: () => Promise<ArticleSummary | void>;
  onClose: () => void;
  returnFocus?: () => HTMLElement | null;
  /** More about the copy (its capture report), below what the summary says. */
  children?: ReactNode;
}

const SOURCES: Record<ArticleSummary['source'], string> = { url: 'Saved from the web', html: 'Saved from a page file', text: 'Pasted or opened text' };

/** "About this copy": what Offprint keeps of the article and where it came from. Props only. */
export function AboutCopyDialog({ article, onRetryImages, onClose, returnFocus, children }: Props) {
  const rows: [string, ReactNode][] = [
    ['Saved', formatDate(article.savedAt)],
    ['How', SOURCES[article.source]],
    ['Address', article.url],
    ['Canonical address', article.canonicalUrl !== article.url ? article.canonicalUrl : null],
    ['Published', formatDate(article.publishedTime)],
    ['Length', `${article.wordCount.toLocaleString('en')} words · ${article.readingMinutes} min read`],
    ['Language', article.lang ? `${article.lang}${article.dir === 'rtl' ? ', right to left' : ''}` : null],
  ];
  return (
    <Dialog title="About this copy" onClose={onClose} returnFocus={returnFocus} initialFocus=".dialog-actions button">
      <dl className="about-copy">
        {rows
          .filter(([, value]) => value)
          .map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <p className="about-offline">Everything here is stored on this computer and opens without the network.</p>
      <ImagesNotice images={article.images} onRetry={onRetryImages} always />
      {children}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
