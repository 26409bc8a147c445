/**
 * Turn a feed's or page's bytes into text in the charset it declares. Russian and Kazakh sites
 * still serve windows-1251 and KOI8-R; decoding those as UTF-8 would store mojibake.
 * Order (as browsers do): byte-order mark, then the HTTP Content-Type charset, then the XML
 * declaration or an HTML <meta charset>, else UTF-8. An unknown label falls back to UTF-8. Pure.
 */
export function declaredCharset(bytes: Uint8Array, contentType: string | null | undefined): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const fromHeader = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  if (fromHeader && isKnownCharset(fromHeader)) return fromHeader.toLowerCase();
  // Declarations are ASCII and sit in the first kilobyte.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const fromXml = /^\s*<\?xml[^>]*\sencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  if (fromXml && isKnownCharset(fromXml)) return fromXml.toLowerCase();
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  if (fromMeta && isKnownCharset(fromMeta)) return fromMeta.toLowerCase();
  return 'utf-8';
}

function isKnownCharset(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/** Decode without throwing: malformed sequences become U+FFFD, as a browser shows them. */
export function decodeBody(bytes: Uint8Array, contentType: string | null | undefined): string {
  return new TextDecoder(declaredCharset(bytes, contentType)).decode(bytes);
}
