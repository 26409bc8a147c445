import type { Category } from '../../../lib/targets/types';
import type { Lab } from '../../lab';

export interface PresetTarget {
  url: string;
  name: string;
  category: Category;
}

/** Every single-site scenario of the lab, with the verdict the extension must reach. */
export const SCENARIO_TARGETS: (PresetTarget & { expect: { blocking: string; subKind?: RegExp } })[] = [
  { url: 'https://clean.lab.test/', name: 'clean', category: 'news', expect: { blocking: 'accessible' } },
  {
    url: 'https://nxdomain.lab.test/',
    name: 'nxdomain',
    category: 'news',
    expect: { blocking: 'dns', subKind: /^dns\/nxdomain$/ },
  },
  { url: 'https://gone.lab.test/', name: 'gone', category: 'other', expect: { blocking: 'down' } },
  {
    url: 'http://poisoned.lab.test/',
    name: 'poisoned',
    category: 'news',
    expect: { blocking: 'dns', subKind: /^dns\// },
  },
  {
    url: 'https://refused.lab.test/',
    name: 'refused',
    category: 'news',
    // A lone refusal with DNS consistent with DoH: a dead server looks the same.
    expect: { blocking: 'inconclusive', subKind: /^inconclusive\/refused$/ },
  },
  {
    url: 'https://reset.lab.test/',
    name: 'reset',
    category: 'news',
    expect: { blocking: 'tcp_ip', subKind: /reset/ },
  },
  {
    url: 'http://blackhole.lab.test/',
    name: 'blackhole',
    category: 'news',
    expect: { blocking: 'tcp_ip', subKind: /timeout/ },
  },
  {
    url: 'https://sni-blocked.lab.test/',
    name: 'sni',
    category: 'messengers',
    expect: { blocking: 'tls', subKind: /reset-after-hello/ },
  },
  {
    url: 'https://intercept.lab.test/',
    name: 'intercept',
    category: 'news',
    expect: { blocking: 'tls', subKind: /untrusted-root/ },
  },
  {
    url: 'http://blockpage200.lab.test/',
    name: 'blockpage200',
    category: 'news',
    expect: { blocking: 'http-blockpage' },
  },
  {
    url: 'http://redirect-block.lab.test/',
    name: 'redirect',
    category: 'news',
    expect: { blocking: 'http-blockpage', subKind: /redirect/ },
  },
  {
    url: 'https://throttled.lab.test/',
    name: 'throttled',
    category: 'news',
    expect: { blocking: 'throttled' },
  },
  { url: 'https://http503.lab.test/', name: '503', category: 'news', expect: { blocking: 'accessible' } },
  {
    url: 'https://clean.lab.test/redirect-loop',
    name: 'loop',
    category: 'other',
    // Too many redirects is the site's own fault.
    expect: { blocking: 'down', subKind: /^down\/redirect-loop$/ },
  },
  { url: 'https://clean.lab.test/big', name: 'big', category: 'other', expect: { blocking: 'accessible' } },
  // Issue #13 (verdicts): censor set-ups the lab lacked.
  {
    url: 'http://kz-notice.lab.test/',
    name: 'kz-notice',
    category: 'news',
    expect: { blocking: 'http-blockpage', subKind: /^http-blockpage\/wording$/ },
  },
  {
    url: 'http://ru-notice.lab.test/',
    name: 'ru-notice',
    category: 'news',
    expect: { blocking: 'http-blockpage', subKind: /^http-blockpage\/wording$/ },
  },
  {
    url: 'https://censorship-article.lab.test/',
    name: 'article',
    category: 'news',
    expect: { blocking: 'accessible', subKind: /^accessible\/ok$/ },
  },
  {
    url: 'https://legal451.lab.test/',
    name: '451',
    category: 'news',
    expect: { blocking: 'http-blockpage', subKind: /^http-blockpage\/status-451$/ },
  },
  {
    url: 'http://redirect-url.lab.test/',
    name: 'redirect-url',
    category: 'news',
    expect: { blocking: 'http-blockpage', subKind: /^http-blockpage\/redirect-with-original-url$/ },
  },
  {
    url: 'https://sinkhole.lab.test/',
    name: 'sinkhole',
    category: 'news',
    expect: { blocking: 'dns', subKind: /^dns\/fake-address$/ },
  },
  {
    url: 'http://sinkhole-reset.lab.test/',
    name: 'sinkhole-reset',
    category: 'news',
    expect: { blocking: 'dns', subKind: /^dns\/fake-address$/ },
  },
  {
    url: 'http://redirect-hidden.lab.test/',
    name: 'redirect-hidden',
    category: 'news',
    expect: { blocking: 'dns', subKind: /^dns\/redirect-target$/ },
  },
  {
    url: 'http://redirect-gone.lab.test/',
    name: 'redirect-gone',
    category: 'other',
    expect: { blocking: 'down', subKind: /^down\/redirect-target-gone$/ },
  },
  {
    url: 'http://kz-poisoned.lab.test/',
    name: 'kz-poisoned',
    category: 'news',
    expect: { blocking: 'dns', subKind: /^dns\/mismatch$/ },
  },
  {
    url: 'https://wrong-cert.lab.test/',
    name: 'wrong-cert',
    category: 'other',
    expect: { blocking: 'inconclusive', subKind: /^inconclusive\/cert-mismatch$/ },
  },
  {
    url: 'http://redirect-steered.lab.test/',
    name: 'redirect-steered',
    category: 'news',
    expect: { blocking: 'dns', subKind: /^dns\/redirect-target$/ },
  },
];

const GROUP_CATEGORY: Record<string, Category> = {
  messengers: 'messengers',
  social: 'social',
  news: 'news',
  circumvention: 'circumvention',
  'control-domestic': 'control-domestic',
  'control-global': 'control-global',
};

/** The lab's whole-connection sites (messengers, news, controls …) as targets. */
export function scenarioSiteTargets(lab: Lab): PresetTarget[] {
  return lab.hosts
    .filter((host) => host.group)
    .map((host) => ({
      url: `https://${host.name}/`,
      name: host.name,
      category: GROUP_CATEGORY[host.group!]!,
    }));
}

/** A settings file (the same format users import) pointing every endpoint at the lab. */
export function labPreset(targets: PresetTarget[], overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    format: 'vantage-settings',
    version: 1,
    settings: {
      packId: 'none',
      customTargets: targets.map((t) => ({ ...t, id: t.url, source: 'user' })),
      dohResolvers: ['https://doh1.lab.test/dns-query', 'https://doh2.lab.test/dns-query'],
      ooniApiBase: 'https://api.lab.test',
      collectorBase: 'https://api.lab.test',
      captiveCheckUrl: 'http://captive.lab.test/generate_204',
      requestTimeoutMs: 4_000,
      scheduleMinutes: 0,
      concurrency: 16,
      ...overrides,
    },
  });
}
