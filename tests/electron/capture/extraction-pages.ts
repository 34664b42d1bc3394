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

export const LEAD = 'A late boat will link the old port and the island from the spring, after the harbour authority ended a decade of argument over noise and cost.';

/**
 * A page with its lead in the header beside the headline, outside the article's body, as many news
 * sites lay it out; its description meta tag says the same (cut short, as sites do).
 */
export function pageWithLead(options: { description?: string; leadElsewhere?: boolean } = {}): string {
  const description = options.description ?? `${LEAD.slice(0, 100)}…`;
  const header = `<header class="article-header"><p class="kicker"><a href="/city">City</a></p><h1>${TITLE}</h1>${options.leadElsewhere ? '' : `<p class="deck">${LEAD}</p>`}<p class="byline">By Ana Ferreira, 4 March 2024</p></header>`;
  const body = PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n');
  const elsewhere = options.leadElsewhere ? `<section class="more"><h2>Around the harbour</h2>${PARAGRAPHS.slice(0, 5).map((p) => `<p>${p.split(',')[0]}.</p>`).join('')}<p>${LEAD}</p></section>` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${TITLE}</title><meta property="og:description" content="${description}"></head>
<body><nav><a href="/">Home</a></nav>
<main><div class="hero"><div class="hero-inner">${header}</div></div>
<div class="layout"><div class="article-body">${body}</div><aside class="rail"><a href="/a">Tram strike ends</a></aside></div>${elsewhere}</main>
<footer><p>© Harbour News</p></footer></body></html>`;
}
