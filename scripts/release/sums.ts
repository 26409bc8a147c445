/**
 * SHA256SUMS in the format GNU `sha256sum` writes and `sha256sum -c` reads ("<hex>  <name>"),
 * so anyone can check a download without our tools.
 */
import { createHash } from 'node:crypto';

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function formatSums(files: { name: string; data: Uint8Array }[]): string {
  const sorted = [...files].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  return sorted.map((file) => `${sha256Hex(file.data)}  ${file.name}\n`).join('');
}

export type ParsedSums = { ok: true; sums: Map<string, string> } | { ok: false; line: number; text: string };

/** Strict: a line we do not understand means the file is not one we wrote. */
export function parseSums(text: string): ParsedSums {
  const sums = new Map<string, string>();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const [index, line] of lines.entries()) {
    // "  " is text mode, " *" binary mode; both mean the same hash of the same bytes.
    const match = /^([0-9a-f]{64}) [ *](\S(?:.*\S)?)$/.exec(line);
    if (!match || sums.has(match[2]!)) return { ok: false, line: index + 1, text: line };
    sums.set(match[2]!, match[1]!);
  }
  return { ok: true, sums };
}
