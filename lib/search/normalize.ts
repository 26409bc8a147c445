import { stemmer as russianStem } from '@orama/stemmers/russian';

/**
 * How words are compared in search, for Russian, Kazakh and English text. Pure.
 *
 * - Case folded with the root locale (Kazakh and Russian have no special casing rules).
 * - ё is searched as е: Russian text writes either, readers type е.
 * - Latin diacritics are folded (é → e) so a transliterated name is found however it was typed.
 *   Cyrillic letters are NOT decomposed: й is not и, and the Kazakh letters ә ғ қ ң ө ұ ү һ і
 *   are letters of their own (a Kazakh reader typing қ means қ).
 * - Words are runs of letters and digits in any script; everything else separates them.
 * - Russian words are reduced to their stem (Snowball's Russian stemmer), so «выборы» finds
 *   «выборов» and «выборах»: a Russian noun has six cases and a reader types the one in their head.
 *   A word with a letter only Kazakh uses (ә ғ қ ң ө ұ ү һ і) is left whole — there is no
 *   maintained Kazakh stemmer, and a Russian one would cut Kazakh endings wrongly. Latin words are
 *   not stemmed: English barely inflects, and prefixes and typos already cover it.
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

const CYRILLIC_WORD = /^[\u0400-\u04ff]+$/;
const KAZAKH_ONLY_LETTERS = /[әғқңөұүһі]/;
/** Stems seen before: a library repeats the same few hundred thousand words millions of times. */
const stems = new Map<string, string>();
const MAX_CACHED_STEMS = 200_000;

/** The stem a normalized word is indexed and searched under (itself when it is not Russian). */
function stemTerm(normalized: string): string {
  if (!CYRILLIC_WORD.test(normalized) || KAZAKH_ONLY_LETTERS.test(normalized)) return normalized;
  let stem = stems.get(normalized);
  if (stem === undefined) {
    stem = russianStem(normalized) || normalized;
    if (stems.size >= MAX_CACHED_STEMS) stems.clear();
    stems.set(normalized, stem);
  }
  return stem;
}

/**
 * A word as the index keeps it (normalized, then stemmed), or null for a word not worth
 * indexing: one-letter words are noise in every one of our languages.
 */
export function processTerm(term: string): string | null {
  const normalized = normalizeTerm(term);
  return normalized.length > 1 || /\p{N}/u.test(normalized) ? stemTerm(normalized) : null;
}
