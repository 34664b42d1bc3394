/**
 * EPUB 3: one article or a selection as one book. `mimetype` first and stored, the container, the
 * package document (Dublin Core title, language, identifier, modified; a manifest of every chapter
 * and image; the spine, right to left when the book is), a navigation document (the table of
 * contents), one XHTML chapter per article with its own language and direction, and the articles'
 * images (JPEG, PNG and GIF: the core types every reading system shows; others are left out and
 * their descriptions kept in words). Checked by epubcheck in the tests.
 */
import { randomUUID } from 'node:crypto';
import type { Library } from '../../library/library';
import { escapeXml, toXhtml } from './xhtml';
import { ZipWriter } from './zip-writer';

const CORE_IMAGES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif' };

const CSS = `body { margin: 0 5%; line-height: 1.5; font-family: serif; }
h1 { font-size: 1.5em; line-height: 1.25; }
.byline { color: #555; font-size: 0.9em; }
img { max-width: 100%; height: auto; }
figure { margin: 1em 0; }
figcaption { font-size: 0.85em; color: #555; }
blockquote { margin: 1em 1.5em; }
:lang(ja), :lang(zh), :lang(ko) { line-break: strict; }
`;

export async function writeEpub(library: Library, ids: string[], path: string, now: Date): Promise<number> {
  const zip = new ZipWriter(path);
  try {
    await zip.add('mimetype', 'application/epub+zip', { store: true });
    await zip.add('META-INF/container.xml', `<?xml version="1.0" encoding="UTF-8"?>\n<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`);
    await zip.add('OEBPS/style.css', CSS);
    const chapters: { file: string; title: string; lang: string; dir: 'ltr' | 'rtl' }[] = [];
    const images: { file: string; type: string }[] = [];
    for (const [n, id] of ids.entries()) {
      const s = library.summary(id);
      const files = s.download ? null : await library.articleFiles(id);
      // A page that declared no language gets one from its script, so reading systems pick CJK fonts and line breaking, and right-to-left.
      const guessed = guessLanguage(files?.bodyText ?? `${s.title} ${s.excerpt ?? ''}`);
      const lang = validLang(s.lang) ?? guessed ?? 'en';
      const dir = s.dir ?? (RTL_LANGS.has(lang.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr');
      const file = `c${String(n + 1).padStart(4, '0')}.xhtml`;
      let body = `<p>${escapeXml(s.excerpt ?? 'This article is waiting to be downloaded.')}</p>`;
      if (files) {
        const stored = new Set(files.images);
        const used = new Map<string, string>();
        body = toXhtml(files.bodyHtml, (src) => {
          const m = /^\/assets\/[^/]+\/([^/?#]+)$/.exec(src);
          const name = m?.[1];
          const ext = name?.split('.').pop()?.toLowerCase() ?? '';
          if (!name || !stored.has(name) || !CORE_IMAGES[ext]) return null;
          used.set(name, `${id}-${name}`);
          return `images/${id}-${name}`;
        });
        for (const [name, bookName] of used) {
          await zip.add(`OEBPS/images/${bookName}`, await library.articleImage(id, name), { store: true });
          images.push({ file: `images/${bookName}`, type: CORE_IMAGES[name.split('.').pop()!.toLowerCase()]! });
        }
      }
      const byline = [s.byline, s.siteName].filter(Boolean).join(' · ');
      const source = s.url ? `<p class="byline"><a href="${escapeXml(s.url)}">${escapeXml(s.url)}</a></p>` : '';
      await zip.add(
        `OEBPS/${file}`,
        `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${lang}" xml:lang="${lang}" dir="${dir}"><head><meta charset="UTF-8"/><title>${escapeXml(s.title)}</title><link rel="stylesheet" type="text/css" href="style.css"/></head><body><section epub:type="chapter"><h1>${escapeXml(s.title)}</h1>${byline ? `<p class="byline">${escapeXml(byline)}</p>` : ''}${source}${body}</section></body></html>`,
      );
      chapters.push({ file, title: s.title, lang, dir });
    }
    const first = chapters[0];
    const bookLang = first?.lang ?? 'en';
    const rtl = chapters.length > 0 && chapters.every((c) => c.dir === 'rtl');
    const title = chapters.length === 1 ? first!.title : `Offprint: ${chapters.length} articles`;
    const nav = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${bookLang}" xml:lang="${bookLang}"><head><meta charset="UTF-8"/><title>${escapeXml(title)}</title></head><body><nav epub:type="toc" id="toc"><h1>Contents</h1><ol>${chapters.map((c) => `<li><a href="${c.file}" dir="${c.dir}">${escapeXml(c.title)}</a></li>`).join('')}</ol></nav></body></html>`;
    await zip.add('OEBPS/nav.xhtml', nav);
    const modified = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const opf = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${bookLang}"${rtl ? ' dir="rtl"' : ''}>
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="book-id">urn:uuid:${randomUUID()}</dc:identifier>
<dc:title>${escapeXml(title)}</dc:title>
${[...new Set(chapters.map((c) => c.lang))].map((l) => `<dc:language>${l}</dc:language>`).join('\n') || '<dc:language>en</dc:language>'}
<dc:creator>Offprint</dc:creator>
<meta property="dcterms:modified">${modified}</meta>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="css" href="style.css" media-type="text/css"/>
${chapters.map((c, i) => `<item id="c${i + 1}" href="${c.file}" media-type="application/xhtml+xml"/>`).join('\n')}
${images.map((img, i) => `<item id="img${i + 1}" href="${img.file}" media-type="${img.type}"/>`).join('\n')}
</manifest>
<spine${rtl ? ' page-progression-direction="rtl"' : ''}>
${chapters.map((_, i) => `<itemref idref="c${i + 1}"/>`).join('\n')}
</spine>
</package>`;
    await zip.add('OEBPS/content.opf', opf);
    return await zip.finish();
  } catch (error) {
    await zip.abort();
    throw error;
  }
}

const RTL_LANGS = new Set(['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv', 'ku']);

/** The language a text's script says, when one script is most of its letters (Hangul, kana, Han, Arabic, Hebrew, Thai), or null. */
export function guessLanguage(text: string): string | null {
  const sample = text.slice(0, 4000);
  const count = (re: RegExp) => (sample.match(re) ?? []).length;
  const letters = count(/\p{L}/gu);
  if (letters < 20) return null;
  const share = (n: number) => n / letters;
  const kana = count(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const hangul = count(/\p{Script=Hangul}/gu);
  const han = count(/\p{Script=Han}/gu);
  if (share(hangul) > 0.3) return 'ko';
  if (share(kana) > 0.1) return 'ja';
  if (share(han) > 0.3) return 'zh';
  if (share(count(/\p{Script=Arabic}/gu)) > 0.3) return 'ar';
  if (share(count(/\p{Script=Hebrew}/gu)) > 0.3) return 'he';
  if (share(count(/\p{Script=Thai}/gu)) > 0.3) return 'th';
  return null;
}

/** A BCP 47 tag as EPUB wants it, or null for one that is not. */
function validLang(lang: string | null): string | null {
  if (!lang) return null;
  const tag = lang.trim().replace(/_/g, '-');
  return /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag) ? tag : null;
}
