import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHtml } from '../../../electron/capture/decode';
import { Library } from '../../../electron/library/library';
import { createOffprintService, type OffprintService } from '../../../electron/service';
import { FIXTURES, type FixtureServer, startFixtureServer } from '../../helpers/fixture-server';

const euckrDir = join(FIXTURES, 'pages/asiae-korean-euckr');
const euckrExpected = JSON.parse(await readFile(join(euckrDir, 'expected.json'), 'utf8')) as {
  title: string;
  serveWithContentType: string;
  mustContain: string[];
  mustNotContain: string[];
};

interface NewsPage {
  lang: string;
  title: string;
  paragraphs: string[];
}

const JAPANESE: NewsPage = {
  lang: 'ja',
  title: '北の港町に新しい路面電車が開業',
  paragraphs: [
    '北海道の港町で二十日、新しい路面電車の路線が開業した。駅前から漁港までの約四キロを十五分で結び、朝は十分おきに運行する。開業式には市長や地元の小学生が集まり、一番電車の出発を拍手で見送った。市は観光客の増加と高齢者の移動手段の確保に期待を寄せている。',
    '計画が持ち上がったのは十年前で、当初は費用の高さから反対の声も多かった。市は国の補助金を活用し、既存の道路の中央に線路を敷くことで工事費を抑えた。車両は地元の工場で組み立てられ、冬の厳しい寒さと雪にも耐えられるよう床下に暖房装置を備えている。',
    '沿線の商店街では、開業に合わせて記念の割引や限定の菓子を用意する店が相次いだ。老舗の菓子店を営む男性は「人の流れが戻れば、閉めていた店も再び開けられるかもしれない」と話した。一方で、自動車の渋滞が増えるのではないかと心配する住民もいる。',
    '市は今後、利用者の数や乗り降りの多い時間帯を一年かけて調べ、運行本数や運賃を見直す方針だ。将来は空港までの延伸も検討しており、担当者は「まちの新しい顔として、長く愛される電車に育てたい」と語った。',
  ],
};

const SIMPLIFIED_CHINESE: NewsPage = {
  lang: 'zh-CN',
  title: '西部山区首条高速铁路正式通车',
  paragraphs: [
    '西部山区首条高速铁路于本月十八日正式通车，全长约三百二十公里，沿线设有十二个车站。列车最高时速为二百五十公里，从省会到最远的县城只需不到两个小时，比过去乘坐长途汽车节省了大半天的时间。通车当天，许多沿线居民早早来到车站，争相体验第一趟列车。',
    '这条铁路从规划到建成历时八年。由于沿线地形复杂，隧道和桥梁占线路总长度的七成以上，施工难度在国内同类工程中名列前茅。工程人员介绍，为了保护沿途的森林和河流，部分路段专门调整了走向，并在施工结束后种植了数十万棵树木。',
    '当地政府表示，高速铁路的开通将带动山区的旅游和农产品销售。一位种植茶叶三十多年的农民说，以前茶叶运到城里要走两天，现在当天就能送到客人手中。沿线几个县城也已开始建设新的游客中心和农贸市场，希望抓住这次发展机会。',
    '专家同时提醒，交通条件改善只是第一步，山区还需要在教育、医疗和产业方面持续投入，才能让更多年轻人愿意留在家乡。铁路部门表示，将根据客流情况逐步增加列车班次，并计划在明年推出面向学生和老人的优惠票价。',
  ],
};

const TRADITIONAL_CHINESE: NewsPage = {
  lang: 'zh-TW',
  title: '港口城市推出夜間公車服務',
  paragraphs: [
    '港口城市交通局宣布，自下個月起將推出六條夜間公車路線，服務時間從晚上十一點到清晨五點，每三十分鐘一班。交通局表示，許多在醫院、餐廳和工廠值夜班的市民長期反映下班後沒有公共交通工具，只能花大錢搭計程車回家，新服務就是為了回應這些需求。',
    '六條路線將連接市中心、火車站、工業區和幾個主要住宅區，票價與白天相同，並可使用現有的電子票證。為了確保乘客安全，所有夜間公車都將安裝監視器，重要站牌也會加裝照明設備。交通局預計，每晚約有三千名乘客會使用這項服務。',
    '不少市民對這項政策表示歡迎。一名在便利商店工作的女士說，過去下班後常常要在路邊等很久才叫得到車，現在終於可以安心回家。也有住在路線附近的居民擔心夜間噪音，交通局回應，夜間公車將優先使用電動車輛，盡量降低對周邊住戶的影響。',
    '市議會將在試辦半年後檢討成效，再決定是否增加路線或調整班次。交通局長在記者會上強調，城市的公共交通不應該在夜晚停擺，希望這項服務能讓每一位晚歸的市民都感受到城市的照顧。',
  ],
};

