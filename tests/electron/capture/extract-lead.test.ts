import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../electron/capture/extract';
import { htmlToText } from '../../helpers/html-text';
import { LEAD, PARAGRAPHS, pageWithLead } from './extraction-pages';

function textOf(html: string, skip: ('find the lead' | 'restore the lead')[] = []): string {
  return htmlToText(extractArticle(html, { baseUrl: 'https://news.example/2024/ferry', skipSteps: skip }).contentHtml);
}

describe('electron/capture/extract: the lead', () => {
  it('Readability alone leaves out a lead that sits in the header (what the rule is for)', () => {
    expect(textOf(pageWithLead(), ['find the lead', 'restore the lead'])).not.toContain(LEAD);
  });

  it('puts the lead the page describes itself with back at the start of the article', () => {
    const text = textOf(pageWithLead());
    expect(text.startsWith(LEAD)).toBe(true);
    expect(text).toContain(PARAGRAPHS[0]);
    // Only the lead: the byline and kicker beside it stay out.
    expect(text).not.toContain('By Ana Ferreira');
  });

  it('does not take a paragraph far from the article start that happens to say the same', () => {
    expect(textOf(pageWithLead({ leadElsewhere: true }))).not.toContain(LEAD.slice(0, 60));
  });

  it('does not take anything when the description is a tagline', () => {
    const text = textOf(pageWithLead({ description: 'Harbour News' }));
    expect(text).not.toContain(LEAD);
  });
});
