/**
 * The exported file's name: the date tells two exports apart, and nothing in it says more than
 * "Vantage settings" to whoever looks at the downloads folder.
 */
export function settingsFileName(now: Date = new Date()): string {
  return `vantage-settings-${now.toISOString().slice(0, 10)}.json`;
}

/**
 * Which top-level keys of an imported file were taken, given the keys the import reported as
 * ignored. Read from the file itself because importPreset only lists what it refused; a file
 * that is not a settings file has nothing accepted.
 */
export function acceptedKeys(text: string, ignored: readonly string[]): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const settings = isRecord(parsed) && isRecord(parsed.settings) ? parsed.settings : {};
  return Object.keys(settings).filter((key) => !ignored.includes(key));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
