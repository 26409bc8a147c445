import type { Translate } from '../../lib/i18n';
import type { Settings } from '../../lib/settings';

/** What every options section receives: the current settings, a saver and the translator. */
export interface SectionProps {
  settings: Settings;
  /** Validate (migrateSettings) and store a change at once; the page announces "saved". */
  save(change: Partial<Settings>): Promise<void>;
  t: Translate;
  language: string;
}
