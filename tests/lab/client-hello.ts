/**
 * The server name in a TLS ClientHello, or undefined when there is none (an IP-literal URL
 * sends no SNI) or the bytes are not a ClientHello. Only as much parsing as a censor's
 * middlebox does.
 */
export function sniOf(data: Buffer): string | undefined {
  try {
    if (data[0] !== 0x16 || data[5] !== 0x01) return undefined; // handshake record, ClientHello
    let offset = 5 + 4 + 2 + 32; // record header, handshake header, version, random
    offset += 1 + data[offset]!; // session id
    offset += 2 + data.readUInt16BE(offset); // cipher suites
    offset += 1 + data[offset]!; // compression methods
    const extensionsEnd = offset + 2 + data.readUInt16BE(offset);
    offset += 2;
    while (offset + 4 <= extensionsEnd) {
      const type = data.readUInt16BE(offset);
      const length = data.readUInt16BE(offset + 2);
      if (type === 0) {
        const nameLength = data.readUInt16BE(offset + 7);
        return data.toString('ascii', offset + 9, offset + 9 + nameLength).toLowerCase();
      }
      offset += 4 + length;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
