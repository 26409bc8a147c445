import { readdirSync, readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { sanitizeArticleHtml } from '../../../lib/library/sanitize';
import { packBodyDom, packBodyText, type InlineImages } from '../../../lib/library/pack/pack-body';

const { window } = new JSDOM('<!doctype html><body></body>', { url: 'chrome-extension://x/reader.html' });
const win = window as unknown as Window;
const template = () => win.document.createElement('template');
const bytes = (n: number) => new Uint8Array(Array.from({ length: n }, (_, i) => (i * 37) & 255)).buffer;

/** A body as the library stores it: sanitized, then serialized by the DOM. */
function stored(html: string): string {
  return sanitizeArticleHtml(html, 'https://news.example/a', win).html;
}

function both(html: string, images: InlineImages) {
  const text = packBodyText(html, images);
  const dom = packBodyDom(html, images, template());
  return {
    text: text && { html: text.parts.join(''), images: text.images },
    dom: { html: dom.parts.join(''), images: dom.images },
  };
}

describe('a stored body goes into a pack as text, as the DOM would write it', () => {
  const pages = readdirSync('tests/fixtures/pages', { withFileTypes: true }).filter((d) => d.isDirectory());
  for (const page of pages)
    it(`the ${page.name} page, its pictures held or not`, () => {
      const html = stored(readFileSync(`tests/fixtures/pages/${page.name}/expected.html`, 'utf8'));
      const urls = [
        ...template().ownerDocument.createRange().createContextualFragment(html).querySelectorAll('img'),
      ].map((img) => img.getAttribute('src') ?? '');
      // Every other picture is in the library; the rest become their alt text or go.
      const images: InlineImages = new Map(
        urls
          .filter((_, n) => n % 2 === 0)
          .map((url, n) => [url, { type: 'image/png', bytes: bytes(10 + n) }]),
      );
      const { text, dom } = both(html, images);
      expect(text).toEqual(dom);
    });

  it('addresses and alt text with references, quotes and non-breaking spaces', () => {
    const html = stored(
      '<p>a &lt;b&gt; &amp; c\u00a0d</p><img src="https://x.example/p?a=1&amp;b=&quot;2&quot;" alt="one &amp; &lt;two&gt;" width="10">' +
        '<img src="https://x.example/gone.png" alt=" &quot;q&quot; &amp; \u00a0x ">' +
        '<img src="https://x.example/gone2.png"><figure><img alt="" src="https://x.example/p2.png"></figure>',
    );
    const images: InlineImages = new Map([
      ['https://x.example/p?a=1&b="2"', { type: 'image/webp', bytes: bytes(7) }],
      ['https://x.example/p2.png', { type: 'image/png', bytes: bytes(3) }],
    ]);
    const { text, dom } = both(html, images);
    expect(text).toBeDefined();
    expect(text).toEqual(dom);
    expect(text!.images).toBeGreaterThan(0);
  });

  it('leaves to the DOM what is not plainly a serialized body', () => {
    const images: InlineImages = new Map();
    for (const html of [
      '<p>a<!-- c --></p>',
      '<style>p{}</style><p>a</p>',
      '<p title="<!--vp:a2-->">x</p>',
      '<p a=b>x</p>',
      "<p title='x'>y</p>",
      '<img src="https://x.example/a.png" src="https://x.example/b.png">',
      '<img data-src="https://x.example/a.png" src="https://x.example/b.png">',
      '<img src="https://x.example/a&copy;.png">',
      '<p>1 < 2</p>',
    ])
      expect(packBodyText(html, images), html).toBeUndefined();
    // And the DOM path still never writes a comment.
    expect(
      packBodyDom('<p title="<!--vp:a2-->">x<!-- c --></p>', images, template()).parts.join(''),
    ).not.toContain('<!--');
  });
});