/** Curly quotes, dashes and the euro sign are the bytes 0x80-0x9F that windows-1252 adds to Latin-1. */
const FRENCH: NewsPage = {
  lang: 'fr',
  title: 'Le musée de la ville rouvre après deux ans de travaux',
  paragraphs: [
    'Le musée municipal a rouvert ses portes samedi après deux années de travaux qui ont coûté 12 millions d’euros. Les visiteurs, venus nombreux dès l’ouverture, ont découvert des salles rénovées, un nouvel éclairage et une terrasse qui donne sur la vieille ville.',
    '« Nous voulions un musée où l’on a envie de revenir », explique la directrice. L’entrée reste gratuite le premier dimanche du mois, et le billet ordinaire passe de 8 € à 9 €, une hausse jugée “raisonnable” par la plupart des habitants interrogés.',
    'Les collections, mises à l’abri pendant le chantier, ont été restaurées une à une. Parmi elles, un retable du XVe siècle, longtemps caché dans les réserves, occupe désormais la salle principale — un choix qui a surpris jusqu’aux conservateurs eux-mêmes.',
    'La ville prévoit d’organiser des visites nocturnes chaque vendredi de l’été. Les écoles du département pourront réserver des ateliers gratuits à partir de la rentrée, a précisé l’adjoint chargé de la culture.',
  ],
};

const RUSSIAN: NewsPage = {
  lang: 'ru',
  title: 'В северном городе открыли новую библиотеку',
  paragraphs: [
    'В субботу в северном городе открылась новая центральная библиотека. Здание из стекла и дерева построили на месте старого склада у реки, и теперь в нём помещается более двухсот тысяч книг, читальный зал на сто мест и отдельный этаж для детей. На открытие пришли сотни жителей, многие — целыми семьями.',
    'Строительство заняло три года и обошлось городу дешевле, чем планировалось, благодаря пожертвованиям местных предприятий. Архитекторы сохранили кирпичные стены склада и огромные окна, которые выходят на набережную. Зимой, когда темнеет рано, читальный зал освещают тёплые лампы, а на крыше работает небольшая обсерватория.',
    'Директор библиотеки рассказала, что главная задача — сделать её местом встреч, а не только хранилищем книг. Здесь будут проходить лекции, уроки для пожилых людей, которые хотят освоить компьютер, и занятия для школьников. «Мы хотим, чтобы сюда приходили не по обязанности, а потому что здесь интересно», — сказала она.',
    'Старое здание библиотеки в центре города займёт музей местной истории. Городские власти обещают, что до конца года к новой библиотеке пустят автобус, а у входа появится велосипедная стоянка. Первую неделю библиотека будет работать без выходных.',
  ],
};

/** A small news page; `meta` is the charset declaration put first in <head> (or none). */
function newsHtml(page: NewsPage, meta = ''): string {
  return `<!DOCTYPE html>
<html lang="${page.lang}"><head>${meta}
<title>${page.title}</title>
</head><body>
<article><h1>${page.title}</h1>
${page.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</article>
</body></html>`;
}

/** Encodes with iconv-lite, checking that the charset can carry every character, so a failure below is Offprint's. */
function encode(html: string, charset: string): Buffer {
  const bytes = iconv.encode(html, charset);
  expect(iconv.decode(bytes, charset), `${charset} cannot carry this test page`).toBe(html);
  return bytes;
}

interface Served {
  body: Buffer;
  contentType: string;
}
const served = new Map<string, Served>();

let server: FixtureServer;
let dataDir: string;
let library: Library;
let service: OffprintService;

