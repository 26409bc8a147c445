/**
 * What of a page's address the library keeps. Addresses are stored, shown on the
 * "Saved from" line and written into packs someone else may read, so everything that can
 * identify the person — session tokens, e-mails, login or share ids, campaign tags — goes.
 * Only parameters that name the content itself stay (an allow-list: a deny-list would miss the
 * next tracker's name), and the fragment goes with the rest.
 *
 * Left out on purpose: search words (`q`, `query`, `s`, `text`) — what someone searched for says
 * more about them than about the page; `t`, `token`, `key`, `sid`, `u`, `uid`, `ref` — tokens,
 * timestamps, user or referrer ids. The price: a site that tells articles apart only by another
 * parameter stores them under one address (a later one replaces the earlier).
 */
const CONTENT_PARAMS: readonly string[] = [
  'id',
  'p',
  'page',
  'article',
  'story',
  'v',
  'lang',
  'nid',
  'newsid',
  'news_id',
  'aid',
  'post',
];

/** An allowed parameter still goes when its value looks like a person (an e-mail) or a secret. */
const PERSONAL_VALUE = /@|%40/i;
const MAX_VALUE_CHARS = 64;

/** The address without identifying parameters or fragment; not an http(s) URL → returned as it was. */
export function cleanUrl(address: string): string {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return address;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return address;
  url.hash = '';
  url.username = '';
  url.password = '';
  const kept = [...url.searchParams].filter(
    ([name, value]) =>
      CONTENT_PARAMS.includes(name.toLowerCase()) &&
      !PERSONAL_VALUE.test(value) &&
      value.length <= MAX_VALUE_CHARS,
  );
  url.search = kept.length ? new URLSearchParams(kept).toString() : '';
  return url.href;
}
