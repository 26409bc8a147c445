import type { AdviceCard, AdviceLink, AdviceSteps } from './types';

/**
 * The advice catalogue: data only. The words live in public/_locales/{en,ru,kk}/messages.json
 * under keys derived from each card's `key` (advice<Key>Title, …Body, …Applies, …NotApplies,
 * …Risk); tests/unit/advice/rules.test.ts checks every derived key exists in every locale.
 *
 * Each fact a card states is cited here, next to the card, so a reviewer can check it.
 */

const link = (kind: AdviceLink['kind'], url: string, labelKey: string): AdviceLink => ({
  kind,
  url,
  labelKey,
});
const steps = (prefix: string, count: number, headingKey?: string): AdviceSteps => ({
  ...(headingKey ? { headingKey } : {}),
  stepKeys: Array.from({ length: count }, (_, i) => `${prefix}Step${i + 1}`),
});

function card(
  id: string,
  key: string,
  tone: AdviceCard['tone'],
  extra: { steps?: AdviceSteps[]; links?: AdviceLink[] } = {},
): AdviceCard {
  return {
    id,
    tone,
    titleKey: `advice${key}Title`,
    bodyKey: `advice${key}Body`,
    appliesKey: `advice${key}Applies`,
    notAppliesKey: `advice${key}NotApplies`,
    riskKey: `advice${key}Risk`,
    steps: extra.steps ?? [],
    links: extra.links ?? [],
  };
}

