import { encodeBase64 } from './base64';

/**
 * One stored body as it goes into a pack: the library's pictures inlined as data: URIs (the
 * original address kept in data-src, so an importer files it under the same address), a picture
 * the library does not hold replaced by its alt text or dropped, and no comment left (no body may
 * contain an article marker, pack-scanner.ts).
 *
 * Issue #17: parsing every stored body into a DOM and serializing it again was the export's
 * largest JavaScript cost. A stored body is the browser's own serialization of a sanitized tree,
 * so its tags can be read as text exactly — every "<" of its text is written "&lt;", every
 * attribute value is double-quoted with its own quotes written "&quot;" — and only the `<img>`
 * tags need rewriting. `packBodyText` does that, and gives up (undefined) on anything that is
 * not plainly such a serialization: a comment, an element whose text is not escaped (script,
 * style…), a "<" that does not start a tag it can read, an entity it does not know; the DOM path
 * (`packBodyDom`) then does the work as before. Parts are returned, not one string, so a picture's
 * base64 is never copied into a two-byte string with the body's Cyrillic text.
 */
export interface PackedBody {
  parts: string[];
  images: number;
}

export type InlineImages = Map<string, { type: string; bytes: ArrayBuffer }>;

export function packBody(html: string, images: InlineImages, template: HTMLTemplateElement): PackedBody {
  return packBodyText(html, images) ?? packBodyDom(html, images, template);
}

/** Elements whose content the serializer writes unescaped, comments, and markup a body never has. */
const NOT_PLAIN =
  /<(?:!|\?|script|style|xmp|iframe|noembed|noframes|plaintext|noscript|textarea|title|template|svg|math)/i;
/** A start tag as the serializer writes it: lowercase name, each attribute as name="value". */
const START_TAG = /<([a-z][a-z0-9-]*)((?: [^\s"'<>/=]+="[^"]*")*)>/y;
const END_TAG = /<\/[a-z][a-z0-9-]*>/y;
const ATTRIBUTE = / ([^\s"'<>/=]+)="([^"]*)"/g;
/** The only references the serializer writes in an attribute value. */
const ENTITY = /&(?:(amp)|(quot)|(nbsp)|(lt)|(gt));/g;

/** The text path; undefined when the body is not plainly a serialization it can read. Pure. */
export function packBodyText(html: string, images: InlineImages): PackedBody | undefined {
  if (NOT_PLAIN.test(html)) return undefined;
  const parts: string[] = [];
  let count = 0;
  let copied = 0;
  let at = html.indexOf('<');
  while (at >= 0) {
    END_TAG.lastIndex = at;
    if (END_TAG.test(html)) {
      at = html.indexOf('<', END_TAG.lastIndex);
      continue;
    }
    START_TAG.lastIndex = at;
    const tag = START_TAG.exec(html);
    if (!tag) return undefined;
    const end = START_TAG.lastIndex;
    if (tag[1] === 'img') {
      const attributes: [string, string][] = [];
      for (const [, name, raw] of tag[2]!.matchAll(ATTRIBUTE)) attributes.push([name!, raw!]);
      const names = attributes.map(([name]) => name);
      // A second attribute of one name, or data-src already there: the DOM decides.
      if (new Set(names).size !== names.length || names.includes('data-src')) return undefined;
      const rawSrc = attributes.find(([name]) => name === 'src')?.[1] ?? '';
      const src = attributeValue(rawSrc);
      if (src === undefined) return undefined;
      const image = images.get(src);
      parts.push(html.slice(copied, at));
      copied = end;
      if (!image) {
        const rawAlt = attributes.find(([name]) => name === 'alt')?.[1];
        const alt = rawAlt === undefined ? '' : attributeValue(rawAlt)?.trim();
        if (alt === undefined) return undefined;
        if (alt) parts.push(`[${escapeText(alt)}]`);
      } else {
        // Attributes in their order, the src value now the picture; then the original address.
        parts.push('<img');
        for (const [name, raw] of attributes)
          if (name === 'src')
            parts.push(` src="data:${image.type};base64,`, encodeBase64(new Uint8Array(image.bytes)), '"');
          else parts.push(` ${name}="${raw}"`);
        count++;
        parts.push(` data-src="${rawSrc}">`);
      }
    }
    at = html.indexOf('<', end);
  }
  parts.push(html.slice(copied));
  return { parts: parts.filter(Boolean), images: count };
}

/** An attribute value as written by the serializer, read back; undefined for any other "&". */
function attributeValue(raw: string): string | undefined {
  if (!raw.includes('&')) return raw;
  const value = raw.replace(ENTITY, (_, amp, quot, nbsp, lt) =>
    amp ? '&' : quot ? '"' : nbsp ? '\u00a0' : lt ? '<' : '>',
  );
  // Every "&" must have been one of those references.
  const known = raw.replace(ENTITY, '').includes('&');
  return known ? undefined : value;
}

function escapeText(text: string): string {
  return text.replace(/[&<>\u00a0]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&nbsp;',
  );
}

/** The DOM path: the stored body parsed into an inert template, rewritten, serialized again. */
export function packBodyDom(html: string, images: InlineImages, template: HTMLTemplateElement): PackedBody {
  const doc = template.ownerDocument;
  template.innerHTML = html;
  // No body may contain an article marker (pack-scanner.ts): comments go (stored bodies have
  // none worth keeping), and "<!--" left in an attribute value is written as "&lt;!--".
  if (html.includes('<!--')) {
    const walker = doc.createTreeWalker(template.content, 128 /* NodeFilter.SHOW_COMMENT */);
    const comments: Node[] = [];
    while (walker.nextNode()) comments.push(walker.currentNode);
    for (const comment of comments) comment.parentNode?.removeChild(comment);
  }
  let count = 0;
  for (const img of [...template.content.querySelectorAll('img')]) {
    const src = img.getAttribute('src') ?? '';
    const image = images.get(src);
    if (!image) {
      const alt = img.getAttribute('alt')?.trim();
      if (alt) img.replaceWith(doc.createTextNode(`[${alt}]`));
      else img.remove();
      continue;
    }
    img.setAttribute('src', `data:${image.type};base64,${encodeBase64(new Uint8Array(image.bytes))}`);
    // Where the image came from, so an importer files it under the same address.
    img.setAttribute('data-src', src);
    count++;
  }
  const out = template.innerHTML;
  template.innerHTML = '';
  return { parts: [out.includes('<!--') ? out.replaceAll('<!--', '&lt;!--') : out], images: count };
}