beforeAll(async () => {
  const route = (req: IncomingMessage, res: ServerResponse) => {
    const page = served.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) return false;
    res.writeHead(200, { 'content-type': page.contentType }).end(page.body);
    return true;
  };
  server = await startFixtureServer(join(FIXTURES, 'pages'), [route]);
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-charsets-'));
  library = await Library.open({ dataDir });
  service = createOffprintService(library);
});
afterAll(async () => {
  await service.close();
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Serves `body` at `path`, saves it through the service, and returns the saved title and text. */
async function saveServed(path: string, body: Buffer, contentType: string): Promise<{ title: string; text: string; paragraphs: string[] }> {
  served.set(path, { body, contentType });
  const { article, duplicate } = await service.saveArticle({ source: { kind: 'url', url: `${server.url}${path}` } });
  expect(duplicate).toBe(false);
  const text = await library.articleText({ id: article.id });
  return { title: article.title, text, paragraphs: text.split('\n\n') };
}

function expectExactly(saved: { title: string; text: string; paragraphs: string[] }, page: NewsPage): void {
  expect(saved.title).toBe(page.title);
  for (const paragraph of page.paragraphs) expect(saved.paragraphs).toContain(paragraph);
  expect(saved.text).not.toContain('\uFFFD');
}

describe('electron/capture/decode: the EUC-KR fixture', () => {
  const source = readFile(join(euckrDir, 'source.html'));

  it.each([
    ['the Content-Type header', euckrExpected.serveWithContentType, 'header'],
    ['only its <meta> tag', 'text/html', 'meta'],
  ])('comes out as Hangul when the charset is in %s', async (_how, contentType, name) => {
    const bytes = await source;
    expect(decodeHtml(bytes, contentType).charset).toBe('euc-kr');
    const saved = await saveServed(`/euckr/${name}`, bytes, contentType);
    expect(saved.title).toBe(euckrExpected.title);
    for (const paragraph of euckrExpected.mustContain) expect(saved.text).toContain(paragraph);
    for (const banned of euckrExpected.mustNotContain) expect(saved.text).not.toContain(banned);
    expect(saved.text).not.toContain('\uFFFD');
    expect(saved.title).not.toContain('\uFFFD');
  });
});

describe('electron/capture/decode: legacy encodings, from the header or from <meta> alone', () => {
  const cases: { name: string; page: NewsPage; charset: string; decoder: string; meta: (label: string) => string }[] = [
    { name: 'Japanese in Shift_JIS', page: JAPANESE, charset: 'Shift_JIS', decoder: 'shift_jis', meta: (l) => `<meta charset="${l}">` },
    { name: 'Chinese in GB18030', page: SIMPLIFIED_CHINESE, charset: 'GB18030', decoder: 'gb18030', meta: (l) => `<meta charset="${l}">` },
    {
      name: 'traditional Chinese in Big5',
      page: TRADITIONAL_CHINESE,
      charset: 'Big5',
      decoder: 'big5',
      meta: (l) => `<meta http-equiv="Content-Type" content="text/html; charset=${l}">`,
    },
    { name: 'Russian in windows-1251', page: RUSSIAN, charset: 'windows-1251', decoder: 'windows-1251', meta: (l) => `<meta charset=${l}>` },
    { name: 'French in windows-1252', page: FRENCH, charset: 'windows-1252', decoder: 'windows-1252', meta: (l) => `<meta charset="${l}">` },
  ];

  it.each(cases)('$name, declared only in the Content-Type header', async ({ page, charset, decoder }) => {
    const bytes = encode(newsHtml(page), charset);
    const contentType = `text/html; charset=${charset}`;
    expect(decodeHtml(bytes, contentType).charset).toBe(decoder);
    expectExactly(await saveServed(`/header/${decoder}`, bytes, contentType), page);
  });

  it.each(cases)('$name, declared only in <meta>', async ({ page, charset, decoder, meta }) => {
    const bytes = encode(newsHtml(page, meta(charset)), charset);
    expect(decodeHtml(bytes, 'text/html').charset).toBe(decoder);
    expectExactly(await saveServed(`/meta/${decoder}`, bytes, 'text/html'), page);
  });
});

describe('electron/capture/decode: which declaration wins', () => {
  it('a UTF-8 byte-order mark beats a contradicting header and <meta>', async () => {
    const html = newsHtml(JAPANESE, '<meta charset="shift_jis">');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(html, 'utf8')]);
    const contentType = 'text/html; charset=windows-1251';
    const decoded = decodeHtml(bytes, contentType);
    expect(decoded.charset).toBe('utf-8');
    // The mark itself is not part of the page.
    expect(decoded.html).toBe(html);
    expectExactly(await saveServed('/bom', bytes, contentType), JAPANESE);
  });

  it('the header beats a contradicting <meta>', async () => {
    // KOI8-R reads windows-1251 bytes as other Cyrillic letters, not as U+FFFD: only exact text catches it.
    const bytes = encode(newsHtml(RUSSIAN, '<meta charset="koi8-r">'), 'windows-1251');
    const contentType = 'text/html; charset=windows-1251';
    expect(decodeHtml(bytes, contentType).charset).toBe('windows-1251');
    expect(decodeHtml(bytes, 'text/html').charset).toBe('koi8-r');
    expectExactly(await saveServed('/header-beats-meta', bytes, contentType), RUSSIAN);
  });

  it('a page that declares nothing is read as UTF-8 when its bytes are UTF-8', async () => {
    const bytes = Buffer.from(newsHtml(SIMPLIFIED_CHINESE), 'utf8');
    expect(decodeHtml(bytes, 'text/html').charset).toBe('utf-8');
    expectExactly(await saveServed('/undeclared/utf-8', bytes, 'text/html'), SIMPLIFIED_CHINESE);
  });

  it('a page that declares nothing and is not UTF-8 is read as windows-1252', async () => {
    const bytes = encode(newsHtml(FRENCH), 'windows-1252');
    expect(decodeHtml(bytes, 'text/html').charset).toBe('windows-1252');
    expectExactly(await saveServed('/undeclared/windows-1252', bytes, 'text/html'), FRENCH);
  });
});

describe('electron/capture/decode: windows-1252 as the Encoding Standard defines it', () => {
  // Every byte from 0x80 up; iconv-lite leaves the five unassigned ones undefined, WHATWG maps them to U+0081 etc.
  const bytes = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);
  const unassigned = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
  const expected = [...bytes].map((b) => (unassigned.has(b) ? String.fromCharCode(b) : iconv.decode(Buffer.from([b]), 'windows-1252'))).join('');

  it.each(['windows-1252', 'iso-8859-1', 'latin1', 'us-ascii'])('decodes the high half of a page labelled %s', (label) => {
    expect(decodeHtml(bytes, `text/html; charset=${label}`)).toEqual({ html: expected, charset: 'windows-1252' });
  });
});
