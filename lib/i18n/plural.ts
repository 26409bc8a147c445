import type { Translate } from './translate';

/**
 * A message with a count, in the grammatical form the language needs: the key `base` has variants
 * `base_one`, `base_few`, `base_many`, `base_other` (only those the language uses), picked by
 * CLDR's rules through Intl.PluralRules — Russian has three forms (1 статья, 2 статьи, 5 статей,
 * 21 статья), English two, Kazakh keeps the noun singular after a number. The count is `$1`;
 * further substitutions follow as `$2`….
 */
export function plural(
  t: Translate,
  language: string,
  base: string,
  count: number,
  ...rest: (string | number)[]
): string {
  const key = `${base}_${pluralCategory(language, count)}`;
  const text = t(key, count, ...rest);
  // A form this language's file does not have (or an engine without the language's rules):
  // the general form, never the key.
  return text === key ? t(`${base}_other`, count, ...rest) : text;
}

const rules = new Map<string, Intl.PluralRules | null>();

function pluralCategory(language: string, count: number): Intl.LDMLPluralRule {
  let rule = rules.get(language);
  if (rule === undefined) {
    try {
      rule = new Intl.PluralRules(language);
    } catch {
      rule = null;
    }
    rules.set(language, rule);
  }
  return rule ? rule.select(count) : 'other';
}
