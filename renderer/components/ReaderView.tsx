import { type ReactNode, useEffect, useRef, useState } from 'react';
import { decreaseTextSize, increaseTextSize } from '../../shared/text-size';
import type { ArticleSummary, ReadingPosition, Settings } from '../../shared/types';
import { formatDate } from '../format';
import { useReadingTracker } from '../hooks/useReadingTracker';
import { currentPosition, snippetAt } from '../reading-position';
import { ArticleBody } from './ArticleBody';
import { BookmarkButton } from './BookmarkButton';
import { ImagesNotice } from './ImagesNotice';
import { PlaceBookmarkForm } from './PlaceBookmarkForm';
import { ReadingProgressBar } from './ReadingProgressBar';
import { SettingsPanel } from './SettingsPanel';
import { TextSizeControl } from './TextSizeControl';

interface Props {
  /** The article's summary: the header and toolbar show it, so a bookmark or read change re-renders only them. */
  article: ArticleSummary;
  /** The sanitised body, fetched once per opening. */
  html: string;
  settings: Settings;
  initialPosition: ReadingPosition | null;
  onSettings: (patch: Partial<Settings>) => void;
  onToggleBookmark: () => void;
  onRetryImages: () => Promise<void>;
  onSaveProgress: (position: ReadingPosition, progress: number) => void;
  onAddPlace: (position: ReadingPosition, snippet: string, note: string) => void;
  onSetRead: (read: boolean) => void;
  /** "About this copy": the capture report panel, given the way to close it. */
  aboutThisCopy: (onClose: () => void) => ReactNode;
}

/** The reading view: progress bar, toolbar, headline, the body at the reader's settings. */
export function ReaderView(props: Props) {
  const { article, settings, onSettings } = props;
  const articleRef = useRef<HTMLElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [showSettings, setShowSettings] = useState(false);
  const [showAbout, setShowAbout] = useState(false);
  const [placeDraft, setPlaceDraft] = useState<{ position: ReadingPosition; snippet: string } | null>(null);
  const layoutKey = `${settings.textSize}/${settings.lineHeight}/${settings.contentWidth}/${settings.font}`;
  const { progress, scrolled, position } = useReadingTracker({
    articleId: article.id,
    articleRef,
    bodyRef,
    initialPosition: props.initialPosition,
    layoutKey,
    onSave: props.onSaveProgress,
  });

  // Ctrl + wheel over the article changes the text size, not the page zoom.
  useEffect(() => {
    const element = articleRef.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey) return;
      event.preventDefault();
      onSettings({ textSize: event.deltaY < 0 ? increaseTextSize(settings.textSize) : decreaseTextSize(settings.textSize) });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [onSettings, settings.textSize]);

  // The place being read, as last seen while scrolling (reaching the toolbar may scroll the page).
  function startPlaceBookmark() {
    const body = bodyRef.current;
    const here = position.current ?? (body ? currentPosition(body) : null);
    if (body && here) setPlaceDraft({ position: here, snippet: snippetAt(body, here) });
  }

  const published = formatDate(article.publishedTime);
  const original = article.canonicalUrl ?? article.finalUrl ?? article.url;
  const isRead = Boolean(article.readAt);
  return (
    <>
      <ReadingProgressBar value={progress} />
      <article
        ref={articleRef}
        className={`reader font-${settings.font}`}
        aria-labelledby="article-title"
        style={{ ['--reader-width' as string]: `${settings.contentWidth}ch`, ['--reader-line-height' as string]: String(settings.lineHeight) }}
      >
        <div className="reader-toolbar">
          <a href="#/" className="back-link">
            ← Library
          </a>
          <TextSizeControl size={settings.textSize} onChange={(textSize) => onSettings({ textSize })} />
          <button type="button" aria-expanded={showSettings} onClick={() => setShowSettings((v) => !v)}>
            Settings
          </button>
          <BookmarkButton bookmarked={article.bookmarked} onToggle={props.onToggleBookmark} showLabel />
          <button type="button" onClick={startPlaceBookmark}>
            Bookmark this place
          </button>
          <button type="button" aria-pressed={isRead} onClick={() => props.onSetRead(!isRead)}>
            {isRead ? 'Mark unread' : 'Mark read'}
          </button>
          <button type="button" aria-expanded={showAbout} onClick={() => setShowAbout((v) => !v)}>
            About this copy
          </button>
        </div>
        {showSettings && <SettingsPanel settings={settings} onChange={onSettings} onClose={() => setShowSettings(false)} />}
        {showAbout && props.aboutThisCopy(() => setShowAbout(false))}
        {placeDraft && (
          <PlaceBookmarkForm
            snippet={placeDraft.snippet}
            onCancel={() => setPlaceDraft(null)}
            onSave={(note) => {
              props.onAddPlace(placeDraft.position, placeDraft.snippet, note);
              setPlaceDraft(null);
            }}
          />
        )}
        <header className="reader-header" lang={article.lang ?? undefined} dir={article.dir ?? 'auto'}>
          {article.siteName && <p className="reader-site">{article.siteName}</p>}
          <h1 id="article-title">{article.title}</h1>
          <p className="reader-meta">
            {[article.byline, published ? `Published ${published}` : null, `${article.readingMinutes} min read`].filter(Boolean).join(' · ')}
          </p>
          {original && (
            <p className="reader-original">
              <a href={original} target="_blank" rel="noopener noreferrer">
                Original article
              </a>
            </p>
          )}
        </header>
        <ImagesNotice images={article.images} onRetry={props.onRetryImages} />
        <div id="article-body" tabIndex={-1} ref={bodyRef}>
          <ArticleBody html={props.html} lang={article.lang} dir={article.dir} textSize={settings.textSize} />
        </div>
        <p className="reader-end">{isRead ? 'You have finished this article.' : ''}</p>
      </article>
      {scrolled && (
        <button type="button" className="back-to-top" onClick={() => window.scrollTo({ top: 0, behavior: 'smooth' })}>
          Back to top
        </button>
      )}
    </>
  );
}
