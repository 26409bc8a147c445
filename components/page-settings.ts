import { loadSettings, type Settings } from '../lib/settings';

let first: Promise<Settings> | undefined;

/**
 * The settings as this page opened with them, read from storage once and shared by everything
 * that starts with the page (the popup's first render, its translator, its tab and category
 * views): each read is a round trip through the browser process before the popup can paint.
 * What reacts to a later change (a run finishing) reads them again with loadSettings().
 */
export function pageSettings(): Promise<Settings> {
  first ??= loadSettings();
  return first;
}
