import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { processPage } from '../../../lib/library/process-page';
import { sanitizeArticleHtml } from '../../../lib/library/sanitize';

// A real DOM, as the offscreen document / Firefox event page give us in the extension.
const { window } = new JSDOM('<!doctype html><html><body></body></html>', {
  url: 'https://vantage.invalid/',
});
const win = window as unknown as Window;

const PAGES = ['bbc-1', 'lemonde-1', 'heise', 'lwn-1', 'wikipedia', 'ars-1', 'la-nacion', 'rtl-1'];
const words = (s: string) =>
  s
    .toLowerCase()
    .split(/\W+/u)
    .filter((w) => w.length > 3);

describe('processPage on real news pages (Readability’s expected output)', () => {
  for (const name of PAGES) {
    it(`extracts ${name}: its title and (nearly) the expected text`, () => {
      const source = readFileSync(`tests/fixtures/pages/${name}/source.html`, 'utf8');
      const expectedHtml = readFileSync(`tests/fixtures/pages/${name}/expected.html`, 'utf8');
      const meta = JSON.parse(readFileSync(`tests/fixtures/pages/${name}/expected-metadata.json`, 'utf8'));
      const page = processPage(source, `https://${name}.example/articles/1`, win);
      if (!page.ok) throw new Error(page.reason);
      expect(page.title).toBe(meta.title);
      const expectedText = new JSDOM(expectedHtml).window.document.body.textContent ?? '';
      const want = new Set(words(expectedText));
      const got = new Set(words(page.text));
      const overlap = [...want].filter((w) => got.has(w)).length / want.size;
      expect(overlap, 'share of the expected words we kept').toBeGreaterThan(0.95);
      expect(page.html).not.toMatch(/<script|<style|\son\w+=|style=/i);
    });
  }

  it('makes links absolute against the article’s address and marks them noopener noreferrer', () => {
    const html = `<html><head><title>t</title></head><body><article><h1>Title</h1>${'<p>Paragraph of real text for the reader to keep, long enough. </p>'.repeat(12)}<p><a href="/other">other</a> <img src="img/a.jpg" alt="a"></p></article></body></html>`;
    const page = processPage(html, 'https://news.example/2026/story.html', win);
    if (!page.ok) throw new Error(page.reason);
    expect(page.html).toContain('href="https://news.example/other"');
    expect(page.html).toContain('rel="noopener noreferrer"');
    expect(page.imageUrls).toEqual(['https://news.example/2026/img/a.jpg']);
  });

  it('keys an article by its canonical URL only when it stays on the same site', () => {
    const body = `<body><article><h1>T</h1>${'<p>Some article text that is long enough to be an article. </p>'.repeat(12)}</article></body>`;
    const same = processPage(
      `<head><link rel="canonical" href="/a?x=1"></head>${body}`,
      'https://n.example/a?utm=1#top',
      win,
    );
    const other = processPage(
      `<head><link rel="canonical" href="https://victim.example/a"></head>${body}`,
      'https://n.example/a',
      win,
    );
    expect(same.ok && same.canonicalUrl).toBe('https://n.example/a?x=1');
    expect(other.ok && other.canonicalUrl).toBe('https://n.example/a');
  });

  it('keeps a short important page whole (sanitized) when Readability declines it', () => {
    const html = `<html><head><title>Экстренные службы</title></head><body><ul><li>Полиция: 102</li><li>Скорая: 103</li>
      <li>Единый номер: 112</li></ul><script>steal()</script><a href="javascript:x()">x</a></body></html>`;
    const page = processPage(html, 'https://gov.example/112', win);
    if (!page.ok) throw new Error(page.reason);
    expect(page.title).toBe('Экстренные службы');
    expect(page.text).toContain('Скорая: 103');
    expect(page.html).toContain('<li>Единый номер: 112</li>');
    expect(page.html).not.toMatch(/script|javascript:/);
  });

  it('says a page with no article is not an article', () => {
    expect(processPage('<html><body></body></html>', 'https://n.example/', win)).toMatchObject({
      ok: false,
      reason: 'not-an-article',
    });
  });
});

/** Payloads from the OWASP XSS filter-evasion list and DOMPurify's own test suite. */
const XSS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<img src="https://i.example/a.png" onload="alert(1)">',
  '<a href="javascript:alert(1)">j</a>',
  '<a href="JaVaScRiPt:alert(1)">j2</a>',
  '<a href="  javascript:alert(1)">j3</a>',
  '<a href="jav&#x09;ascript:alert(1)">j4</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>',
  '<a href="vbscript:msgbox(1)">v</a>',
  '<svg><script>alert(1)</script></svg>',
  '<svg onload=alert(1)><animate attributeName=href to=javascript:alert(1)></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<iframe src="https://evil.example/"></iframe>',
  '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<form action="https://evil.example/"><input name="password"><button>go</button></form>',
  '<p style="background:url(https://tracker.example/p.gif)">styled</p>',
  '<style>@import url(https://tracker.example/x.css);</style>',
  '<base href="https://evil.example/">',
  '<link rel="stylesheet" href="https://tracker.example/x.css">',
  '<div onclick="alert(1)" onmouseover="alert(1)">div</div>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<img srcset="https://tracker.example/1x.png 1x" src="https://i.example/b.png">',
  '<a href="https://ok.example/" target="_blank">ok</a>',
  '<details open ontoggle=alert(1)><summary>s</summary></details>',
  '<template><script>alert(1)</script></template>',
  '<p data-x="1" aria-hidden="true" class="c" id="clobber" name="clobber">attrs</p>',
];

describe('sanitizeArticleHtml against hostile HTML', () => {
  // One at a time: an unclosed payload (noscript) would otherwise swallow the ones after it.
  const results = XSS.map((payload) => sanitizeArticleHtml(payload, 'https://news.example/a', win));
  const clean = {
    html: results.map((r) => r.html).join('\n'),
    imageUrls: results.flatMap((r) => r.imageUrls),
  };
  const dom = new JSDOM(`<body>${clean.html}</body>`).window.document;

  it('leaves no script, frame, object, form, svg, math, meta, base, link or style element', () => {
    expect(
      dom.querySelectorAll(
        'script, iframe, object, embed, form, input, button, svg, math, meta, base, link, style, template',
      ),
    ).toHaveLength(0);
  });

  it('leaves no event handler, style, srcset, data-, id or class attribute', () => {
    for (const element of dom.querySelectorAll('*')) {
      for (const attr of element.getAttributeNames()) {
        expect(attr, element.outerHTML).not.toMatch(
          /^on|^style$|^srcset$|^data-|^id$|^class$|^name$|^target$/,
        );
      }
    }
  });

  it('leaves only http(s) and mailto URLs', () => {
    for (const element of dom.querySelectorAll('[href], [src]')) {
      const url = element.getAttribute('href') ?? element.getAttribute('src')!;
      expect(url, element.outerHTML).toMatch(/^(https?:|mailto:)/);
    }
    expect(clean.html).not.toMatch(/javascript:|vbscript:|data:text/i);
  });

  it('keeps the harmless content: text, a safe link, safe images', () => {
    expect(dom.body.textContent).toContain('styled');
    expect(dom.querySelector('a[href="https://ok.example/"]')?.getAttribute('rel')).toBe(
      'noopener noreferrer',
    );
    // `src=x` is a relative URL like any other: resolved, kept, its onerror gone.
    expect(clean.imageUrls).toEqual([
      'https://news.example/x',
      'https://i.example/a.png',
      'https://i.example/b.png',
    ]);
  });
});
