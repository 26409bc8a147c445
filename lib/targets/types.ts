/** What Vantage tests. Categories follow the questions a user asks, not Citizen Lab's codes. */
export type Category =
  'social' | 'messengers' | 'news' | 'circumvention' | 'control-domestic' | 'control-global' | 'other';

export const CATEGORIES: readonly Category[] = [
  'social',
  'messengers',
  'news',
  'circumvention',
  'control-domestic',
  'control-global',
  'other',
];

export interface Target {
  /** Stable id: the normalised URL. */
  id: string;
  url: string;
  name: string;
  category: Category;
  /** Where the entry came from; user-added entries are never contributed without consent. */
  source: 'pack' | 'user' | 'import' | 'ooni';
  /** Citizen Lab category code when known (e.g. NEWS, COMT). */
  categoryCode?: string;
  /** What the list that brought it says about it (Citizen Lab's `notes` column), shown to the user. */
  notes?: string;
}
