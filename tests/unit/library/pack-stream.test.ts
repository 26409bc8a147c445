import { describe, expect, it } from 'vitest';
import {
  BLOCK_BYTES,
  PART_BLOCKS,
  createBlockHasher,
  createBlockWriter,
} from '../../../lib/library/pack/block-writer';
import { ArticleScanner, decodeArticle } from '../../../lib/library/pack/pack-scanner';
import { TextArticleScanner, bytesOf, decodeInPieces, type TextArticle } from './pack-text-reference';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The text of a small version-2 pack, as the exporter lays it out. */
const PACK =
  '<!doctype html><html><body><nav><ol><li><a href="#a1">Один</a></li></ol></nav><main>' +
  '\n<!--vp:a1--><article id="a1" data-vp="a1"><h2>Один 😀</h2><div data-vp-body><p title="&lt;!--vp:a9--&gt;">Текст</p><article><p>nested</p></article></div></article>' +
  '\n<!--vp:a2--><article id="a2" data-vp="a2"><h2>Екі</h2><div data-vp-body><p>Мәтін <!-- a comment --> ok</p></div></article>' +
  '\n<!--vp:a3--><article id="a3" data-vp="a3"><h2>Three</h2><div data-vp-body><p>text</p></div></article>' +
  '\n<!--/vp--></main><script type="application/json" id="vantage-pack">{}</script><!--vp:a4--></body></html>';

/** The articles the import reads from the file's bytes cut in pieces of `size`, each as its text. */
function scanInPieces(text: string | Uint8Array, size: number, maxBytes = 1e6): TextArticle[] {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const scanner = new ArticleScanner(maxBytes);
  const out = [];
  for (let at = 0; at < bytes.length; at += size) out.push(...scanner.push(bytes.subarray(at, at + size)));
  return [...out, ...scanner.end()].map((a) =>
    'bytes' in a ? { key: a.key, html: decodeArticle(a.bytes) } : a,
  );
}

/** What the text scanner every earlier build used read from the same bytes, decoded as they streamed. */
function scanTextInPieces(bytes: Uint8Array, size: number, maxChars = 1e6): TextArticle[] {
  const scanner = new TextArticleScanner(maxChars);
  const out: TextArticle[] = [];
  for (const text of decodeInPieces(bytes, size)) out.push(...scanner.push(text));
  return [...out, ...scanner.end()];
}

describe('the pack scanner finds each article, wherever the stream is cut', () => {
  it('every piece size (1 character and up) gives the same articles as the whole text', () => {
    const whole = scanInPieces(PACK, PACK.length);
    expect(whole.map((a) => a.key)).toEqual(['a1', 'a2', 'a3']);
    expect(whole[0]).toMatchObject({
      html: expect.stringMatching(/^<article id="a1"[\s\S]*nested[\s\S]*<\/article>\n$/),
    });
    // A comment that is not a marker stays part of its article.
    expect(whole[1]).toMatchObject({ html: expect.stringContaining('<!-- a comment --> ok') });
    // Nothing after the end marker is read, not even a marker.
    for (let size = 1; size <= 80; size++)
      expect(scanInPieces(PACK, size), `pieces of ${size}`).toEqual(whole);
  });

  it('an article longer than its cap is refused and not held; the next one is read', () => {
    const big = PACK.replace('<p>Мәтін', `<p>${'x'.repeat(5000)}Мәтін`);
    for (const size of [7, 100, 4096]) {
      const out = scanInPieces(big, size, 1000);
      expect(out.map((a) => ('refused' in a ? `${a.key}:${a.refused}` : a.key))).toEqual([
        'a1',
        'a2:article too large',
        'a3',
      ]);
    }
  });

  it('a file cut off inside an article: that article is refused, the ones before it read', () => {
    const cut = PACK.slice(0, PACK.indexOf('<h2>Three'));
    const out = scanInPieces(cut, 13);
    expect(out.map((a) => ('refused' in a ? `${a.key}:${a.refused}` : a.key))).toEqual([
      'a1',
      'a2',
      'a3:article cut off',
    ]);
  });

  it('markers with bad keys are text, not articles; text before the first marker is not kept', () => {
    const odd = `<!--vp:-->${'y'.repeat(3000)}<!--vp:${'k'.repeat(65)}--><!--vp:a b-->\n<!--vp:ok--><p>x</p><!--/vp-->`;
    for (const size of [1, 5, 64]) {
      const out = scanInPieces(odd, size, 100);
      expect(out).toEqual([{ key: 'ok', html: '<p>x</p>' }]);
    }
  });
});

