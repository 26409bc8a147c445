import { describe, expect, it } from 'vitest';
import { HeadScanner } from '../../../lib/library/pack/pack-head';
import { ANY_SIGNATURE_TAG } from '../../../lib/library/pack/signature';

const MANIFEST_OPEN = '<script type="application/json" id="vantage-pack">';

/** What every build before the byte scan did, on the decoded text of each piece (reference). */
function textScan(pieces: Uint8Array[]): { tag: boolean; manifest?: string } {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let seeking = '';
  let manifest: string | undefined;
  let done = false;
  const onText = (text: string): boolean => {
    const window = carry + text;
    if (ANY_SIGNATURE_TAG.test(window)) return true;
    carry = window.slice(-4096);
    if (done) return false;
    if (manifest === undefined) {
      seeking += text;
      const at = seeking.indexOf(MANIFEST_OPEN);
      if (at < 0) {
        seeking = seeking.slice(-MANIFEST_OPEN.length);
        return false;
      }
      manifest = seeking.slice(at + MANIFEST_OPEN.length);
      seeking = '';
    } else manifest += text;
    const end = manifest.indexOf('</script');
    if (end >= 0) {
      manifest = manifest.slice(0, end);
      done = true;
    }
    return false;
  };
  for (const piece of pieces) {
    const text = decoder.decode(piece, { stream: true });
    if (text && onText(text)) return { tag: true };
  }
  const rest = decoder.decode();
  if (rest && onText(rest)) return { tag: true };
  return done ? { tag: false, manifest: manifest! } : { tag: false };
}

function byteScan(pieces: Uint8Array[]): { tag: boolean; manifest?: string } {
  const scan = new HeadScanner();
  for (const piece of pieces) {
    expect(scan.push(piece)).toBeUndefined();
    if (scan.tagFound) return { tag: true };
  }
  const manifest = scan.manifest();
  return manifest === undefined ? { tag: false } : { tag: false, manifest };
}

function cut(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.slice(at, at + size));
  return out;
}

const page = (body: string, manifest = '{"format":"vantage-pack","articles":[]}') =>
  `<!doctype html><html><body><main>\n<!--vp:a1--><article data-vp="a1"><div data-vp-body>${body}</div></article>\n<!--/vp--></main>` +
  `${MANIFEST_OPEN}${manifest}</script><script>var x-1;</script></body></html>`;

const CASES: Record<string, string> = {
  plain: page('<p>Текст — қазақша 😀 text</p><img src="data:image/png;base64,iVBORw0KGgo=">'),
  'quoted id in text': page('<p>ends with &lt;script id="vantage-pack-signature"&gt; ok</p>'),
  'id as bare text': page('<p>vantage-pack-signature VANTAGE-PACK-SIGNATURE</p>'),
  'a tag with the id': page('<p id="vantage-pack-signature">x</p>'),
  'a tag with the id in capitals': page("<P ID = 'VANTAGE-Pack-Signature'>x</P>"),
  'a tag, the id unquoted and far from "<"': page(
    `<div title="${'я'.repeat(3000)}" id=vantage-pack-signature>x</div>`,
  ),
  'id followed by a word character': page('<p id="vantage-pack-signatures">x</p>'),
  'id after a long tag': page(
    `<img src="data:image/png;base64,${'A'.repeat(10000)}" id="vantage-pack-signature">`,
  ),
  'a second manifest': page('<p>x</p>').replace('</main>', `</main>${MANIFEST_OPEN}{"a":1}</script>`),
  'no manifest': page('<p>x</p>').replace(MANIFEST_OPEN, '<script>'),
  'manifest never closed': page('<p>x</p>').replace(/<\/script>.*$/, ''),
  'manifest with non-ASCII': page('<p>x</p>', '{"title":"Жаңалықтар — 😀 </scrip"}'),
};

describe('the first pass over a pack reads bytes and decides as the text scan did', () => {
  for (const [name, html] of Object.entries(CASES))
    it(name, () => {
      const bytes = new TextEncoder().encode(html);
      const sizes = [1, 2, 3, 5, 7, 13, 21, 22, 23, 50, 64, 100, 333, 4096, 65536, bytes.length];
      for (const size of sizes) {
        const pieces = cut(bytes, size);
        const bytesSay = byteScan(pieces);
        const textSays = textScan(pieces);
        // The same verdict, or a tag the text scan missed: its window was 4,096 characters
        // before each piece, the byte scan's is 16 KB, so a tag that starts further back is
        // seen by it only.
        if (!(bytesSay.tag && !textSays.tag)) expect(bytesSay, `pieces of ${size}`).toEqual(textSays);
        else expect(name, `pieces of ${size}`).toBe('id after a long tag');
      }
    });

  it('finds what it should', () => {
    const scan = (html: string) => byteScan(cut(new TextEncoder().encode(html), 7));
    expect(scan(CASES.plain!)).toEqual({ tag: false, manifest: '{"format":"vantage-pack","articles":[]}' });
    expect(scan(CASES['a tag with the id in capitals']!).tag).toBe(true);
    expect(scan(CASES['quoted id in text']!).tag).toBe(false);
    expect(scan(CASES['id after a long tag']!).tag).toBe(true);
  });

  it('refuses a manifest over its cap without holding more', () => {
    const scan = new HeadScanner();
    const open = new TextEncoder().encode(MANIFEST_OPEN);
    expect(scan.push(open)).toBeUndefined();
    const piece = new Uint8Array(1024 * 1024).fill(0x61);
    let refused;
    for (let i = 0; i < 70 && !refused; i++) refused = scan.push(piece);
    expect(refused).toMatchObject({
      kind: 'refused',
      failure: { reason: 'malformed', detail: 'manifest too large' },
    });
  });
});
