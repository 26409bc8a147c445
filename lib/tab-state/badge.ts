import type { Blocking, Confidence, ConnectionState } from '../verdict/types';
import { isSpecialUseUrl } from '../targets';

/** What the toolbar button says about the tab it is shown for. */
export type TabState =
  | 'neutral' // discreet, or not a web page: the toolbar says nothing about the tab
  | 'not-checked' // no measurement (or before consent), or a local/private/.onion page
  | 'checking' // a diagnosis of this site is in flight
  | 'offline' // the last run found no network at all: no site's old verdict applies
  | 'blocked'
  | 'unclear' // down, throttled or inconclusive: neither blocked nor reachable
  | 'reachable';

export interface TabFacts {
  url: string | undefined;
  /** settings.discreetToolbar: the user chose a toolbar that tells nothing to someone looking. */
  discreet: boolean;
  consented: boolean;
  /** A diagnosis of the tab's site is running. */
  pending: boolean;
  /** The newest measurement of the tab's site, if any. */
  measurement?: { blocking: Blocking; confidence: Confidence; time: number };
  /** The last run's connection state and when it closed. */
  connection?: { state: ConnectionState; at: number };
}

/** The state the toolbar shows, in the order the questions must be asked. */
export function tabState(facts: TabFacts): TabState {
  if (facts.discreet || !facts.url || !isWebPage(facts.url)) return 'neutral';
  // Never checked, never sent to a resolver (lib/targets/special-use.ts): nothing to tell.
  if (isSpecialUseUrl(facts.url) || !facts.consented) return 'not-checked';
  if (facts.pending) return 'checking';
  const { measurement, connection } = facts;
  // An older verdict says nothing while the whole connection is down; a newer one does.
  if (connection?.state === 'offline' && (!measurement || measurement.time <= connection.at))
    return 'offline';
  if (!measurement) return 'not-checked';
  if (measurement.blocking === 'accessible') return 'reachable';
  if (['down', 'throttled', 'inconclusive'].includes(measurement.blocking)) return 'unclear';
  return 'blocked';
}

/**
 * Badge text and colour: signs, not words, so they read the same in every language and fit the
 * four characters Chrome shows; the words are in the title. No badge where nothing is known.
 */
export const BADGE: Record<TabState, { text: string; color: string }> = {
  neutral: { text: '', color: '#5f6368' },
  'not-checked': { text: '', color: '#5f6368' },
  checking: { text: '…', color: '#5f6368' },
  offline: { text: '×', color: '#37474f' },
  blocked: { text: '!', color: '#c62828' },
  unclear: { text: '?', color: '#b26a00' },
  reachable: { text: '✓', color: '#2e7d32' },
};

export type TitleTranslate = (key: string, ...substitutions: string[]) => string;

/** Verdict words shared with the popup (components/labels.ts holds the same keys for pages). */
const VERDICT_WORDS: Record<Blocking, string> = {
  accessible: 'verdictAccessible',
  dns: 'verdictDns',
  tcp_ip: 'verdictTcpIp',
  tls: 'verdictTls',
  'http-failure': 'verdictHttpFailure',
  'http-blockpage': 'verdictHttpBlockpage',
  throttled: 'verdictThrottled',
  down: 'verdictDown',
  inconclusive: 'verdictInconclusive',
};
const CONFIDENCE_WORDS: Record<Confidence, string> = {
  confirmed: 'confidenceConfirmed',
  likely: 'confidenceLikely',
  possible: 'confidencePossible',
};

/**
 * The toolbar button's tooltip, in words. Never the site's name: the tab shows it already, and a
 * tooltip is one more place it would be read from the screen.
 */
export function tabTitle(t: TitleTranslate, state: TabState, facts: TabFacts): string {
  const m = facts.measurement;
  switch (state) {
    case 'neutral':
      return t('tabStateTitleNeutral');
    case 'not-checked':
      return t(facts.url && isSpecialUseUrl(facts.url) ? 'tabStateTitleLocal' : 'tabStateTitleNotChecked');
    case 'checking':
      return t('tabStateTitleChecking');
    case 'offline':
      return t('tabStateTitleOffline');
    case 'reachable':
      return t('tabStateTitleVerdict', t(VERDICT_WORDS.accessible));
    default:
      return m
        ? t('tabStateTitleVerdictSure', t(VERDICT_WORDS[m.blocking]), t(CONFIDENCE_WORDS[m.confidence]))
        : t('tabStateTitleNotChecked');
  }
}

function isWebPage(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
