import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { allPlaced, newPlaceholder, setPicturesAside } from '../../../lib/library/pack/pictures-aside';
import { bytesOf, setPicturesAsideText } from './pack-text-reference';

const { window } = new JSDOM('<!doctype html><body></body>');
const parse = (html: string) => {
  const template = window.document.createElement('template');
  template.innerHTML = html;
  return template;
};
const B64 = 'iVBORw0KGgo/AAA+BBB=';
const encode = (text: string) => new TextEncoder().encode(text);
const uri = `data:image/png;base64,${B64}`;

/** The tree as the import now builds it, with each placeholder put back as the data: URI it stands for. */
function viaPlaceholders(html: string): string | undefined {
  const { html: aside, pictures } = setPicturesAside(encode(html), newPlaceholder());
  const template = parse(aside);
  if (!allPlaced(template.content, pictures)) return undefined;
  for (const element of template.content.querySelectorAll('[src]')) {
    const picture = pictures.get(element.getAttribute('src')!);
    if (picture) element.setAttribute('src', `data:${picture.type};base64,${picture.base64}`);
  }
  return template.innerHTML;
}

describe('pictures set aside before an article is parsed', () => {
  it('an exported article: every picture set aside, the tree the same', () => {
    const html = `<article data-vp="a1"><div data-vp-body><p>Текст</p><img src="${uri}" alt="x" data-src="https://a.example/1.png"><figure><img width="3" src="${uri.replace('png', 'webp')}"></figure></div></article>`;
    const { pictures } = setPicturesAside(encode(html), newPlaceholder());
    expect(pictures.size).toBe(2);
    expect(viaPlaceholders(html)).toBe(parse(html).innerHTML);
  });

  it('a stranger’s markup: the same tree, or the article parsed as it is', () => {
    const cases = [
      // After a value's closing quote: "/" and "=" of base64 are markup there.
      `<img alt="x src="${uri}"=" <img src="${uri}"> ">`,
      `<p title="a src="${uri}"/>t</p><img src="${uri}">`,
      // Inside another quoted value, in text, in a comment, in raw text.
      `<img alt=' src="${uri}"' src="https://a.example/x.png">`,
      `<p> src="${uri}"</p>`,
      `<!-- src="${uri}" --><img src="${uri}">`,
      `<textarea> src="${uri}"</textarea><style> src="${uri}"</style>`,
      // A second src on one element (the parser keeps the first).
      `<img src="${uri}" src="${uri}">`,
      // Not base64 as the pattern reads it: left inline.
      `<img src="data:image/png;base64,${B64} ">`,
      `<img SRC="${uri}"><img src="DATA:IMAGE/PNG;BASE64,${B64}">`,
    ];
    for (const html of cases) {
      const got = viaPlaceholders(html);
      if (got !== undefined) expect(got, html).toBe(parse(html).innerHTML);
    }
    // The quoted-value cases fall back (a placeholder is not a src there).
    expect(viaPlaceholders(cases[0]!)).toBeUndefined();
    expect(viaPlaceholders(cases[3]!)).toBeUndefined();
    expect(viaPlaceholders(cases[6]!)).toBeUndefined();
  });

  it('a pack cannot name a placeholder: each import draws its own', () => {
    expect(newPlaceholder()).toMatch(/^vpimg[0-9a-f]{32}$/);
    expect(newPlaceholder()).not.toBe(newPlaceholder());
  });

  it('reads bytes: the same text and pictures as the regular expression on the decoded text', () => {
    const cases: Uint8Array[] = [
      // The exporter's, and upper case beside it (read only when the lower-case form is there too).
      encode(
        `<p>Текст</p><img src="${uri}" alt="x"><img SRC="${uri}"><img src="DATA:IMAGE/WEBP;BASE64,${B64}">`,
      ),
      encode(`<img SRC="${uri}"><img src="DATA:IMAGE/PNG;BASE64,${B64}">`),
      // Almost the pattern: no subtype, a ";" missing, whitespace or a non-base64 byte in the data, no closing quote.
      encode(
        `<img src="data:image/;base64,${B64}"><img src="data:image/pngbase64,${B64}"><img src="${uri} ">`,
      ),
      encode(`<img src="data:image/png;base64,AA&amp;BB"><img src="data:image/png;base64,${B64}`),
      encode(
        `<img src="data:ımage/png;base64,${B64}"><img src="data:image/pnſ;base64,${B64}"><img src="${uri}">`,
      ),
      // Broken UTF-8 right before and after a picture, and inside one's type and data.
      bytesOf(
        '<p>',
        [0xd0],
        ` src="${uri}"`,
        [0x80],
        '<img src="data:image/p',
        [0xc3, 0xa9],
        `g;base64,${B64}">`,
      ),
      bytesOf(`<img src="data:image/png;base64,AA`, [0xff], `AA"><img src="${uri}">`, [0xe2, 0x82]),
      bytesOf([0xef, 0xbb, 0xbf], `<img src="${uri}"> src="data: src="${uri}"`),
      // Nothing set aside.
      encode('<p>no pictures, ж</p>'),
    ];
    for (const bytes of cases) {
      const placeholder = newPlaceholder();
      // The reference decodes the file whole; a byte-order mark inside the file is a character.
      const whole = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      const reference = setPicturesAsideText(whole, placeholder);
      const got = setPicturesAside(bytes, placeholder);
      expect(got.html, whole).toBe(reference.html);
      expect([...got.pictures], whole).toEqual([...reference.pictures]);
    }
  });
});
