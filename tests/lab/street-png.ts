import { crc32, deflateSync } from 'node:zlib';

/**
 * A picture the lab's article can show (mountains over a street at dusk), drawn here so the
 * screenshots of the reader show a real saved photo rather than a 1×1 pixel. A valid PNG:
 * RGB, 8 bits, each row filtered "none", deflated.
 */
export function streetPng(width = 480, height = 270): Buffer {
  const rows: Buffer[] = [];
  const mountain = (x: number) =>
    height * 0.42 + Math.sin(x / 37) * 18 + Math.sin(x / 11) * 6 - Math.max(0, 60 - Math.abs(x - 300) / 2);
  const buildings = [
    [20, 90, 150],
    [100, 150, 120],
    [170, 230, 175],
    [250, 320, 110],
    [340, 400, 160],
    [410, 470, 135],
  ];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const t = y / height;
      let rgb = [Math.round(40 + 150 * t), Math.round(70 + 110 * t), Math.round(140 + 60 * t)]; // sky
      if (y > mountain(x)) rgb = [90, 100, 120]; // mountains
      if (y > mountain(x) && y < mountain(x) + 8 && x % 7 < 5) rgb = [235, 240, 245]; // snow
      for (const [from, to, top] of buildings) {
        if (x >= from! && x < to! && y > height - top!) {
          const window = (x - from!) % 12 < 6 && (y - (height - top!)) % 16 > 8 && y < height - 30;
          rgb = window ? [250, 210, 120] : [45, 50, 60];
        }
      }
      if (y > height - 30) rgb = [70, 70, 75]; // street
      if (y > height - 18 && y < height - 15 && x % 40 < 22) rgb = [230, 230, 230]; // road markings
      row.set(rgb, 1 + x * 3);
    }
    rows.push(row);
  }
  return encodeRgbPng(width, height, Buffer.concat(rows));
}

/**
 * A PNG of `raw`: RGB rows of 8 bits, each starting with its filter byte ("none"), deflated.
 * Shared with the library benchmark's pictures (bench/library-corpus/images.ts).
 */
export function encodeRgbPng(width: number, height: number, raw: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
