import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { LAB_HOSTS } from './hosts';
import { streetPng } from './street-png';
import { widePhotoPng } from './wide-photo';

/**
 * The offline library's sites in the lab: real news pages and feeds from the corpus
 * (tests/fixtures/{pages,feeds}, attribution in tests/fixtures/feeds/ATTRIBUTION.md and tests/fixtures/pages/SOURCES.md), served on the news hosts,
 * and hostile feeds on their own paths. State (which articles the feed lists, what was asked)
 * lives in a LibrarySites object a test can keep across lab restarts.
 *
 *   https://azattyq.lab.test/news/             a site front page advertising its feed (<link rel=alternate>)
 *   https://azattyq.lab.test/feed.xml          RSS 2.0 of the listed articles; ETag + Last-Modified, 304s
 *   https://azattyq.lab.test/articles/NAME     corpus page NAME (bbc-1, lemonde-1 …) or 'lab-photo'
 *   https://azattyq.lab.test/articles/account  an article as a logged-in reader sees it (account menu,
 *                                              "Выйти"), with a tracker's pixel on another site and an
 *                                              image on the site's own loopback address
 *   https://azattyq.lab.test/articles/wide-photo  an article whose photo is wider than the reader
 *   https://azattyq.lab.test/images/N.png      images; /images/huge.png is over the per-image cap;
 *                                              /images/wide.png a 2,400×1,600 photo just under it
 *   https://azattyq.lab.test/heavy.xml         a feed of four 'heavy-N' articles, ~2.7 MB of images each (budget tests)
 *   https://vlast.lab.test/hostile/…           bomb.xml, huge.xml (50 MB), trickle.xml (never ends),
 *                                              gzip.xml, cp1251.xml, notafeed.html, saxerror.xml, 500.xml
 */
export interface LibrarySites {
  /** Article names the feed lists, newest first. */
  articles: string[];
  /** Every path asked of the library paths, with the conditional header it carried. */
  requests: { host: string; path: string; ifNoneMatch?: string }[];
  /** Bumped when `articles` changes, so the feed's ETag changes with it. */
  version: number;
}

const CORPUS_ARTICLES = ['bbc-1', 'lemonde-1', 'heise', 'lwn-1', 'wikipedia', 'ars-1', 'la-nacion', 'rtl-1'];

export function createLibrarySites(articles = ['lab-photo', 'bbc-1', 'lemonde-1', 'heise']): LibrarySites {
  return { articles: [...articles], requests: [], version: 1 };
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const page = (name: string) => readFileSync(join(FIXTURES, 'pages', name, 'source.html'));
const feedFile = (name: string) => readFileSync(join(FIXTURES, 'feeds', name));
// A 1×1 PNG; padded so each image has a size worth counting.
const PNG = Buffer.concat([
  Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
    'hex',
  ),
  Buffer.alloc(20 * 1024),
]);

/** The lab article's photo: a drawn picture, so the reader's screenshots show a saved image. */
const STREET = streetPng();
/** Drawn on first request (about a second of work), then the same bytes for every request. */
let widePhoto: Buffer | undefined;
export const WIDE_PHOTO_TITLE = 'Алматы вечером: город без сети';
const HEAVY = ['heavy-1', 'heavy-2', 'heavy-3', 'heavy-4'];
const HEAVY_IMAGE = randomBytes(900 * 1024);

export const LAB_PHOTO_TITLE = 'Алматы: жители остались без связи';

