/** Small article pages for the extraction tests, built like real news pages: chrome around an article. */

export const TITLE = 'Harbour authority approves the new night ferry';

export const PARAGRAPHS = [
  'The harbour authority voted on Tuesday to approve a night ferry between the old port and the island, ending a decade of argument over noise, cost and who would pay for the extra crossings.',
  'Supporters said the late service would let nurses, cooks and cleaners on the island get home after evening shifts without paying for a water taxi, which can cost more than a day’s wages.',
  'Residents near the terminal had asked for quieter engines. The operator agreed to run its two newest hybrid boats after ten at night and to keep the foghorn for emergencies only.',
  'The first crossing is planned for the spring. Fares will match the day service, and monthly passes will be valid on every boat, the authority said in a statement after the vote.',
  'Island shopkeepers expect more visitors on weekend evenings, and two restaurants near the pier have already said they will stay open until the last boat leaves for the mainland.',
  'The authority will review the service after a year, looking at how many people use the late boats, what the crossings cost, and whether neighbours of the terminal still complain.',
];

export interface PageParts {
  /** Attributes of the <html> element. */
  htmlAttributes?: string;
  /** Attributes of the element that wraps the article's paragraphs. */
  wrapperAttributes?: string;
  /** Markup before and after the article, inside <body>. */
  beforeArticle?: string;
  afterArticle?: string;
  /** Markup inside the article, after its paragraphs. */
  insideArticle?: string;
  /** Paragraphs to use instead of PARAGRAPHS. */
  paragraphs?: string[];
}

/** A news page: header with navigation, the article, a sidebar of headlines, a footer. */
export function articlePage(parts: PageParts): string {
  const paragraphs = (parts.paragraphs ?? PARAGRAPHS).map((p) => `<p>${p}</p>`).join('\n');
  return `<!DOCTYPE html>
<html ${parts.htmlAttributes ?? 'lang="en"'}><head><meta charset="utf-8"><title>${TITLE} | Harbour News</title></head>
<body>
<header><a href="/">Harbour News</a><nav><a href="/world">World</a> <a href="/city">City</a> <a href="/sport">Sport</a></nav></header>
${parts.beforeArticle ?? ''}
<div class="main-column">
<h1>${TITLE}</h1>
<div ${parts.wrapperAttributes ?? 'class="story-body"'}>
${paragraphs}
${parts.insideArticle ?? ''}
</div>
</div>
${parts.afterArticle ?? ''}
<aside class="sidebar"><h2>Latest</h2><ul>${['Tram strike ends', 'New library opens', 'Storm closes beaches'].map((t, i) => `<li><a href="/n/${i}">${t}</a></li>`).join('')}</ul></aside>
<footer><p>© Harbour News. All rights reserved. <a href="/privacy">Privacy</a></p></footer>
</body></html>`;
}
