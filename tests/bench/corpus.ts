import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ArticleFiles } from '../../electron/library/library';
import { random } from '../helpers/random';
import { koreanSentence } from './korean';

/** Seeded, so a library of a given size is the same every run. */
export { random };

/** The repository's root, from the source tree (tests/bench) or the build (out/cli). */
export function repoRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The shared fixtures beside the repository: real article text in several languages. */
export const FIXTURES = join(repoRoot(), '../shared/fixtures');

type Lang = 'en' | 'ko' | 'ja' | 'zh' | 'fr' | 'es' | 'de';
const LANG_WEIGHTS: [Lang, number][] = [
  ['en', 45],
  ['ko', 20],
  ['ja', 8],
  ['zh', 8],
  ['fr', 7],
  ['es', 6],
  ['de', 6],
];

// Japanese has no fixture page; a few sentences of ordinary news Japanese stand in for one.
const JAPANESE = [
  '政府は来年度の予算案について、関係省庁との調整を急いでいる。',
  '東京都内では朝から強い雨が降り、交通機関に遅れが出ている。',
  '専門家によると、今回の地震による津波の心配はないという。',
  '新しい研究では、睡眠不足が記憶力に与える影響が明らかになった。',
  '大学の研究チームは人工知能を使った新しい翻訳システムを発表した。',
  '円相場は一時、一ドル百五十円台まで値下がりした。',
  '地元の商店街では、観光客を呼び込むための祭りが開かれた。',
  '首相は記者会見で、物価高への対策を強化する考えを示した。',
  '気象庁は、週末にかけて全国的に気温が上がる見通しを発表した。',
  '子どもたちの読書離れが進む中、図書館が新しい取り組みを始めた。',
  '自動車メーカー各社は電気自動車の生産を拡大する計画だ。',
  '選挙の投票率は前回を下回り、過去最低となった地域もある。',
];

function textOf(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ');
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?。！？다])\s+|(?<=[。！？])/u)
    .map((s) => s.trim())
    .filter((s) => s.length >= 12 && s.length <= 400);
}

/** Sentence pools per language, from the fixture pages' expected text (Korean is written by koreanSentence instead). */
function loadPools(): Record<Lang, string[]> {
  const byPage: Record<string, Lang> = { lemonde: 'fr', 'la-nacion': 'es', heise: 'de', qq: 'zh' };
  const pools: Record<Lang, string[]> = { en: [], ko: [], ja: JAPANESE, zh: [], fr: [], es: [], de: [] };
  const corpus = join(FIXTURES, 'readability');
  for (const page of readdirSync(corpus)) {
    let html: string;
    try {
      html = readFileSync(join(corpus, page, 'expected.html'), 'utf8');
    } catch {
      continue;
    }
    const lang = Object.entries(byPage).find(([prefix]) => page.startsWith(prefix))?.[1] ?? 'en';
    if (page.startsWith('rtl') || page.startsWith('data-url') || page.startsWith('remove-script')) continue;
    pools[lang].push(...sentences(textOf(html)));
  }
  if (pools.zh.length < 5) pools.zh.push('人工智能迈上新台阶，电脑已可利用记忆自学。', '研究人员表示，这项技术将改变医疗行业。', '今年的经济增长速度超过了市场预期。');
  for (const lang of Object.keys(pools) as Lang[]) if (lang !== 'ko' && pools[lang].length === 0) pools[lang] = pools.en;
  return pools;
}


const SYLLABLES = ['ka', 'ren', 'mo', 'sil', 'ta', 'vor', 'len', 'di', 'bra', 'no', 'gue', 'ha', 'mir', 'zo', 'pel', 'an', 'tis', 'ru', 'kov', 'ell'];
const HANGUL = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '민', '수', '영', '호', '진', '현', '서', '준', '하', '연'];
const SITES = ['Daily Ledger', 'The Morning Post', '아시아경제', '한겨레', 'Le Quotidien', 'El Diario', 'Tagesblatt', '東洋新報', '新华日报', 'World Report', 'Tech Review', 'City Times'];
const SECTIONS = ['world', 'politics', 'business', 'tech', 'science', 'culture', 'sports', 'opinion'];

export interface GeneratedArticle {
  record: {
    id: string;
    title: string;
    byline: string | null;
    siteName: string | null;
    excerpt: string | null;
    lang: string | null;
    dir: null;
    publishedTime: string | null;
    savedAt: string;
    url: string;
    finalUrl: string;
    canonicalUrl: string;
    normalizedUrl: string;
    wordCount: number;
    readingMinutes: number;
    source: 'url';
    raw: { contentType: string; charset: string };
    images: { total: number; saved: number; failed: { url: string; reason: string }[] };
    leadImage: null;
  };
  files: ArticleFiles;
}

