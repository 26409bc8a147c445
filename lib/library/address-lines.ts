/**
 * The "add sources" box takes several addresses, one per line (or separated by spaces or
 * commas, as pasted from a message). Each line gets its own answer, so nothing is dropped
 * silently; duplicates are asked once.
 */
export const MAX_ADDRESS_LINES = 100;

export function splitAddressLines(text: string): { addresses: string[]; truncated: boolean } {
  const seen = new Set<string>();
  const addresses: string[] = [];
  for (const piece of text.split(/[\s,]+/)) {
    const typed = piece.trim();
    if (!typed) continue;
    // "vlast.kz" as people write it: https:// is what they mean (and all we fetch well).
    const address = /^[a-z][a-z0-9+.-]*:/i.test(typed) ? typed : `https://${typed}`;
    if (seen.has(address)) continue;
    seen.add(address);
    addresses.push(address);
  }
  return {
    addresses: addresses.slice(0, MAX_ADDRESS_LINES),
    truncated: addresses.length > MAX_ADDRESS_LINES,
  };
}
