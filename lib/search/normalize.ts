/**
 * How words are compared in search, for Russian, Kazakh and English text. Pure.
 *
 * - Case folded with the root locale (Kazakh and Russian have no special casing rules).
 * - ё is searched as е: Russian text writes either, readers type е.
 * - Latin diacritics are folded (é → e) so a transliterated name is found however it was typed.
 *   Cyrillic letters are NOT decomposed: й is not и, and the Kazakh letters ә ғ қ ң ө ұ ү һ і
 *   are letters of their own (a Kazakh reader typing қ means қ).
 * - Words are runs of letters and digits in any script; everything else separates them.
 */
const LATIN_WITH_MARKS = /([a-z])[\u0300-\u036f]+/g;
const WORD = /[\p{L}\p{N}]+/gu;

export function normalizeTerm(term: string): string {
  return term
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(LATIN_WITH_MARKS, '$1')
    .normalize('NFC')
    .replace(/ё/g, 'е');
}

/** Words of a text, unnormalized (MiniSearch passes each through normalizeTerm). */
export function tokenize(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** A word worth indexing: one-letter words are noise in every one of our languages. */
export function processTerm(term: string): string | null {
  const normalized = normalizeTerm(term);
  return normalized.length > 1 || /\p{N}/u.test(normalized) ? normalized : null;
}
