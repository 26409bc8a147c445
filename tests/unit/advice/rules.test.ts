import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  adviceForConnection,
  adviceForSite,
  ALL_CARDS,
  splitRepeats,
  wantsAlternatives,
  type SiteSituation,
} from '../../../lib/advice';
import type { Messages } from '../../../lib/i18n/translate';

const ids = (cards: { id: string }[]) => cards.map((c) => c.id);
const site = (over: Partial<SiteSituation>): SiteSituation => ({
  blocking: 'accessible',
  subKind: 'accessible/ok',
  category: 'news',
  host: 'azattyq.org',
  connection: 'selective',
  ...over,
});

describe('advice for the connection as a whole', () => {
  it('tells an offline device that the problem is on this device', () => {
    expect(ids(adviceForConnection({ state: 'offline', blockedCategories: [] }))).toEqual(['offline-device']);
  });

  it('tells someone behind a captive portal to log in first', () => {
    expect(ids(adviceForConnection({ state: 'captive-portal', blockedCategories: [] }))).toEqual([
      'captive-login',
    ]);
  });

  it('offers the offline library, a pack from a friend, SMS/radio and Briar during a shutdown', () => {
    expect(ids(adviceForConnection({ state: 'shutdown', blockedCategories: [] }))).toEqual([
      'offline-library',
      'offline-pack',
      'sms-radio',
      'briar',
    ]);
  });

  it('explains which sites still work under a whitelist and recommends no VPN or Tor', () => {
    const cards = ids(adviceForConnection({ state: 'whitelist', blockedCategories: ['news', 'social'] }));
    expect(cards[0]).toBe('whitelist');
    expect(cards).toContain('offline-library');
    expect(cards).not.toContain('vpn');
    expect(cards).not.toContain('tor-browser');
  });

  it('puts the interception warning first for a connection where sites were intercepted', () => {
    const cards = ids(
      adviceForConnection({ state: 'selective', blockedCategories: ['news', 'social'], intercepted: true }),
    );
    expect(cards[0]).toBe('interception');
    expect(cards).toContain('tor-browser');
    expect(
      ids(adviceForConnection({ state: 'whitelist', blockedCategories: [], intercepted: true }))[0],
    ).toBe('interception');
    expect(ids(adviceForConnection({ state: 'normal', blockedCategories: [], intercepted: false }))).toEqual([
      'prepare',
    ]);
  });

  it('offers each messenger its proxy and Briar when only messengers are blocked', () => {
    expect(ids(adviceForConnection({ state: 'selective', blockedCategories: ['messengers'] }))).toEqual([
      'telegram-proxy',
      'signal-proxy',
      'whatsapp-proxy',
      'briar',
    ]);
  });

  it('offers Tor bridges and Psiphon when circumvention sites themselves are blocked', () => {
    const cards = ids(adviceForConnection({ state: 'selective', blockedCategories: ['circumvention'] }));
    expect(cards).toEqual(['tor-bridges', 'psiphon']);
  });

  it('offers Tor Browser, Psiphon and a VPN when news or social sites are blocked', () => {
    expect(ids(adviceForConnection({ state: 'selective', blockedCategories: ['news', 'social'] }))).toEqual([
      'tor-browser',
      'psiphon',
      'vpn',
    ]);
  });

  it('never shows the same card twice when several categories are blocked', () => {
    const cards = ids(
      adviceForConnection({ state: 'selective', blockedCategories: ['messengers', 'circumvention', 'news'] }),
    );
    expect(new Set(cards).size).toBe(cards.length);
    expect(cards).toEqual(expect.arrayContaining(['telegram-proxy', 'tor-bridges', 'psiphon', 'vpn']));
  });

  it('suggests preparing for a shutdown while the connection is normal', () => {
    expect(ids(adviceForConnection({ state: 'normal', blockedCategories: [] }))).toEqual(['prepare']);
  });

  it('says nothing before the first check', () => {
    expect(adviceForConnection({ state: 'unknown', blockedCategories: [] })).toEqual([]);
  });

  it('suggests slowing-down remedies for a throttled connection', () => {
    expect(ids(adviceForConnection({ state: 'throttled', blockedCategories: [] }))).toEqual([
      'throttled',
      'offline-library',
    ]);
  });
});

