/**
 * Only the extension's own pages may ask the background to act: content from the web
 * (and other extensions) is hostile. Decided from the sender's id and URL, which a web
 * page cannot forge (cf. uBlock Origin's privileged channel).
 */
export interface SenderLike {
  id?: string;
  url?: string;
}

export function isOwnPage(sender: SenderLike, ownId: string, ownOrigin: string): boolean {
  if (sender.id !== ownId) return false;
  if (!sender.url) return false;
  return sender.url.startsWith(ownOrigin);
}