/**
 * Makes realistic articles: bodies of 3–15 KB (UTF-8) from real sentences in seven languages
 * (Korean a fifth of them, written from a vocabulary of real words: see korean.ts), with made-up
 * names and numbers mixed in as real news has, so the vocabulary has the long tail a real library has.
 */
export class ArticleGenerator {
  private readonly pools = loadPools();
  private readonly rand: () => number;
  private serial = 0;
  private readonly start = Date.parse('2021-01-01T00:00:00Z');

  constructor(seed = 42) {
    this.rand = random(seed);
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rand() * list.length)]!;
  }

  private sentence(lang: Lang): string {
    return lang === 'ko' ? koreanSentence(this.rand) : this.pick(this.pools[lang]);
  }

  private lang(): Lang {
    let roll = this.rand() * 100;
    for (const [lang, weight] of LANG_WEIGHTS) if ((roll -= weight) < 0) return lang;
    return 'en';
  }

  private name(lang: Lang): string {
    if (lang === 'ko') return this.pick(HANGUL) + this.pick(HANGUL) + this.pick(HANGUL);
    const parts = 2 + Math.floor(this.rand() * 2);
    let word = '';
    for (let i = 0; i < parts; i++) word += this.pick(SYLLABLES);
    return word[0]!.toUpperCase() + word.slice(1);
  }

  next(): GeneratedArticle {
    const n = this.serial++;
    const lang = this.lang();
    const target = 3000 + Math.floor(this.rand() * 12000);
    const paragraphs: string[] = [];
    let bytes = 0;
    while (bytes < target) {
      const count = 2 + Math.floor(this.rand() * 4);
      const parts: string[] = [];
      for (let i = 0; i < count; i++) {
        let sentence = this.sentence(lang);
        if (this.rand() < 0.5) sentence = `${this.name(lang)} ${sentence}`;
        if (this.rand() < 0.3) sentence = `${sentence} ${Math.floor(this.rand() * 100000)}`;
        parts.push(sentence);
      }
      const paragraph = parts.join(lang === 'ja' || lang === 'zh' ? '' : ' ');
      paragraphs.push(paragraph);
      bytes += Buffer.byteLength(paragraph) + 2;
    }
    const bodyText = paragraphs.join('\n\n');
    const bodyHtml = paragraphs.map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n');
    const title = this.sentence(lang).slice(0, 90).replace(/[.。]$/, '');
    const savedAt = new Date(this.start + n * 60_000 + Math.floor(this.rand() * 30_000));
    const site = this.pick(SITES);
    const url = `https://www.${site.toLowerCase().replace(/[^a-z]+/g, '') || 'news'}${n % 50}.example/${this.pick(SECTIONS)}/${savedAt.getUTCFullYear()}/${n}-${title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, 60)}.html`;
    const words = bodyText.split(/\s+/).length;
    return {
      record: {
        id: `${savedAt.getTime().toString(36)}-${n.toString(16).padStart(10, '0')}`,
        title,
        byline: this.rand() < 0.7 ? `${this.name(lang)} ${this.name(lang)}` : null,
        siteName: site,
        excerpt: bodyText.slice(0, 200),
        lang,
        dir: null,
        publishedTime: new Date(savedAt.getTime() - 3_600_000).toISOString(),
        savedAt: savedAt.toISOString(),
        url,
        finalUrl: url,
        canonicalUrl: url,
        normalizedUrl: url,
        wordCount: words,
        readingMinutes: Math.max(1, Math.round(words / 230)),
        source: 'url',
        raw: { contentType: 'text/html; charset=utf-8', charset: 'utf-8' },
        images: { total: 0, saved: 0, failed: [] },
        leadImage: null,
      },
      files: { bodyHtml, bodyText, rawPage: null },
    };
  }

  /** Words to search for, taken from a generated body: English words, pairs, and CJK words inside longer runs. */
  queriesFrom(article: GeneratedArticle): string[] {
    const words = article.files.bodyText.split(/[\s,.;:!?"'()]+/).filter(Boolean);
    const lang = article.record.lang;
    if (lang === 'ko') {
      const long = words.filter((w) => /^[\uac00-\ud7a3]{3,}$/.test(w));
      return long.length ? [this.pick(long).slice(0, 2)] : [];
    }
    if (lang === 'ja' || lang === 'zh') {
      const runs = article.files.bodyText.match(/[\u4e00-\u9fff]{2,}/g) ?? [];
      return runs.length ? [this.pick(runs).slice(0, 2)] : [];
    }
    const plain = words.filter((w) => /^[a-z]{5,}$/i.test(w));
    if (plain.length < 2) return [];
    const i = Math.floor(this.rand() * (plain.length - 1));
    return this.rand() < 0.6 ? [plain[i]!] : [`${plain[i]!} ${plain[i + 1]!}`];
  }
}