describe('advice for one site', () => {
  it('gives no advice for a site that works', () => {
    expect(adviceForSite(site({}))).toEqual([]);
  });

  it('recommends the browser secure DNS first for DNS tampering', () => {
    const cards = ids(adviceForSite(site({ blocking: 'dns', subKind: 'dns/nxdomain' })));
    expect(cards[0]).toBe('secure-dns');
    expect(cards).toContain('tor-browser');
  });

  it('does not recommend secure DNS for a TLS (SNI) reset, which DNS cannot fix', () => {
    const cards = ids(adviceForSite(site({ blocking: 'tls', subKind: 'tls/reset-after-hello' })));
    expect(cards).toEqual(['tor-browser', 'psiphon', 'vpn']);
  });

  it('recommends Tor Browser, Psiphon and a VPN for a TCP/IP block', () => {
    expect(ids(adviceForSite(site({ blocking: 'tcp_ip', subKind: 'tcp_ip/reset' })))).toEqual([
      'tor-browser',
      'psiphon',
      'vpn',
    ]);
  });

  it('puts the interception warning first for an untrusted root', () => {
    const cards = adviceForSite(site({ blocking: 'tls', subKind: 'tls/untrusted-root' }));
    expect(cards[0]!.id).toBe('interception');
    expect(cards[0]!.tone).toBe('warning');
  });

  it('gives a blocked Telegram its own proxy card and Briar, not the other messengers', () => {
    const cards = ids(
      adviceForSite(
        site({
          blocking: 'tls',
          subKind: 'tls/reset-after-hello',
          category: 'messengers',
          host: 'web.telegram.org',
        }),
      ),
    );
    expect(cards.slice(0, 2)).toEqual(['telegram-proxy', 'briar']);
    expect(cards).not.toContain('whatsapp-proxy');
  });

  it('recognises WhatsApp Web and Signal by their host names', () => {
    const whatsapp = adviceForSite(
      site({ blocking: 'tcp_ip', category: 'messengers', host: 'web.whatsapp.com' }),
    );
    const signal = adviceForSite(site({ blocking: 'tcp_ip', category: 'messengers', host: 'signal.org' }));
    expect(whatsapp[0]!.id).toBe('whatsapp-proxy');
    expect(signal[0]!.id).toBe('signal-proxy');
  });

  it('offers every messenger proxy for an unknown blocked messenger', () => {
    const cards = ids(
      adviceForSite(site({ blocking: 'tcp_ip', category: 'messengers', host: 'chat.example' })),
    );
    expect(cards).toEqual(
      expect.arrayContaining(['telegram-proxy', 'signal-proxy', 'whatsapp-proxy', 'briar']),
    );
  });

  it('offers Tor bridges when the Tor Project site itself is blocked', () => {
    const cards = ids(
      adviceForSite(site({ blocking: 'tls', category: 'circumvention', host: 'torproject.org' })),
    );
    expect(cards[0]).toBe('tor-bridges');
  });

  it('says a site that is down everywhere is not blocked, and offers no circumvention', () => {
    expect(ids(adviceForSite(site({ blocking: 'down', subKind: 'down/nxdomain' })))).toEqual(['site-down']);
  });

  it('offers nothing for an inconclusive measurement', () => {
    expect(adviceForSite(site({ blocking: 'inconclusive', subKind: 'inconclusive/unexplained' }))).toEqual(
      [],
    );
  });

  it('does not treat a redirect loop as censorship', () => {
    expect(adviceForSite(site({ blocking: 'http-failure', subKind: 'http-failure/redirect-loop' }))).toEqual(
      [],
    );
  });

  it('recommends circumvention for an ISP blockpage', () => {
    expect(
      ids(adviceForSite(site({ blocking: 'http-blockpage', subKind: 'http-blockpage/fingerprint' }))),
    ).toEqual(['tor-browser', 'psiphon', 'vpn']);
  });

  for (const connection of ['shutdown', 'whitelist', 'offline', 'captive-portal'] as const) {
    it(`leaves the advice to the connection's cards during ${connection}`, () => {
      expect(adviceForSite(site({ blocking: 'tcp_ip', subKind: 'tcp_ip/timeout', connection }))).toEqual([]);
    });
  }
});