function labPhotoPage(): string {
  const para =
    '<p>Жители Алматы рассказали, что мобильный интернет отключили утром, а к вечеру перестали работать и проводные сети. ' +
    'Алматы тұрғындары таңертең мобильді интернет өшірілгенін айтты. Люди искали новости у соседей и по радио.</p>';
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>${LAB_PHOTO_TITLE}</title>
<link rel="canonical" href="/articles/lab-photo"><meta name="author" content="Лаборатория Vantage"></head>
<body><header><nav><a href="/">Главная</a></nav></header><article><h1>${LAB_PHOTO_TITLE}</h1>
${para.repeat(6)}<figure><img src="/images/1.png" alt="Улица"><figcaption>Улица в центре города</figcaption></figure>
${para.repeat(3)}<img src="/images/2.png" alt="Площадь"><img src="/images/huge.png" alt="Слишком большой"><img src="/images/vector.svg" alt="svg">
<img src="/images/1.png" onerror="alert(1)" alt="again"><script>document.title='pwned'</script>
<a href="javascript:alert(1)">ссылка</a> <a href="/articles/bbc-1">BBC</a>${para.repeat(3)}</article>
<footer>© lab</footer></body></html>`;
}

/**
 * A report whose one photo is as a news site serves it: 2,400 px wide, most of a megabyte
 * (tests/lab/wide-photo.ts) — wider than the reader's column will ever show it.
 */
function widePhotoPage(): string {
  const para =
    '<p>Вечером в Алматы снова пропала связь: в окнах горел свет, но ни мобильный, ни домашний интернет не работали. ' +
    'Кешке қарай Алматыда байланыс тағы үзілді.</p>';
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>${WIDE_PHOTO_TITLE}</title></head>
<body><article><h1>${WIDE_PHOTO_TITLE}</h1>${para.repeat(5)}<figure><img src="/images/wide.png" alt="Город вечером">
<figcaption>Город вечером</figcaption></figure>${para.repeat(4)}</article></body></html>`;
}

/** The tracker the account page's pixel points at: another registrable domain than the site's. */
export const LAB_TRACKER_HOST = 'pixel.adnet.test';

/**
 * A news site's article as its logged-in reader sees it: the account menu shows the reader's
 * e-mail and a "Выйти" link, as Russian-language news sites' paywalled pages do; the article
 * carries an analytics pixel on another site (with the reader's id in its address) and an image
 * on the site's own address written as an IP literal — a private address for a page to aim at.
 */
function accountPage(host: string): string {
  const para =
    '<p>Редакция благодарит подписчиков: благодаря вам мы продолжаем писать о событиях в Алматы. ' +
    'Подписка позволяет читать материалы без рекламы и поддерживает независимую журналистику.</p>';
  const ip = LAB_HOSTS.find((h) => h.name === host)?.ip ?? host;
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Письмо подписчикам</title></head>
<body><header><nav><a href="/">Главная</a><div class="user-menu">aigul@mail.kz · <a href="/logout">Выйти</a></div></nav></header>
<article><h1>Письмо подписчикам</h1>${para.repeat(6)}<figure><img src="/images/1.png" alt="Улица"><figcaption>Улица</figcaption></figure>
<img src="http://${LAB_TRACKER_HOST}/images/pixel.png?uid=42" alt="" width="1" height="1">
<img src="http://${ip}/images/private.png" alt="Внутренний адрес">${para.repeat(3)}</article></body></html>`;
}

function rss(host: string, sites: LibrarySites): string {
  const base = Date.parse('2026-11-20T08:00:00Z');
  const items = sites.articles
    .map(
      (name, i) => `<item><title>${name}</title><link>https://${host}/articles/${name}</link>
<guid>https://${host}/articles/${name}</guid><pubDate>${new Date(base - i * 3_600_000).toUTCString()}</pubDate></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Азаттық (lab)</title>
<link>https://${host}/news/</link><language>ru</language><description>lab feed</description>${items}</channel></rss>`;
}

