import { type ReactNode, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { decreaseTextSize, increaseTextSize } from '../../shared/text-size';
import type { AnchoredHighlight, ArticleNote, ArticleSummary, PlaceBookmark, ReadingPosition, Settings } from '../../shared/types';
import { findFirst, flashBlock, highlight, scrollClearOfBar } from '../find-in-article';
import { useBarHidden } from '../hooks/useBarVisibility';
import { useReadingTracker } from '../hooks/useReadingTracker';
import { currentPosition, snippetAt } from '../reading-position';
import { AboutCopyDialog } from './AboutCopyDialog';
import { DownloadBadge } from './DownloadBadge';
import { ArticleBody } from './ArticleBody';
import { ArticleEnd } from './ArticleEnd';
import { ArticleHeader } from './ArticleHeader';
import { ArticleMarks, type MarkActions } from './ArticleMarks';
import { ImagesNotice } from './ImagesNotice';
import { PlaceNotes } from './PlaceNotes';
import { ReaderBar } from './ReaderBar';
import { ReadingProgressBar } from './ReadingProgressBar';

export interface ReaderActions extends MarkActions {
  /** Opens the tag editor (t). */
  onEditTags: () => void;
  onSettings: (patch: Partial<Settings>) => void;
  onToggleBookmark: () => void;
  onRetryImages: () => Promise<ArticleSummary | void>;
  onSaveProgress: (position: ReadingPosition, progress: number) => void;
  onAddPlace: (position: ReadingPosition, snippet: string, note: string) => void;
  onSetRead: (read: boolean) => void;
  onToggleArchived: () => void;
  onDelete: () => void;
  /** Opens the next unread article; null when there is none. */
  onNextUnread: (() => void) | null;
  /** Tries a failed download of an imported article again (issue 15). */
  onRetryDownload?: () => void;
  /** The capture report's part of "About this copy" (issue 16), given the way to close the dialog. */
  aboutThisCopy?: (onClose: () => void) => ReactNode;
}

interface Props extends ReaderActions {
  /** The article's summary: the bar and header show it, so a bookmark or read change re-renders only them. */
  article: ArticleSummary;
  /** The sanitised body, fetched once per opening. */
  html: string;
  places: readonly PlaceBookmark[];
  highlights: readonly AnchoredHighlight[];
  note: ArticleNote | null;
  settings: Settings;
  initialPosition: ReadingPosition | null;
  /** Opened at a bookmarked place: it is flashed and its note shown. */
  openedPlace: ReadingPosition | null;
  /** Opened from a search result: the first match of this word is scrolled to and highlighted. */
  find: string | null;
  /** Opened from the Highlights view: that highlight is scrolled to and its card opened. */
  openHighlight?: string | null;
  backHref: string;
}

/**
 * The reading view: one slim bar, then the article alone, its whole type sized from the chosen text
 * size (headline 1.6 em, meta 0.8 em, captions 0.85 em, the column in characters of it).
 */
export function ReaderView(props: Props) {
  const { article, settings, onSettings } = props;
  const articleRef = useRef<HTMLElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [placeDraft, setPlaceDraft] = useState<{ position: ReadingPosition; snippet: string } | null>(null);
  const [about, setAbout] = useState(false);
  const barHidden = useBarHidden();
  const layoutKey = `${settings.textSize}/${settings.lineHeight}/${settings.contentWidth}/${settings.font}`;
  const { progress, scrolled, position } = useReadingTracker({
    articleId: article.id,
    articleRef,
    bodyRef,
    initialPosition: props.initialPosition,
    layoutKey,
    onSave: props.onSaveProgress,
  });

  // Opened at a place: the passage flashes. Opened from a search: its first match, highlighted, clear of the bar.
  const { openedPlace, find } = props;
  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    if (openedPlace) flashBlock(body, openedPlace.block);
    if (!find) return;
    const range = findFirst(body, find);
    if (!range) return;
    scrollClearOfBar(range.getBoundingClientRect().top, settings.textSize * settings.lineHeight);
    return highlight(range);
    // Once per opening (the settings are read as they are then); a later text size keeps the reading position instead.
  }, [article.id, openedPlace, find]);

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

  // The place being read, as last seen while scrolling (opening the popover scrolls nothing).
  function startPlaceBookmark() {
    const body = bodyRef.current;
    const here = position.current ?? (body ? currentPosition(body) : null);
    if (body && here) setPlaceDraft({ position: here, snippet: snippetAt(body, here) });
  }

  function goToPanel() {
    const panel = document.getElementById('highlights-panel');
    panel?.scrollIntoView();
    panel?.querySelector<HTMLElement>('button, textarea')?.focus({ preventScroll: true });
  }

  const original = article.canonicalUrl ?? article.finalUrl ?? article.url;
  const isRead = Boolean(article.readAt);
  const moreButton = () => document.querySelector<HTMLElement>('.reader-bar [aria-haspopup="menu"]');
  const currentPlaceId = openedPlace ? (props.places.find((p) => p.position.block === openedPlace.block && p.position.offset === openedPlace.offset)?.placeId ?? null) : null;
  return (
    <>
      <ReadingProgressBar value={progress} />
      <ReaderBar
        article={article}
        settings={settings}
        backHref={props.backHref}
        hidden={barHidden}
        onSettings={onSettings}
        onToggleBookmark={props.onToggleBookmark}
        place={placeDraft}
        onPlaceCancel={() => setPlaceDraft(null)}
        onPlaceSave={(note) => {
          if (placeDraft) props.onAddPlace(placeDraft.position, placeDraft.snippet, note);
          setPlaceDraft(null);
        }}
        menu={[
          { label: 'Bookmark this place', onSelect: startPlaceBookmark },
          { label: 'Edit tags…', onSelect: props.onEditTags },
          { label: props.highlights.length ? `Highlights and notes (${props.highlights.length})` : 'Highlights and notes', onSelect: goToPanel },
          { label: isRead ? 'Mark unread' : 'Mark read', onSelect: () => props.onSetRead(!isRead) },
          { label: article.archivedAt ? 'Unarchive' : 'Archive', onSelect: props.onToggleArchived },
          ...(original ? [{ label: 'Open original', onSelect: () => void window.open(original, '_blank', 'noopener,noreferrer') }] : []),
          { label: 'About this copy', onSelect: () => setAbout(true) },
          { label: 'Delete', danger: true, onSelect: props.onDelete },
        ]}
      />
      <article
        ref={articleRef}
        className={`reader font-${settings.font}`}
        aria-labelledby="article-title"
        style={{ fontSize: `${settings.textSize}px`, ['--reader-width' as string]: `${settings.contentWidth}ch`, ['--reader-line-height' as string]: String(settings.lineHeight) }}
      >
        <div className="reader-column">
          <ArticleHeader article={article} onEditTags={props.onEditTags} />
          {(article.download || article.archivedCopy) && (
            <p className="reader-download">
              <DownloadBadge article={article} onRetry={props.onRetryDownload} />
            </p>
          )}
          <ImagesNotice images={article.images} onRetry={props.onRetryImages} />
          <div id="article-body" tabIndex={-1} ref={bodyRef}>
            <ArticleBody html={props.html} lang={article.lang} dir={article.dir} textSize={settings.textSize} title={article.title} />
          </div>
          <ArticleMarks
            bodyRef={bodyRef}
            html={props.html}
            highlights={props.highlights}
            note={props.note}
            openHighlight={props.openHighlight ?? null}
            onAddHighlight={props.onAddHighlight}
            onUpdateHighlight={props.onUpdateHighlight}
            onDeleteHighlight={props.onDeleteHighlight}
            onSaveArticleNote={props.onSaveArticleNote}
            onExportHighlights={props.onExportHighlights}
          />
          <PlaceNotes places={props.places} bodyRef={bodyRef} layoutKey={layoutKey} currentPlaceId={currentPlaceId} />
          <ArticleEnd read={isRead} archived={Boolean(article.archivedAt)} onArchive={props.onToggleArchived} onNextUnread={props.onNextUnread} />
        </div>
      </article>
      {about && (
        <AboutCopyDialog article={article} onRetryImages={props.onRetryImages} onClose={() => setAbout(false)} returnFocus={moreButton}>
          {props.aboutThisCopy?.(() => setAbout(false))}
        </AboutCopyDialog>
      )}
      {scrolled && (
        <button type="button" className="back-to-top" onClick={() => window.scrollTo({ top: 0, behavior: 'smooth' })}>
          Back to top
        </button>
      )}
    </>
  );
}
