/**
 * Injection vectors planted in saved pages (tests/e2e/injection.test.ts). Each one, if it ran, would
 * set a sentinel: `window.__xss`, the document title, a dialog, a navigation, or a request to the
 * sentinel server (`SENTINEL` is replaced by its origin, `PNG` by a 1×1 PNG as base64). Sources:
 * OWASP's XSS filter-evasion cheat sheet, the HTML5 Security Cheatsheet, PortSwigger's XSS cheat
 * sheet, and published DOMPurify bypasses (mutation XSS through foreign content and raw-text
 * elements). `head` goes into the page's <head>, `body` into its article, between real paragraphs.
 * `ARTICLE` stands for an article id, as in the stored-file addresses `/assets/<id>/<file>`.
 */
export interface Vector {
  name: string;
  head?: string;
  body: string;
  /** Attributes on the page's <body> element. */
  bodyAttrs?: string;
  /** An element of the article to activate in the reader (click, middle click, Enter): nothing may navigate or open. */
  click?: string;
  /** Harmless markup that must survive saving: each selector must match in the stored and the rendered article. */
  keeps?: string[];
  /** An element that must read right to left in the reader. */
  rtl?: string;
}

const set = (name: string) => `window.__xss='${name}';document.title='XSS ${name}'`;

export const VECTORS: Vector[] = [
  // Scripts
  { name: 'script element', body: `<script>${set('script')}</script>` },
  { name: 'script src', body: `<script src="SENTINEL/script.js"></script>` },
  { name: 'script in head', head: `<script>${set('head-script')}</script>`, body: '' },
  { name: 'script type module', body: `<script type="module">${set('module')}</script>` },
  { name: 'script split by comment', body: `<scr<!-- -->ipt>${set('split')}</script>` },
  { name: 'uppercase SCRIPT', body: `<SCRIPT>${set('upper')}</SCRIPT>` },
  // Event handlers
  { name: 'img onerror', body: `<img src="x" onerror="${set('img-onerror')}">` },
  { name: 'img onload (data image)', body: `<img src="data:image/png;base64,PNG" onload="${set('img-onload')}" alt="pixel">` },
  { name: 'svg onload', body: `<svg onload="${set('svg-onload')}"></svg>` },
  { name: 'body onload', bodyAttrs: `onload="${set('body-onload')}"`, body: '' },
  { name: 'autofocus onfocus', body: `<input autofocus onfocus="${set('autofocus')}">` },
  { name: 'details ontoggle', body: `<details open ontoggle="${set('ontoggle')}"><summary>More</summary>x</details>` },
  { name: 'div onmouseover', body: `<div onmouseover="${set('mouseover')}" onclick="${set('onclick')}">Hover me</div>` },
  { name: 'video source onerror', body: `<video><source onerror="${set('source-onerror')}"></video>` },
  { name: 'audio onerror', body: `<audio src="x" onerror="${set('audio-onerror')}"></audio>` },
  { name: 'marquee onstart', body: `<marquee onstart="${set('marquee')}">news</marquee>` },
  { name: 'focusin with tabindex', body: `<p id="f" tabindex="1" onfocusin="${set('focusin')}">Focusable paragraph</p>` },
  { name: 'animation event', body: `<style>@keyframes k{}</style><p style="animation-name:k" onanimationstart="${set('animation')}">Animated</p>` },
  // javascript:, vbscript: and data: URLs
  { name: 'javascript: link', body: `<a href="javascript:${set('js-href')}">a link</a>` },
  { name: 'mixed-case javascript:', body: `<a href="JaVaScRiPt:${set('js-case')}">a link</a>` },
  { name: 'entity-encoded javascript:', body: `<a href="&#106;&#97;vascript:${set('js-entity')}">a link</a>` },
  { name: 'tab inside javascript:', body: `<a href="java&#x09;script:${set('js-tab')}">a link</a>` },
  { name: 'leading space javascript:', body: `<a href=" &#14; javascript:${set('js-space')}">a link</a>` },
  { name: 'vbscript: link', body: `<a href="vbscript:msgbox(1)">a link</a>` },
  { name: 'data: html link', body: `<a href="data:text/html,<script>opener.__xss='data-href'</script>">a link</a>` },
  { name: 'data: svg link', body: `<a href="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+">a link</a>` },
  { name: 'javascript: img src', body: `<img src="javascript:${set('img-js')}">` },
  { name: 'srcset with javascript:', body: `<img srcset="javascript:${set('srcset')} 1x, SENTINEL/srcset.png 2x" alt="s">` },
  { name: 'eval(src) trick', body: `<img src="x:alert(alt)" onerror="eval(src)" alt="0">` },
  // Frames, objects, embeds
  { name: 'iframe javascript:', body: `<iframe src="javascript:parent.${set('iframe-js')}"></iframe>` },
  { name: 'iframe srcdoc', body: `<iframe srcdoc="<script>parent.${set('srcdoc')}</script>"></iframe>` },
  { name: 'iframe data:', body: `<iframe src="data:text/html,<script>parent.__xss='iframe-data'</script>"></iframe>` },
  { name: 'iframe remote', body: `<iframe src="SENTINEL/frame.html"></iframe>` },
  { name: 'object data', body: `<object data="SENTINEL/object.swf" type="application/x-shockwave-flash"></object>` },
  { name: 'object javascript:', body: `<object data="javascript:${set('object-js')}"></object>` },
  { name: 'object html', body: `<object type="text/html" data="data:text/html,<script>parent.__xss='object-html'</script>"></object>` },
  { name: 'embed', body: `<embed src="SENTINEL/embed.swf">` },
  { name: 'embed data: html', body: `<embed src="data:text/html,<script>parent.__xss='embed'</script>">` },
  { name: 'frameset', body: `<frameset onload="${set('frameset')}"><frame src="SENTINEL/frame2.html"></frameset>` },
  // Navigation
  { name: 'meta refresh', head: `<meta http-equiv="refresh" content="0;url=SENTINEL/meta-refresh">`, body: '' },
  { name: 'meta refresh in body', body: `<meta http-equiv="refresh" content="0;url=javascript:${set('meta-js')}">` },
  { name: 'base href', head: `<base href="SENTINEL/">`, body: `<a href="relative-after-base">relative</a><img src="relative-after-base.png" alt="b">` },
  { name: 'base in body', body: `<base href="javascript:/a/-alert(1)///////"><a href="../x">x</a>` },
  { name: 'link target _top', body: `<a href="SENTINEL/target-top" target="_top" id="tt">top</a>` },
  { name: 'link target _blank opener', body: `<a href="SENTINEL/opener" target="_blank" rel="opener">opener</a>` },
  { name: 'ping attribute', body: `<a href="#here" ping="SENTINEL/ping">pinging anchor</a>` },
  // Forms
  { name: 'form action', body: `<form action="SENTINEL/form" method="post"><input name="q" value="1"><button type="submit" id="go">Go</button></form>` },
  { name: 'button formaction', body: `<form><button formaction="javascript:${set('formaction')}">Go</button></form>` },
  { name: 'input type image', body: `<input type="image" src="SENTINEL/input.png">` },
  { name: 'isindex', body: `<isindex type="image" src="1" onerror="${set('isindex')}">` },
  // SVG and MathML
  { name: 'svg script', body: `<svg><script>${set('svg-script')}</script></svg>` },
  { name: 'svg xlink javascript:', body: `<svg><a xlink:href="javascript:${set('svg-xlink')}"><text x="10" y="20">svg link</text></a></svg>` },
  { name: 'svg animate onbegin', body: `<svg><animate onbegin="${set('animate')}" attributeName="x" dur="1s"></animate></svg>` },
  { name: 'svg set href', body: `<svg><a><set attributeName="href" to="javascript:${set('svg-set')}"/><text x="10" y="20">set</text></a></svg>` },
  { name: 'svg animate values', body: `<svg><animate xlink:href="#xa" attributeName="href" values="javascript:${set('svg-values')}"/><a id="xa"><text x="10" y="20">x</text></a></svg>` },
  { name: 'svg foreignObject', body: `<svg><foreignObject><iframe srcdoc="<script>parent.__xss='foreign'</script>"></iframe></foreignObject></svg>` },
  { name: 'svg image remote', body: `<svg><image href="SENTINEL/svg-image.png" width="10" height="10"/></svg>` },
  { name: 'svg use data:', body: `<svg><use href="data:image/svg+xml;base64,PHN2ZyBpZD0ieCIgeG1sbnM9Imh0dHA6Ly93d3cudzMub3JnLzIwMDAvc3ZnIj48aW1hZ2UgaHJlZj0ieCIgb25lcnJvcj0iYWxlcnQoMSkiLz48L3N2Zz4=#x"/></svg>` },
  { name: 'math xlink', body: `<math><maction actiontype="statusline" xlink:href="javascript:${set('math-xlink')}">CLICKME<mtext>x</mtext></maction></math>` },
  { name: 'math href', body: `<math href="javascript:${set('math-href')}"><mi>x</mi></math>` },
  // Known DOMPurify mutation-XSS patterns
  { name: 'mXSS math/mglyph/style (DOMPurify 2.0.0)', body: `<math><mtext><table><mglyph><style><img src=x onerror="${set('mxss-1')}">` },
  { name: 'mXSS form/math (DOMPurify 2.0.17)', body: `<form><math><mtext></form><form><mglyph><style></math><img src onerror="${set('mxss-2')}">` },
  { name: 'mXSS svg/p/style (DOMPurify 2.0.x)', body: `<svg></p><style><a id="</style><img src=1 onerror=${set('mxss-3').replace(/'/g, '&apos;')}>">` },
  { name: 'mXSS math/textarea (DOMPurify 2.2.2)', body: `<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=&quot;${set('mxss-4')}&quot; src=1>"></textarea></mtext></svg></mglyph></mi></math>` },
  { name: 'mXSS svg/p/style/g title', body: `<svg><p><style><g title="</style><img src=x onerror=&quot;${set('mxss-5')}&quot;>"></g></style></p></svg>` },
  { name: 'mXSS noscript title', body: `<noscript><p title="</noscript><img src=x onerror=&quot;${set('noscript')}&quot;>"></p></noscript>` },
  { name: 'mXSS namespace confusion', body: `<svg><annotation-xml encoding="text/html"><style><img src=x onerror="${set('annotation')}"></style></annotation-xml></svg>` },
  // Raw-text and template nesting
  { name: 'template with script', body: `<template><script>${set('template')}</script><img src=x onerror="${set('template-img')}"></template>` },
  { name: 'style containing markup', body: `<style><img src=x onerror="${set('style-nest')}"></style>` },
  { name: 'xmp', body: `<xmp><img src=x onerror="${set('xmp')}"></xmp>` },
  { name: 'textarea', body: `<textarea><img src=x onerror="${set('textarea')}"></textarea>` },
  { name: 'title in body', body: `<title><img src=x onerror="${set('title')}"></title>` },
  { name: 'iframe content', body: `<iframe><img src=x onerror="${set('iframe-content')}"></iframe>` },
  { name: 'noembed', body: `<noembed><img src=x onerror="${set('noembed')}"></noembed>` },
  { name: 'plaintext', body: `<p>before</p><plaintext><img src=x onerror="${set('plaintext')}">` },
  // CSS
  { name: 'style background url()', body: `<div style="background:url(SENTINEL/css-bg.png)">styled</div>` },
  { name: 'style @import', body: `<style>@import url(SENTINEL/import.css);</style>` },
  { name: 'style rule url()', body: `<style>p{background:url("SENTINEL/style-bg.png")}</style>` },
  { name: 'link stylesheet', body: `<link rel="stylesheet" href="SENTINEL/link.css">` },
  { name: 'link prefetch', head: `<link rel="prefetch" href="SENTINEL/prefetch"><link rel="dns-prefetch" href="//sentinel.invalid">`, body: '' },
  { name: 'css expression', body: `<div style="width:expression(${set('expression')})">old IE</div>` },
  { name: 'full-page overlay', body: `<a href="SENTINEL/overlay" style="position:fixed;inset:0;z-index:99999;display:block">Click anywhere</a>` },
  { name: 'body background attribute', bodyAttrs: 'background="SENTINEL/body-bg.png"', body: `<table background="SENTINEL/table-bg.png"><tr><td>cell</td></tr></table>` },
  { name: 'video poster', body: `<video poster="SENTINEL/poster.png"></video>` },
  // Remote resources that are not images of the article
  { name: 'remote img (stored, never loaded)', body: `<img src="SENTINEL/remote.png" alt="remote">` },
  { name: 'picture source remote', body: `<picture><source srcset="SENTINEL/picture.png"><img src="SENTINEL/picture-fallback.png" alt="p"></picture>` },
  // DOM clobbering of the app and of the sentinel itself
  { name: 'clobber window.__xss', body: `<img id="__xss" name="__xss" src="data:image/png;base64,PNG" alt="c"><a id="__xss" href="#">c</a>` },
  { name: 'clobber document props', body: `<form name="getElementById"></form><img name="querySelector" src="data:image/png;base64,PNG" alt="d"><a id="offprint">o</a>` },
  // Image maps and SVG links: link-like elements other than a[href] (a map over a figure once reached a planted /assets/ page)
  {
    name: 'image map over a figure, shape="#" trick, to a stored file',
    body: `<figure><img src="data:image/png;base64,PNG" usemap="#m1" alt="map figure" width="600" height="400"><map name="m1"><area shape="#" coords="#0,0,4000,4000" href="/assets/ARTICLE/note.html" alt="Read the note"></map><figcaption>A figure with a map over it</figcaption></figure>`,
    click: 'figure',
  },
  {
    name: 'image map, default area to the sentinel',
    body: `<p><img src="data:image/png;base64,PNG" usemap="#m2" alt="map default" width="600" height="400"></p><map name="m2"><area shape="default" href="SENTINEL/area-default" alt="x"></map>`,
    click: 'img[alt="map default"]',
  },
  {
    name: 'image map, javascript: area',
    body: `<p><img src="data:image/png;base64,PNG" usemap="#m3" alt="map js" width="600" height="400"></p><map name="m3"><area shape="rect" coords="0,0,600,400" href="javascript:${set('area-js')}" alt="x"></map>`,
    click: 'img[alt="map js"]',
  },
  { name: 'ismap image in a link', body: `<a href="SENTINEL/ismap"><img src="data:image/png;base64,PNG" ismap alt="ismap" width="300" height="200"></a>`, click: 'img[alt="ismap"]' },
  { name: 'svg a href to a stored file', body: `<svg width="600" height="200"><a href="/assets/ARTICLE/note.html"><rect width="600" height="200" fill="red"/><text y="20">svg link</text></a></svg>`, click: 'svg' },
  { name: 'svg a xlink:href javascript:', body: `<svg width="600" height="200"><a xlink:href="javascript:${set('svg-xlink-a')}"><rect width="600" height="200"/></a></svg>`, click: 'svg' },
  { name: 'link to a stored file', body: `<p><a href="/assets/ARTICLE/note.html">Read the note</a></p>`, click: 'a' },
  { name: 'link to the app route', body: `<p><a href="#/settings">Open settings</a></p>`, click: 'a' },
  { name: 'href on a span', body: `<p><span href="/assets/ARTICLE/note.html">not a link</span></p>`, click: 'span' },
  // Attributes that must survive (DOMPurify's own rule decides them; only address attributes are checked for schemes)
  {
    name: 'right-to-left paragraph',
    body: `<p dir="rtl" lang="ar">وافقت هيئة الميناء يوم الثلاثاء على تشغيل عبّارة ليلية بين الميناء القديم والجزيرة، بعد عقد من الجدل حول الضجيج والتكلفة.</p>`,
    keeps: ['p[dir="rtl"][lang="ar"]'],
    rtl: 'p[dir="rtl"]',
  },
  {
    name: 'table spans, sizes, list start, datetime',
    body: `<table><tbody><tr><th>Crossing</th><th>Time</th><th>Fare</th></tr><tr><td colspan="2" rowspan="2">Night ferry, both ways, every day of the week</td><td>3.50</td></tr><tr><td>4.00</td></tr></tbody></table><ol start="3"><li>third step of the plan</li><li>fourth step of the plan</li></ol><p>Updated <time datetime="2024-03-01T10:00:00Z">1 March</time>.</p><p><img src="data:image/png;base64,PNG" width="320" height="200" alt="sized"></p>`,
    keeps: ['td[colspan="2"][rowspan="2"]', 'ol[start="3"]', 'time[datetime="2024-03-01T10:00:00Z"]', 'img[width="320"][height="200"]'],
  },
  // Same-origin requests to the app itself
  { name: 'image pointing at the API', body: `<img src="/api/deleteArticle" alt="api"><img src="/assets/../api/listArticles" alt="api2">` },
  { name: 'link pointing at the API', body: `<a href="/api/deleteArticle">api link</a>` },
];