const BOMB =
  '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">' +
  Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`,
  ).join('') +
  ']><rss version="2.0"><channel><title>&j;</title><item><title>&j;</title><link>https://vlast.lab.test/x</link></item></channel></rss>';

/** Answer a library path; false when the path is not one of ours (the lab's default page follows). */
export function handleLibrary(
  sites: LibrarySites,
  host: string,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const ours =
    path === '/news/' ||
    path === '/feed.xml' ||
    path === '/heavy.xml' ||
    path.startsWith('/articles/') ||
    path.startsWith('/images/') ||
    path.startsWith('/hostile/');
  if (!ours) return false;
  const ifNoneMatch = req.headers['if-none-match'];
  sites.requests.push({ host, path, ...(typeof ifNoneMatch === 'string' ? { ifNoneMatch } : {}) });
  const html = { 'content-type': 'text/html; charset=utf-8' };

  if (path === '/news/') {
    res.writeHead(200, html).end(`<!doctype html><html><head><title>${host}</title>
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml"></head><body><h1>${host}</h1></body></html>`);
    return true;
  }
  if (path === '/feed.xml') {
    const etag = `"feed-v${sites.version}"`;
    const lastModified = new Date(Date.parse('2026-11-20T08:00:00Z') + sites.version * 60_000).toUTCString();
    if (ifNoneMatch === etag) {
      res.writeHead(304, { etag, 'last-modified': lastModified }).end();
      return true;
    }
    res.writeHead(200, {
      'content-type': 'application/rss+xml; charset=utf-8',
      etag,
      'last-modified': lastModified,
    });
    res.end(rss(host, sites));
    return true;
  }
  if (path === '/heavy.xml') {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(rss(host, { articles: HEAVY, requests: [], version: 1 }));
    return true;
  }
  if (path.startsWith('/articles/heavy-')) {
    const name = path.slice('/articles/'.length);
    const images = [1, 2, 3, 4].map((n) => `<img src="/images/${name}-${n}.jpg" alt="photo ${n}">`).join('');
    res.writeHead(200, html)
      .end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title></head>
<body><article><h1>${name}</h1>${'<p>A report with many photographs, each close to the per-image cap, to fill the library.</p>'.repeat(10)}${images}</article></body></html>`);
    return true;
  }
  if (path.startsWith('/images/heavy-')) {
    // Incompressible, just under the 1 MB per-image cap: three fit in an article's 3 MB.
    res.writeHead(200, { 'content-type': 'image/jpeg' }).end(HEAVY_IMAGE);
    return true;
  }
  if (path.startsWith('/articles/')) {
    const name = path.slice('/articles/'.length);
    if (name === 'lab-photo') return (void res.writeHead(200, html).end(labPhotoPage()), true);
    if (name === 'wide-photo') return (void res.writeHead(200, html).end(widePhotoPage()), true);
    if (name === 'account') return (void res.writeHead(200, html).end(accountPage(host)), true);
    if (!CORPUS_ARTICLES.includes(name)) return (void res.writeHead(404, html).end('not found'), true);
    res.writeHead(200, html).end(page(name));
    return true;
  }
  if (path.startsWith('/images/')) {
    if (path === '/images/huge.png') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(3 * 1024 * 1024, 1));
    } else if (path === '/images/vector.svg') {
      res
        .writeHead(200, { 'content-type': 'image/svg+xml' })
        .end('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    } else if (path === '/images/wide.png') {
      res.writeHead(200, { 'content-type': 'image/png' }).end((widePhoto ??= widePhotoPng()));
    } else if (path === '/images/1.png') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(STREET);
    } else {
      res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    }
    return true;
  }
  // Hostile feeds.
  switch (path) {
    case '/hostile/bomb.xml':
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(BOMB);
      return true;
    case '/hostile/huge.xml': {
      // 50 MB, streamed: the library must stop at its cap, not download it all.
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>huge</title>');
      const chunk = Buffer.from(`<item><title>${'x'.repeat(1000)}</title></item>`.repeat(64));
      let left = 50 * 1024 * 1024;
      const pump = () => {
        while (left > 0) {
          left -= chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('</channel></rss>');
      };
      res.on('close', () => (left = 0));
      pump();
      return true;
    }
    case '/hostile/trickle.xml': {
      // Never ends: one byte a second, forever.
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>');
      const timer = setInterval(() => res.write('x'), 1000);
      res.on('close', () => clearInterval(timer));
      return true;
    }
    case '/hostile/gzip.xml':
      // A gzip file served as XML without Content-Encoding (what some CMS plugins do).
      res.writeHead(200, { 'content-type': 'application/xml' }).end(feedFile('compressed.xml'));
      return true;
    case '/hostile/gzip-encoded.xml':
      // Properly Content-Encoding'd: the browser inflates it.
      res.writeHead(200, {
        'content-type': 'application/rss+xml; charset=utf-8',
        'content-encoding': 'gzip',
      });
      res.end(
        gzipSync(
          Buffer.from(
            rss(host, { articles: ['lab-photo'], requests: [], version: 1 }).replace(
              'Азаттық (lab)',
              'gzip-encoded',
            ),
          ),
        ),
      );
      return true;
    case '/hostile/cp1251.xml':
      // windows-1251, declared only in the XML declaration.
      res.writeHead(200, { 'content-type': 'application/xml' }).end(feedFile('iconv.xml'));
      return true;
    case '/hostile/notafeed.html':
      res.writeHead(200, html).end(feedFile('notafeed.html'));
      return true;
    case '/hostile/saxerror.xml':
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedFile('saxerror.xml'));
      return true;
    case '/hostile/500.xml':
      res.writeHead(500, html).end('oops');
      return true;
    default:
      res.writeHead(404, html).end('not found');
      return true;
  }
}
