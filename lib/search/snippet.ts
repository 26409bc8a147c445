import { processTerm, tokenize } from './normalize';

export interface SnippetPart {
  text: string;
  match: boolean;
}

/**
 * Words of article text as the index keeps them, remembered: a passage is looked for in 30
 * articles after every keystroke, and a word matched only by a typo is looked for through the
 * whole text — ≈ 15 ms of the page's thread per keystroke when each word was normalized and
 * stemmed again (issue #17, sixth round). Texts repeat the same words; bounded like the stems.
 */
const terms = new Map<string, string | null>();
const MAX_CACHED_TERMS = 100_000;
function termOf(word: string): string | null {
  let term = terms.get(word);
  if (term === undefined) {
    term = processTerm(word);
    if (terms.size >= MAX_CACHED_TERMS) terms.clear();
    terms.set(word, term);
  }
  return term;
}

/**
 * A short passage of the text around the first words that match the query, with those words
 * marked — rendered as text nodes and <mark>, never as HTML. Pure.
 */
export function snippet(text: string, query: string, length = 220): SnippetPart[] {
  // Compared as the index compares them (stems), so «выборы» marks «выборов» in the passage.
  const wanted = tokenize(query)
    .map(processTerm)
    .filter((term): term is string => term !== null);
  if (!wanted.length || !text) return [{ text: text.slice(0, length), match: false }];
  const isMatch = (word: string) => {
    const stem = termOf(word);
    return stem !== null && wanted.some((term) => stem.startsWith(term));
  };
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  const first = words.find((word) => isMatch(word[0]));
  const start = first ? Math.max(0, (first.index ?? 0) - Math.floor(length / 3)) : 0;
  // Start and end on a word boundary.
  const from = start === 0 ? 0 : text.indexOf(' ', start) + 1 || start;
  const to = Math.min(text.length, from + length);
  const passage = text.slice(from, to);
  const parts: SnippetPart[] = [];
  let last = 0;
  for (const word of passage.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (!isMatch(word[0])) continue;
    const at = word.index ?? 0;
    if (at > last) parts.push({ text: passage.slice(last, at), match: false });
    parts.push({ text: word[0], match: true });
    last = at + word[0].length;
  }
  if (last < passage.length) parts.push({ text: passage.slice(last), match: false });
  if (from > 0) parts.unshift({ text: '… ', match: false });
  if (to < text.length) parts.push({ text: ' …', match: false });
  return parts;
}
