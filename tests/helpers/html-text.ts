import { JSDOM } from 'jsdom';
import { elementText } from '../../electron/capture/text';

/** The readable text of article HTML as the library stores it (one paragraph per block), for comparing a corpus page's expected output. */
export function htmlToText(html: string): string {
  const { window } = new JSDOM(`<!DOCTYPE html><body>${html}</body>`);
  try {
    return elementText(window.document.body);
  } finally {
    window.close();
  }
}
