/**
 * Words a data bundle carries (a site's display name) are shown as text, never as markup, and
 * must read the same to everyone: no markup characters (a bundle is data, and a name with `<`
 * means someone made a mistake or is trying something), no control characters, and no Unicode
 * direction overrides or isolates, which can make "kaspi.kz" display as something else (the
 * "Trojan Source" trick, CVE-2021-42574).
 */
// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[\u0000-\u001f\u007f-\u009f<>\u202a-\u202e\u2066-\u2069]/u;

export function plainTextProblem(value: unknown, maxChars: number): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value.trim() === '') return 'must not be empty';
  if (value.length > maxChars) return `must be at most ${maxChars} characters`;
  if (NOT_PLAIN.test(value)) return 'must be plain text (no <, >, control or direction characters)';
  return undefined;
}