describe('the pack scanner reads bytes: the same articles, the same text, as the text scanner before it', () => {
  const encode = (text: string) => new TextEncoder().encode(text);
  // Hostile bytes where the scanner cuts: unfinished UTF-8 sequences just before a marker and at
  // an article's end, a stray continuation byte after one, a byte-order mark opening an article
  // and the file, 4-byte characters, markers whose keys are not ASCII, a marker cut short.
  const files: [string, Uint8Array][] = [
    ['the exporter’s layout', encode(PACK)],
    [
      'broken UTF-8 at the cuts',
      bytesOf(
        [0xef, 0xbb, 0xbf],
        '<p>before</p>',
        [0xd0],
        '<!--vp:a1-->',
        [0x80, 0xbf],
        '<p>Ж',
        [0xe2, 0x82],
        '</p>',
        [0xf0, 0x9f, 0x98],
        '<!--vp:a2-->',
        [0xef, 0xbb, 0xbf],
        '<p>😀 ',
        [0xff, 0xfe],
        '</p><!--vp:ключ--><!--vp:a',
        [0xc3, 0xa9],
        '--><!--vp:a3--><p>x</p>',
        [0xe0],
        '<!--/vp-->tail',
      ),
    ],
    ['cut inside a marker', encode(PACK.slice(0, PACK.indexOf('<!--vp:a3') + 9))],
    [
      'a long key, then a marker without its close',
      encode(`<!--vp:${'k'.repeat(64)}--><p>ж</p><!--vp:${'й'.repeat(40)}<!--vp:z--><p>z</p>`),
    ],
  ];
  it('for every piece size from 1 byte, on broken and hostile bytes', () => {
    for (const [name, bytes] of files)
      for (let size = 1; size <= 90; size++)
        expect(scanInPieces(bytes, size), `${name}, pieces of ${size}`).toEqual(
          scanTextInPieces(bytes, size),
        );
  });

  it('an article over the cap is refused by both (the cap counts bytes now, characters before)', () => {
    const big = encode(PACK.replace('<p>Мәтін', `<p>${'x'.repeat(5000)}Мәтін`));
    for (const size of [7, 100, 4096])
      expect(scanInPieces(big, size, 1000)).toEqual(scanTextInPieces(big, size, 1000));
  });
});

describe('the block writer: a file written in 1 MiB pieces, each hashed as it is cut', () => {
  it('writes exactly the UTF-8 bytes of the text, with multi-byte characters split across blocks', async () => {
    // Characters of 1, 2, 3 and 4 bytes, so block edges fall inside every kind.
    const unit = 'a' + 'ж' + 'ә' + '€' + '😀' + '\ud800'; /* a lone surrogate: U+FFFD */
    const text = unit.repeat(Math.ceil((2.5 * BLOCK_BYTES) / 14));
    const expected = new TextEncoder().encode(text);
    for (const pieces of [1, 3, 1000]) {
      const writer = createBlockWriter({ hash: true });
      // Pieces end on whole characters, as the exporter's strings do.
      const step = Math.ceil(text.length / pieces / unit.length) * unit.length;
      for (let at = 0; at < text.length; at += step) writer.write(text.slice(at, at + step));
      const { parts, bytes, digests } = await writer.finish();
      expect(bytes).toBe(expected.length);
      expect(parts.map((part) => part.size)).toEqual([expected.length]);
      const written = new Uint8Array(await new Blob(parts).arrayBuffer());
      expect(hex(written.subarray(0, 64))).toBe(hex(expected.subarray(0, 64)));
      expect(Buffer.compare(written, expected)).toBe(0);
      // The reader cuts the same blocks from the bytes it reads, in any piece sizes.
      const hasher = createBlockHasher();
      for (let at = 0; at < written.length; at += 65_537) hasher.push(written.subarray(at, at + 65_537));
      const read = await hasher.finish();
      expect(read.bytes).toBe(bytes);
      expect(read.digests.map(hex)).toEqual(digests.map(hex));
      expect(digests).toHaveLength(3);
    }
  });

  it('without a signature nothing is hashed', async () => {
    const writer = createBlockWriter({ hash: false });
    writer.write('x'.repeat(BLOCK_BYTES + 1));
    const { parts, digests } = await writer.finish();
    expect(parts.map((p) => p.size)).toEqual([BLOCK_BYTES + 1]);
    expect(digests).toEqual([]);
  });

  it('hands the blocks on as Blob parts of 8 MiB, not one per block, and hashes each 1 MiB block', async () => {
    const writer = createBlockWriter({ hash: true });
    const blocks = 2 * PART_BLOCKS + 3;
    for (let n = 0; n < blocks; n++) writer.write(String.fromCharCode(97 + (n % 26)).repeat(BLOCK_BYTES));
    writer.write('z');
    const { parts, bytes, digests } = await writer.finish();
    expect(PART_BLOCKS).toBe(8);
    expect(parts.map((p) => p.size)).toEqual([
      PART_BLOCKS * BLOCK_BYTES,
      PART_BLOCKS * BLOCK_BYTES,
      3 * BLOCK_BYTES + 1,
    ]);
    expect(bytes).toBe(blocks * BLOCK_BYTES + 1);
    expect(digests).toHaveLength(blocks + 1);
    const written = new Uint8Array(await new Blob(parts).arrayBuffer());
    const hasher = createBlockHasher();
    hasher.push(written);
    expect((await hasher.finish()).digests.map(hex)).toEqual(digests.map(hex));
    expect(written[PART_BLOCKS * BLOCK_BYTES]).toBe(97 + (PART_BLOCKS % 26));
  });
});