export const CARDS = {
  // Chrome: Settings → Privacy and security → Security → "Use secure DNS" (chrome://settings/security),
  // with a choice of provider — https://blog.chromium.org/2020/05/a-safer-and-more-private-browsing-DoH.html
  // Firefox: Settings → Privacy & Security → "DNS over HTTPS" → Max Protection (never falls back to
  // the system resolver) — https://support.mozilla.org/kb/firefox-dns-over-https
  // Secure DNS changes only who answers the name lookup; it does nothing against an IP block or an
  // SNI filter (OONI, "DNS tampering" vs "TCP/IP blocking": https://ooni.org/support/glossary/).
  secureDns: card('secure-dns', 'SecureDns', 'info', {
    steps: [
      steps('adviceSecureDnsChrome', 3, 'adviceSecureDnsChromeHeading'),
      steps('adviceSecureDnsFirefox', 3, 'adviceSecureDnsFirefoxHeading'),
    ],
  }),

  // Download from https://www.torproject.org/download/; when that site is blocked, GetTor answers
  // an email to gettor@torproject.org and the Telegram bot @gettor_bot with download links
  // (https://tb-manual.torproject.org/downloading/, https://gettor.torproject.org/). Android:
  // Google Play, or F-Droid through the Guardian Project repository (same manual page).
  torBrowser: card('tor-browser', 'TorBrowser', 'info', {
    links: [
      link('official-site', 'https://www.torproject.org/download/', 'adviceLinkOfficialSite'),
      link('email-autoresponder', 'mailto:gettor@torproject.org', 'adviceLinkGettorEmail'),
      link('telegram-bot', 'https://t.me/gettor_bot', 'adviceLinkGettorTelegram'),
    ],
  }),

  // Tor Browser → Settings → Connection → Bridges: "Select a built-in bridge" (Snowflake, obfs4…)
  // or "Request a bridge from torproject.org"; bridges also from https://bridges.torproject.org,
  // by email to bridges@torproject.org from a Gmail or Riseup address, and the Telegram bot
  // @GetBridgesBot — https://tb-manual.torproject.org/bridges/
  torBridges: card('tor-bridges', 'TorBridges', 'info', {
    steps: [steps('adviceTorBridges', 3)],
    links: [
      link('official-site', 'https://bridges.torproject.org/', 'adviceLinkBridgesSite'),
      link('email-autoresponder', 'mailto:bridges@torproject.org', 'adviceLinkBridgesEmail'),
      link('telegram-bot', 'https://t.me/GetBridgesBot', 'adviceLinkBridgesTelegram'),
    ],
  }),

  // Official downloads: https://psiphon.ca/en/download.html (also Google Play and the App Store);
  // an email to get@psiphon3.com is answered with download links (same page; the address is in
  // Psiphon's own site configuration, Psiphon-Inc/psiphon-website, `downloads.email`). Psiphon says it is
  // a circumvention tool, not an anonymity tool — https://psiphon.ca/en/faq.html
  psiphon: card('psiphon', 'Psiphon', 'info', {
    links: [
      link('official-site', 'https://psiphon.ca/en/download.html', 'adviceLinkOfficialSite'),
      link('email-autoresponder', 'mailto:get@psiphon3.com', 'adviceLinkPsiphonEmail'),
    ],
  }),

  // How to judge a VPN provider (ownership, logging, audits): EFF Surveillance Self-Defense,
  // https://ssd.eff.org/module/choosing-vpn-thats-right-you . Free VPN apps: of 283 Android VPN
  // apps studied, 38% were flagged as malware and 18% did not encrypt traffic at all (Ikram et
  // al., "An Analysis of the Privacy and Security Risks of Android VPN Permission-enabled Apps",
  // IMC 2016). Legal restrictions on VPNs vary by country (Freedom House, Freedom on the Net).
  vpn: card('vpn', 'Vpn', 'info', {
    links: [
      link('official-site', 'https://ssd.eff.org/module/choosing-vpn-thats-right-you', 'adviceLinkVpnGuide'),
    ],
  }),

  // Telegram supports MTProto and SOCKS5 proxies: Settings → Data and Storage → Proxy (mobile),
  // Settings → Advanced → Connection type (desktop), or a t.me/proxy link —
  // https://telegram.org/faq (proxies), https://github.com/TelegramMessenger/MTProxy . Cloud chats
  // are encrypted client-server, only Secret Chats end to end — https://telegram.org/faq (encryption).
  telegramProxy: card('telegram-proxy', 'TelegramProxy', 'info', {
    steps: [steps('adviceTelegramProxy', 3)],
    links: [link('official-site', 'https://telegram.org/apps', 'adviceLinkOfficialSite')],
  }),

  // Signal: Settings → Data and storage → Proxy → Use proxy, or open a signal.tube link; the proxy
  // operator cannot see messages or whom you talk to — https://support.signal.org/hc/en-us/articles/360056052052-Proxy-Support
  // Downloads (stores, and the Android APK) — https://signal.org/download/
  signalProxy: card('signal-proxy', 'SignalProxy', 'info', {
    steps: [steps('adviceSignalProxy', 3)],
    links: [link('official-site', 'https://signal.org/download/', 'adviceLinkOfficialSite')],
  }),

  // WhatsApp (since January 2023): Settings → Storage and data → Proxy → Use proxy → address → Save;
  // messages stay end-to-end encrypted, the proxy operator sees your IP address —
  // https://faq.whatsapp.com/520504143274092 (WhatsApp's announcement of 5 January 2023, reported e.g.
  // by security.nl, 2023-01). Downloads — https://www.whatsapp.com/download
  whatsappProxy: card('whatsapp-proxy', 'WhatsappProxy', 'info', {
    steps: [steps('adviceWhatsappProxy', 3)],
    links: [link('official-site', 'https://www.whatsapp.com/download', 'adviceLinkOfficialSite')],
  }),

  // Briar syncs over Bluetooth and Wi-Fi without the internet, and over Tor when online; Android
  // only; Google Play, F-Droid or the APK from the site — https://briarproject.org/how-it-works/ ,
  // https://briarproject.org/download-briar/ . Contacts are added in person (QR code) or by link.
  briar: card('briar', 'Briar', 'info', {
    links: [
      link('official-site', 'https://briarproject.org/download-briar/', 'adviceLinkOfficialSite'),
      link('f-droid', 'https://f-droid.org/packages/org.briarproject.briar.android/', 'adviceLinkFdroid'),
    ],
  }),

  // Kazakhstan told users to install a government root ("Qaznet Trust Network") in July 2019 and
  // again in December 2020; browsers blocked that certificate —
  // https://blog.mozilla.org/netpolicy/2019/08/21/mozilla-takes-action-to-protect-users-in-kazakhstan/ ,
  // https://censoredplanet.org/kazakhstan . A trusted interception root lets its holder read and
  // alter all HTTPS traffic (same sources). Firefox lists roots under Settings → Privacy &
  // Security → Certificates → View Certificates → Authorities — https://support.mozilla.org/kb/setting-certificate-authorities-firefox
  interception: card('interception', 'Interception', 'warning', {
    steps: [steps('adviceInterception', 3, 'adviceInterceptionStepsHeading')],
    links: [
      link(
        'official-site',
        'https://blog.mozilla.org/netpolicy/2019/08/21/mozilla-takes-action-to-protect-users-in-kazakhstan/',
        'adviceLinkInterceptionSource',
      ),
    ],
  }),

  // Vantage's own offline library (lib/library, entrypoints/reader).
  offlineLibrary: card('offline-library', 'OfflineLibrary', 'info', {
    links: [link('extension-page', 'reader.html', 'adviceLinkOpenLibrary')],
  }),

  // Offline packs (lib/library/pack): a file a friend exports and you import; Vantage sanitizes
  // imported pages (DOMPurify) but cannot check that what they say is true.
  offlinePack: card('offline-pack', 'OfflinePack', 'info', {
    links: [link('extension-page', 'reader.html', 'adviceLinkOpenLibrary')],
  }),

  // Shutdowns often start with mobile data while calls keep working (Kazakhstan, 4 January 2022:
  // mobile data cut first, "mobile communications periodically disappear" — Cloudflare,
  // https://blog.cloudflare.com/internet-shut-down-in-kazakhstan-amid-unrest/). SMS and calls are
  // not end-to-end encrypted: the operator can read and hand them over — EFF Surveillance
  // Self-Defense, https://ssd.eff.org/module/problem-mobile-phones . Broadcast radio needs no internet.
  smsRadio: card('sms-radio', 'SmsRadio', 'info'),

  // "Whitelist" shutdowns keep only approved (mostly domestic: government services, banks, large
  // local sites) addresses reachable — lib/connectivity's 'whitelist' state (domestic controls
  // answer, global ones do not); see docs/methodology.md and ../shared/DESIGN.md (Kazakhstan, 2023).
  whitelist: card('whitelist', 'Whitelist', 'info', {
    links: [link('extension-page', 'reader.html', 'adviceLinkOpenLibrary')],
  }),

  // Captive portals (hotel, airport Wi-Fi) intercept traffic until you log in; lib/probe/captive.ts.
  captive: card('captive-login', 'Captive', 'info', { steps: [steps('adviceCaptive', 3)] }),

  // lib/connectivity: 'offline' = the browser reports no network (net::ERR_INTERNET_DISCONNECTED).
  offlineDevice: card('offline-device', 'OfflineDevice', 'info', {
    steps: [steps('adviceOfflineDevice', 3)],
  }),

  // Throttling as a tool of censorship: Russia slowed Twitter from 10 March 2021 (Censored Planet,
  // "Throttling Twitter", https://censoredplanet.org/throttling); lib/verdict's 'throttled' rule.
  throttled: card('throttled', 'Throttled', 'info'),

  // Tools cannot be downloaded once the internet is cut (the nationwide shutdown in Kazakhstan,
  // https://cyberlaw.ccdcoe.org/wiki/Kazakhstan_internet_blockage_(2022), 5–10 January 2022).
  prepare: card('prepare', 'Prepare', 'info', {
    links: [link('extension-page', 'reader.html', 'adviceLinkOpenLibrary')],
  }),

  // lib/verdict 'down': unreachable from everywhere we can tell (no address anywhere, or the
  // uncensored resolvers do not know the name either) — docs/methodology.md.
  siteDown: card('site-down', 'SiteDown', 'info'),
} as const satisfies Record<string, AdviceCard>;

export type CardName = keyof typeof CARDS;

export const ALL_CARDS: readonly AdviceCard[] = Object.values(CARDS);
