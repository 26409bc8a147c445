/**
 * An article's id is a hash of its canonical URL, so a re-fetch of the same page replaces the
 * stored copy instead of duplicating it. 128 bits of SHA-256 in hex: collisions are not a concern
 * at library sizes, and the key stays short in every image key (`${id}/${n}`).
 */
export async function articleId(canonicalUrl: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalUrl));
  return Array.from(new Uint8Array(digest).subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}
