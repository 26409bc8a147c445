import type { Confidence } from '../verdict/types';

/**
 * A blockpage read by what it says, not by its exact bytes. OONI's fingerprints are exact
 * substrings of pages seen before; a national blockpage that says the same thing with another
 * word order, declension, an extra word, in Kazakh, or split by markup slips past them.
 *
 * Each signal is one independent reason to think the page is a block notice; the confidence is
 * the number of them (one: possible, two: likely, three or more: confirmed). Wording counts only
 * on a page shaped like a notice — short, the wording in its title or opening — so an article
 * about censorship, or a long page that mentions a block in passing, is never one.
 */
export type BlockSignalCode =
  | 'block-wording' // "access … restricted", "resource … blocked", "қолжетімділік … шектелген"
  | 'legal-basis' // a court, prosecutor or ministry decision; article 15.1 of 149-FZ; article 41-1
  | 'size-drop' // a small page where this target usually serves a much bigger one
  | 'status-451' // HTTP 451 Unavailable For Legal Reasons (RFC 7725)
  | 'redirect-with-original-url'; // redirected to another site carrying our own URL in its query

export interface BlockSignal {
  code: BlockSignalCode;
  detail: string;
}

export interface BlockNotice {
  confidence: Confidence;
  signals: BlockSignal[];
}

export interface BlockNoticeInput {
  /** The URL that was asked for. */
  url: string;
  body?: string;
  bodyBytes: number;
  status?: number;
  /** Every redirect target, in order. */
  redirectTargets: string[];
  /** Median body size of this target's earlier working measurements, when there are some. */
  usualBodyBytes?: number;
}

/** Longer visible text than this is an ordinary page (a notice is a heading and a paragraph or two). */
export const NOTICE_MAX_TEXT = 3_000;
/** Wording counts only in the title or this many characters of the opening text. */
const NOTICE_OPENING = 600;
/** A page this many times smaller than usual, and under SIZE_DROP_MAX_BYTES, has shrunk to a notice. */
const SIZE_DROP_RATIO = 10;
const SIZE_DROP_MAX_BYTES = 20 * 1024;

const INLINE_TAGS = /<\/?(?:b|i|u|em|strong|span|font|small|big|a|abbr|mark|sup|sub|wbr)\b[^>]*>/gi;

/** Kazakh letters to their Russian look-alikes, so a page typed with either spelling reads the same. */
const KAZAKH: Record<string, string> = {
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
  ё: 'е',
};

function decodeEntities(text: string): string {
  const named: Record<string, string> = {
    nbsp: ' ',
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    laquo: '«',
    raquo: '»',
  };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n =
        code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : ' ';
    }
    return named[code.toLowerCase()] ?? whole;
  });
}

/**
 * Visible text, normalised: scripts and styles dropped, inline markup removed without a gap (a
 * word split as `огранич<b>ен</b>` joins up), other tags as spaces, entities decoded, lower case,
 * ё as е, Kazakh letters as their Russian look-alikes, whitespace collapsed.
 */
