import type { Category } from '../lib/targets/types';
import { SUB_KINDS, type Blocking, type Confidence, type ConnectionState } from '../lib/verdict/types';

/** Message keys (public/_locales) for the domain's words, in one place. */
export const CATEGORY_KEY: Record<Category, string> = {
  social: 'categorySocial',
  messengers: 'categoryMessengers',
  news: 'categoryNews',
  circumvention: 'categoryCircumvention',
  'control-domestic': 'categoryControlDomestic',
  'control-global': 'categoryControlGlobal',
  other: 'categoryOther',
};

export const VERDICT_KEY: Record<Blocking, string> = {
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

export const CONFIDENCE_KEY: Record<Confidence, string> = {
  confirmed: 'confidenceConfirmed',
  likely: 'confidenceLikely',
  possible: 'confidencePossible',
};

export const STATE_KEY: Record<ConnectionState, [title: string, explain: string]> = {
  normal: ['stateNormal', 'stateNormalExplain'],
  selective: ['stateSelective', 'stateSelectiveExplain'],
  whitelist: ['stateWhitelist', 'stateWhitelistExplain'],
  shutdown: ['stateShutdown', 'stateShutdownExplain'],
  'captive-portal': ['stateCaptive', 'stateCaptiveExplain'],
  offline: ['stateOffline', 'stateOfflineExplain'],
  throttled: ['stateThrottled', 'stateThrottledExplain'],
  unknown: ['stateUnknown', 'stateUnknownExplain'],
};

/** Colour families for verdict badges: blocked, degraded, fine, unknown. */
export function tone(blocking: Blocking): 'bad' | 'warn' | 'ok' | 'none' {
  if (blocking === 'accessible') return 'ok';
  if (blocking === 'throttled' || blocking === 'down') return 'warn';
  if (blocking === 'inconclusive') return 'none';
  return 'bad';
}

/** Message key for a verdict's sub-kind ('tls/reset-after-hello' → 'subKind_tls_reset_after_hello'). */
export function subKindKey(subKind: string): string | undefined {
  // Measurements stored by an older version may carry a sub-kind we no longer have words for.
  if (!(SUB_KINDS as readonly string[]).includes(subKind)) return undefined;
  return `subKind_${subKind.replace(/[/-]/g, '_')}`;
}
