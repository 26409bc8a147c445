/**
 * What a list says about a site, as we keep it: one line of plain text, at most NOTES_MAX
 * characters. Its own module, apart from the Citizen Lab table: stored settings are cleaned with
 * it on every page that reads them (the popup too), the table is needed only where lists are read.
 */
const NOTES_MAX = 300;
export function cleanNotes(raw: string | undefined): string | undefined {
  // Control and format characters (bidi overrides included) could disguise what is shown.
  const text = raw
    ?.replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return undefined;
  return text.length > NOTES_MAX ? `${text.slice(0, NOTES_MAX - 1)}…` : text;
}