export function normalizeText(html: string): string {
  const text = html
    .replace(/<(script|style|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(INLINE_TAGS, '')
    .replace(/<[^>]*>/g, ' ');
  return decodeEntities(text)
    .toLowerCase()
    .replace(/[әғқңөұүһіё]/g, (ch) => KAZAKH[ch] ?? ch)
    .replace(/\s+/g, ' ')
    .trim();
}

function titleOf(html: string): string {
  const heads = [...html.matchAll(/<(title|h1|h2)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi)].map((m) => m[2]);
  return normalizeText(heads.join(' . '));
}

// Word stems of block notices, on normalised text (Kazakh letters already folded: қолжетімділік →
// колжетимдилик, бұғатталған → бугатталган, шектелген → шектелген).
const SUBJECT =
  /^(доступ|access|колжетимд|жетимд|ресурс|интернет-ресурс|сайт|site|website|resource|страниц|page|веб-сайт)/;
const PREDICATE =
  /^(огранич|заблокир|блокирован|закрыт|запрещ|restrict|limited|blocked|шектел|шектеу|бугаттал|жабык|тыйым)/;
const WINDOW = 6;

function wordsOf(text: string): string[] {
  return text.split(/[^\p{L}\p{N}.-]+/u).filter(Boolean);
}

/** A subject stem (access, resource, site) within a few words of a predicate stem (restricted, blocked), either order. */
function blockWording(text: string): string | undefined {
  const words = wordsOf(text);
  for (let i = 0; i < words.length; i++) {
    if (!SUBJECT.test(words[i]!)) continue;
    for (let j = Math.max(0, i - WINDOW); j <= Math.min(words.length - 1, i + WINDOW); j++) {
      if (j !== i && PREDICATE.test(words[j]!)) {
        const [from, to] = i < j ? [i, j] : [j, i];
        return words.slice(from, to + 1).join(' ');
      }
    }
  }
  return undefined;
}

const AUTHORITY =
  /(^|[^\p{L}])(суд(а|ом|у|е|ебн\p{L}*|ьи|ья)?|прокурор\p{L}*|прокуратур\p{L}*|генпрокуратур\p{L}*|министерств\p{L}*|роскомнадзор\p{L}*|ркн|court|prosecutor\p{L}*|ministry|сот(ы|тын|тан|ынын|ынан)?|министрлиг\p{L}*)([^\p{L}]|$)/u;
const DECISION = /(решени|постановлени|предписани|decision|order|ruling|шешим|нускам|талап)/;
const LAW =
  /(стать\p{L}*\s+\d+(?:[.-]\d+)*|article\s+\d+(?:[.-]\d+)*|\d+(?:-\d+)*-бап\p{L}*|бап\p{L}*\s+\d+(?:-\d+)*|15\.1|15-1|149-фз|41-1)/u;

function legalBasis(text: string): string | undefined {
  const law = text.match(LAW);
  if (law) return law[0];
  const authority = text.match(AUTHORITY);
  if (authority && DECISION.test(text)) return authority[2];
  return undefined;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The last two labels: example.com for www.example.com. Good enough to tell "another site". */
function siteOf(host: string): string {
  return host.split('.').slice(-2).join('.');
}

/**
 * Redirected to another site whose query carries our address (`/?url=http://site/`), as
 * Rostelecom's warning.rt.ru and many ISP block hosts do. Sign-in and consent pages do this too
 * (…?continue=https://site/), which is why a redirect alone is only possible.
 */
function redirectWithOriginalUrl(input: BlockNoticeInput): string | undefined {
  const ours = hostOf(input.url);
  if (!ours) return undefined;
  for (const target of input.redirectTargets) {
    const host = hostOf(target);
    if (!host || siteOf(host) === siteOf(ours)) continue;
    let query: string;
    try {
      query = decodeURIComponent(new URL(target).search).toLowerCase();
    } catch {
      continue;
    }
    if (query.includes(ours)) return target;
  }
  return undefined;
}

function kb(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Reads a response for the signals of a block notice; undefined when it has none that can stand. */
export function readBlockNotice(input: BlockNoticeInput): BlockNotice | undefined {
  const signals: BlockSignal[] = [];
  const html = input.body ?? '';
  const text = normalizeText(html);
  const shortPage = text.length <= NOTICE_MAX_TEXT;
  if (shortPage && text.length > 0) {
    const opening = `${titleOf(html)} . ${text.slice(0, NOTICE_OPENING)}`;
    const wording = blockWording(opening);
    if (wording) signals.push({ code: 'block-wording', detail: `the page says “${wording}”` });
    const legal = wording ? legalBasis(text) : undefined;
    if (legal) signals.push({ code: 'legal-basis', detail: `it cites a legal basis (“${legal}”)` });
  }
  if (input.status === 451) {
    signals.push({
      code: 'status-451',
      detail: 'the server answered HTTP 451 Unavailable For Legal Reasons',
    });
  }
  const redirect = redirectWithOriginalUrl(input);
  if (redirect) {
    signals.push({
      code: 'redirect-with-original-url',
      detail: `redirected to another site carrying this address in its query: ${redirect.slice(0, 200)}`,
    });
  }
  // Size alone is no notice (sites change); it only strengthens one that says or does something.
  if (signals.length === 0) return undefined;
  const usual = input.usualBodyBytes;
  if (
    usual !== undefined &&
    input.bodyBytes > 0 &&
    input.bodyBytes <= SIZE_DROP_MAX_BYTES &&
    input.bodyBytes * SIZE_DROP_RATIO <= usual
  ) {
    signals.push({
      code: 'size-drop',
      detail: `the page is ${kb(input.bodyBytes)} where this site usually serves ${kb(usual)}`,
    });
  }
  const confidence: Confidence =
    signals.length >= 3 ? 'confirmed' : signals.length === 2 ? 'likely' : 'possible';
  return { confidence, signals };
}
