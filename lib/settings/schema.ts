import type { Category, Target } from '../targets/types';

export type Language = 'auto' | 'en' | 'ru' | 'kk';

/**
 * The user's answer on the first-run page (entrypoints/welcome). 'none' = not asked yet: until
 * then Vantage contacts nothing at all. 'now' checks once, then only when asked;
 * 'schedule' checks now and every scheduleMinutes; 'manual' only when asked.
 */
export type ConsentChoice = 'none' | 'now' | 'schedule' | 'manual';
export interface Consent {
  choice: ConsentChoice;
  /** When the user chose (ms since epoch); 0 while 'none'. */
  at: number;
}

/** Everything the user (or a digital-rights group's preset file) can set. Documented in docs/settings.md. */
export interface Settings {
  schemaVersion: number;
  language: Language;
  /** Built-in target pack (lib/targets), e.g. 'kz'; 'none' tests only the user's own list. */
  packId: string;
  /** Sites the user added (by hand, CSV import, or the OONI test list). */
  customTargets: Target[];
  /** Pack entries the user removed. */
  removedTargetIds: string[];
  /**
   * Categories the user gave pack entries, by target id; remembered like removals so the pack's
   * own category can be restored. The user's own sites change in customTargets instead.
   */
  categoryOverrides: Record<string, Category>;
  /** The first-run choice; nothing reaches the network while it is 'none'. Never set by a preset file. */
  consent: Consent;
  /** Minutes between scheduled checks (used only when consent.choice is 'schedule'); 0 turns the schedule off. */
  scheduleMinutes: number;
  /** Diagnose a page the browser failed to open (a check of that site). Off until the user turns it on. */
  diagnoseFailedPages: boolean;
  /**
   * The toolbar button shows nothing about the open site (no badge, a generic title), for a
   * screen others may see (docs/settings.md). The popup is unchanged: opening it is a choice.
   */
  discreetToolbar: boolean;
  /** DNS-over-HTTPS resolvers asked in parallel with every fetch (RFC 8484 endpoints). */
  dohResolvers: string[];
  ooniApiBase: string;
  collectorBase: string;
  /** A plain-HTTP URL that answers 204 when no captive portal is in the way. */
  captiveCheckUrl: string;
  requestTimeoutMs: number;
  concurrency: number;
  retentionDays: number;
  contribute: { enabled: boolean; includeUserTargets: boolean };
  /** The offline library (lib/library): total budget and how often feeds refresh while healthy. */
  library: { budgetMb: number; refreshMinutes: number };
  /** Advice (lib/advice): an https URL of a bypass-mirrors v2 list to refresh from weekly; '' = bundled list only. */
  advice: { mirrorsUrl: string };
  /**
   * Signed data bundle (lib/data-bundle): https addresses asked in turn. A settings file can only
   * suggest one (preset-file.ts); the user adds it.
   */
  dataBundleEndpoints: string[];
}

export const SETTINGS_VERSION = 1;

export const DEFAULT_SETTINGS: Settings = {
  schemaVersion: SETTINGS_VERSION,
  language: 'auto',
  packId: 'kz',
  customTargets: [],
  removedTargetIds: [],
  categoryOverrides: {},
  // Not asked yet. An install from before this field existed reads as 'none' too: that user was
  // never asked, so the first-run page asks them (their data is kept).
  consent: { choice: 'none', at: 0 },
  scheduleMinutes: 30,
  diagnoseFailedPages: false,
  discreetToolbar: false,
  // Three operators in three jurisdictions, so one being blocked still leaves two.
  dohResolvers: [
    'https://cloudflare-dns.com/dns-query',
    'https://dns.google/dns-query',
    'https://dns.quad9.net/dns-query',
  ],
  ooniApiBase: 'https://api.ooni.io',
  collectorBase: 'https://api.ooni.io',
  captiveCheckUrl: 'http://connectivitycheck.gstatic.com/generate_204',
  requestTimeoutMs: 15_000,
  // Blackholed sites each hold a lane for a whole timeout; browsers handle far more sockets than this.
  concurrency: 32,
  retentionDays: 90,
  contribute: { enabled: false, includeUserTargets: false },
  library: { budgetMb: 200, refreshMinutes: 60 },
  // Off by default: the bundled list works offline and asks nobody; a digital-rights group's
  // preset (or the user) can point this at a list it maintains.
  advice: { mirrorsUrl: '' },
  // Empty until the project publishes bundles (docs/distribution.md#data-bundle): nothing is asked.
  dataBundleEndpoints: [],
};