describe('site advice beside the connection’s', () => {
  it('names the cards already shown above instead of repeating them, keeping the site’s order', () => {
    const connection = adviceForConnection({ state: 'selective', blockedCategories: ['messengers'] });
    const telegram = adviceForSite(
      site({ blocking: 'tcp_ip', subKind: 'tcp_ip/reset', category: 'messengers', host: 'telegram.org' }),
    );
    const { fresh, above } = splitRepeats(telegram, connection);
    expect(ids(above)).toEqual(['telegram-proxy', 'briar']);
    expect(ids(fresh)).toEqual(['tor-browser', 'psiphon', 'vpn']);
  });

  it('keeps every site card when the connection shows none of them', () => {
    const connection = adviceForConnection({ state: 'normal', blockedCategories: [] });
    const news = adviceForSite(
      site({ blocking: 'tls', subKind: 'tls/reset-after-hello', connection: 'normal' }),
    );
    expect(splitRepeats(news, connection)).toEqual({ fresh: news, above: [] });
  });

  it('can leave nothing new: a news site blocked while news is blocked everywhere', () => {
    const connection = adviceForConnection({ state: 'selective', blockedCategories: ['news'] });
    const news = adviceForSite(site({ blocking: 'tls', subKind: 'tls/reset-after-hello' }));
    const { fresh, above } = splitRepeats(news, connection);
    expect(fresh).toEqual([]);
    expect(ids(above)).toEqual(ids(news));
  });
});

describe('the card catalogue', () => {
  const locales = ['en', 'ru', 'kk'].map(
    (lang) =>
      [lang, JSON.parse(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8')) as Messages] as const,
  );

  it('has unique card ids', () => {
    expect(new Set(ids([...ALL_CARDS])).size).toBe(ALL_CARDS.length);
  });

  for (const card of ALL_CARDS) {
    it(`words the ${card.id} card in every language, including when it does not apply and its risk`, () => {
      const keys = [
        card.titleKey,
        card.bodyKey,
        card.appliesKey,
        card.notAppliesKey,
        card.riskKey,
        ...card.steps.flatMap((s) => [...(s.headingKey ? [s.headingKey] : []), ...s.stepKeys]),
        ...card.links.map((l) => l.labelKey),
      ];
      for (const [lang, messages] of locales) {
        for (const key of keys) expect(messages[key]?.message, `${lang}.${key}`).toBeTruthy();
      }
    });
  }

  it('names a safe place to get every tool it recommends', () => {
    const tools = [
      'tor-browser',
      'tor-bridges',
      'psiphon',
      'telegram-proxy',
      'signal-proxy',
      'whatsapp-proxy',
      'briar',
    ];
    for (const id of tools) {
      const card = ALL_CARDS.find((c) => c.id === id)!;
      const places = card.links.filter((l) => l.kind !== 'extension-page');
      expect(places.length, id).toBeGreaterThan(0);
      for (const place of places) expect(place.url, id).toMatch(/^(https:\/\/|mailto:)/);
    }
  });

  it('offers Tor Browser by email autoresponder for when torproject.org is blocked', () => {
    const tor = ALL_CARDS.find((c) => c.id === 'tor-browser')!;
    expect(tor.links.map((l) => l.url)).toContain('mailto:gettor@torproject.org');
  });
});

describe('when to offer other addresses of a page', () => {
  it('offers them for a blocked or down page while the connection reaches abroad', () => {
    expect(wantsAlternatives('tls', 'selective')).toBe(true);
    expect(wantsAlternatives('down', 'normal')).toBe(true);
  });

  it('does not offer them for a page that works or could not be judged', () => {
    expect(wantsAlternatives('accessible', 'normal')).toBe(false);
    expect(wantsAlternatives('inconclusive', 'normal')).toBe(false);
  });

  it('does not offer them when the device is offline, behind a portal, or cut off', () => {
    for (const state of ['offline', 'captive-portal', 'shutdown'] as const) {
      expect(wantsAlternatives('tcp_ip', state)).toBe(false);
    }
  });
});
