import { extractArticle, prepareFragment } from './extract';
import { finalizeArticle, markMissingImages } from './finalize';
// The capture report and re-extraction (issue 16).
import { describeRemovedChrome } from './chrome-report';
import { keptImages } from './kept-images';

/** The DOM-heavy steps of capture, run in a worker thread so a pathological page cannot freeze the app. */
export const domTasks = {
  extract: extractArticle,
  finalize: finalizeArticle,
  markMissing: markMissingImages,
  prepareFragment,
  describeRemovedChrome,
  keptImages,
};

export type DomTasks = typeof domTasks;
export type DomTaskName = keyof DomTasks;
