/**
 * Firefox prefs for a test profile: every name resolved by the lab's DoH server only
 * (TRR mode 3: no native DNS, so nothing outside the lab resolves), address literals outside
 * loopback sent to the harness's guard by a PAC file (they skip DNS, so TRR cannot stop them),
 * and Firefox's own background traffic (updates, telemetry, remote settings, safe browsing …)
 * switched off.
 */
export function firefoxPrefs(
  dohUrl: string,
  dohIp: string,
  pacUrl: string,
): Record<string, string | number | boolean> {
  return {
    'network.trr.mode': 3,
    'network.trr.uri': dohUrl,
    'network.trr.custom_uri': dohUrl,
    'network.trr.bootstrapAddr': dohIp,
    'network.trr.allow-rfc1918': true,
    'network.trr.excluded-domains': '',
    'network.trr.builtin-excluded-domains': '',
    'network.trr.confirmationNS': 'skip',
    'network.trr.wait-for-portal': false,
    'network.trr.disable-ECS': true,
    'network.dns.disablePrefetch': true,
    'network.dns.disableIPv6': true,
    'network.http.http3.enable': false,
    'network.prefetch-next': false,
    'network.http.speculative-parallel-limit': 0,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'captivedetect.canonicalURL': 'http://127.0.0.1:9/',
    'app.update.enabled': false,
    'app.update.auto': false,
    'app.normandy.enabled': false,
    'app.shield.optoutstudies.enabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.unified': false,
    'toolkit.telemetry.server': 'http://127.0.0.1:9/',
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.safebrowsing.provider.mozilla.updateURL': '',
    'services.settings.server': 'http://127.0.0.1:9/',
    'extensions.blocklist.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'extensions.update.enabled': false,
    'extensions.systemAddon.update.enabled': false,
    'browser.newtabpage.enabled': false,
    'browser.newtabpage.activity-stream.feeds.topsites': false,
    'browser.newtabpage.activity-stream.feeds.section.topstories': false,
    'browser.startup.homepage': 'about:blank',
    'browser.startup.page': 0,
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.region.network.url': '',
    'browser.region.update.enabled': false,
    'geo.enabled': false,
    'media.gmp-manager.url': 'http://127.0.0.1:9/',
    'media.gmp-gmpopenh264.enabled': false,
    'browser.shell.checkDefaultBrowser': false,
    'browser.aboutwelcome.enabled': false,
    'security.OCSP.enabled': 0,
    'security.remote_settings.crlite_filters.enabled': false,
    'security.remote_settings.intermediates.enabled': false,
    'browser.ping-centre.telemetry': false,
    // PAC (type 2) from the profile; a failing proxy must never turn into a direct connection.
    'network.proxy.type': 2,
    'network.proxy.autoconfig_url': pacUrl,
    'network.proxy.failover_direct': false,
    // WebRTC's ICE/STUN sends UDP that no proxy sees.
    'media.peerconnection.enabled': false,
    'dom.push.enabled': false,
    'xpinstall.signatures.required': false,
    'remote.prefs.recommended': true,
  };
}

/** A name no resolver knows; the guard PAC proxies it to the guard (see guardPac). */
export const GUARD_PROBE_HOST = 'guard-probe.invalid';

/**
 * The proxy auto-config: names go direct (they resolve only through the lab's DoH); an address
 * literal outside 127.0.0.0/8 and ::1 goes to `guard` (a harness listener that records and
 * drops it), and so does GUARD_PROBE_HOST, so a test can see the PAC is in force without
 * sending anything anywhere. Plain ES5: Firefox evaluates PAC files in a sandbox of its own.
 */
export function guardPac(guard: string): string {
  return `function FindProxyForURL(url, host) {
  var h = host.replace(/^\\[|\\]$/g, '').toLowerCase();
  if (h === '${GUARD_PROBE_HOST}') return 'PROXY ${guard}';
  if (/^127\\.\\d+\\.\\d+\\.\\d+$/.test(h) || h === '::1') return 'DIRECT';
  if (/^[0-9.]+$/.test(h) || h.indexOf(':') !== -1) return 'PROXY ${guard}';
  return 'DIRECT';
}
`;
}

export function userJs(prefs: Record<string, string | number | boolean>): string {
  return Object.entries(prefs)
    .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`)
    .join('\n');
}
