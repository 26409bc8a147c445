import { describe, expect, it } from 'vitest';
import {
  assessConnection,
  recordTransition,
  reviseVerdicts,
  type OutageEntry,
  type TargetResult,
} from '../../../lib/connectivity';
import type { Observation } from '../../../lib/probe/types';
import type { Category } from '../../../lib/targets/types';
import { SUB_KINDS, type Blocking, type Confidence, type SubKind } from '../../../lib/verdict/types';

let serial = 0;

function result(
  category: Category,
  blocking: Blocking,
  options: { confidence?: Confidence; subKind?: SubKind; dohOk?: boolean; netError?: string } = {},
): TargetResult {
  const url = `https://site${++serial}.example/`;
  const target = { id: url, url, name: `Site ${serial}`, category, source: 'pack' as const };
  const observation: Observation | undefined =
    options.dohOk === undefined && options.netError === undefined
      ? undefined
      : {
          target,
          startedAt: '2022-01-05T10:00:00.000Z',
          browser: 'chromium',
          http: {
            url,
            redirects: [],
            headers: {},
            bodyBytes: 0,
            bodyTruncated: false,
            timing: { endMs: 100 },
            ...(options.netError
              ? { error: { kind: 'network', netError: options.netError, message: 'x' } }
              : {}),
          },
          dns: [
            {
              resolver: 'https://doh.example/dns-query',
              via: 'doh-wire',
              ok: options.dohOk ?? false,
              addresses: options.dohOk ? ['93.184.216.34'] : [],
              ms: 30,
            },
          ],
        };
  return {
    target,
    verdict: {
      blocking,
      subKind: options.subKind ?? SUB_KINDS.find((kind) => kind.startsWith(`${blocking}/`))!,
      confidence: options.confidence ?? 'likely',
      evidence: [],
    },
    ...(observation ? { observation } : {}),
  };
}

const up = (category: Category) => result(category, 'accessible');
const timedOut = (category: Category) =>
  result(category, 'tcp_ip', { confidence: 'possible', subKind: 'tcp_ip/timeout' });

describe('assessConnection', () => {
  it('calls it offline when every check failed because the device is offline', () => {
    const offline = () =>
      result('news', 'inconclusive', {
        subKind: 'inconclusive/offline',
        netError: 'net::ERR_INTERNET_DISCONNECTED',
      });
    const a = assessConnection({
      results: [offline(), offline(), offline()],
      dohReachable: false,
      captiveCheck: { ok: false, netError: 'net::ERR_INTERNET_DISCONNECTED' },
    });
    expect(a.state).toBe('offline');
    expect(a.evidence[0]?.code).toBe('offline-errors');
  });

  it('calls it a captive portal when the connectivity check answers with a login page', () => {
    const a = assessConnection({
      results: [timedOut('control-global'), timedOut('news')],
      captiveCheck: { ok: false, status: 200 },
      dohReachable: false,
    });
    expect(a).toMatchObject({ state: 'captive-portal' });
    expect(a.evidence[0]).toEqual({
      code: 'captive-answer',
      detail: 'the connectivity check answered HTTP 200 instead of 204',
    });
  });

  it('calls it a captive portal when the connectivity check is redirected', () => {
    const a = assessConnection({
      results: [up('control-domestic')],
      captiveCheck: { ok: false, status: 200, redirectedTo: 'http://login.hotel.example/' },
      dohReachable: true,
    });
    expect(a.state).toBe('captive-portal');
  });

  it('does not take a connectivity check that got no answer for a captive portal', () => {
    const a = assessConnection({
      results: [timedOut('control-domestic'), timedOut('control-global'), timedOut('news')],
      captiveCheck: { ok: false, netError: 'net::ERR_CONNECTION_TIMED_OUT' },
      dohReachable: false,
    });
    expect(a.state).toBe('shutdown');
  });

  it('calls it a shutdown when no control site, no other site and no DoH resolver answers', () => {
    const a = assessConnection({
      results: [
        timedOut('control-domestic'),
        timedOut('control-global'),
        timedOut('messengers'),
        timedOut('news'),
      ],
      captiveCheck: { ok: true, status: 204 },
      dohReachable: false,
    });
    expect(a.state).toBe('shutdown');
    expect(a.evidence.map((e) => e.code)).toEqual([
      'domestic-controls',
      'global-controls',
      'other-sites',
      'doh-unreachable',
    ]);
  });

  it('does not call one failing site a shutdown', () => {
    expect(assessConnection({ results: [timedOut('news')], dohReachable: false }).state).toBe('unknown');
  });

  it('calls it a whitelist when only domestic control sites answer', () => {
    const a = assessConnection({
      results: [
        up('control-domestic'),
        up('control-domestic'),
        timedOut('control-global'),
        timedOut('social'),
        timedOut('news'),
        up('news'),
      ],
      dohReachable: false,
    });
    expect(a.state).toBe('whitelist');
    expect(a.evidence).toContainEqual({
      code: 'global-controls',
      detail: '0 of 1 global control sites answered',
    });
  });

  it('does not call it a whitelist while DoH resolvers still answer', () => {
    const a = assessConnection({
      results: [
        up('control-domestic'),
        result('control-global', 'tls', { subKind: 'tls/reset-after-hello' }),
        up('news'),
      ],
      dohReachable: true,
    });
    expect(a).toMatchObject({ state: 'selective', blockedCategories: ['control-global'] });
  });

  it('calls it selective and names the categories with blocked sites', () => {
    const a = assessConnection({
      results: [
        up('control-domestic'),
        up('control-global'),
        result('messengers', 'dns', { confidence: 'confirmed', subKind: 'dns/nxdomain' }),
        result('messengers', 'accessible'),
        result('news', 'http-blockpage', { confidence: 'confirmed' }),
        up('social'),
      ],
      dohReachable: true,
    });
    expect(a.state).toBe('selective');
    expect(a.blockedCategories).toEqual(['messengers', 'news']);
    expect(a.evidence[0]).toEqual({
      code: 'blocked-category',
      detail: 'messengers: 1 of 2 sites blocked (dns)',
    });
  });

  it('counts a possible block only when a second site in the category corroborates it', () => {
    const lone = assessConnection({
      results: [up('control-global'), timedOut('news'), up('news')],
      dohReachable: true,
    });
    expect(lone).toMatchObject({ state: 'normal', blockedCategories: [] });
    const two = assessConnection({
      results: [up('control-global'), timedOut('news'), timedOut('news')],
      dohReachable: true,
    });
    expect(two).toMatchObject({ state: 'selective', blockedCategories: ['news'] });
  });

  it('calls it throttled when most sites that answered were throttled', () => {
    const slow = () => result('social', 'throttled', { subKind: 'throttled/slow' });
    const a = assessConnection({
      results: [up('control-global'), slow(), slow(), slow()],
      dohReachable: true,
    });
    expect(a.state).toBe('throttled');
    expect(a.evidence[0]).toEqual({
      code: 'throttled-sites',
      detail: '3 of 4 sites that answered were throttled',
    });
  });

  it('calls it normal when everything answers', () => {
    const a = assessConnection({
      results: [up('control-domestic'), up('control-global'), up('news'), result('social', 'throttled')],
      captiveCheck: { ok: true, status: 204 },
      dohReachable: true,
    });
    expect(a).toMatchObject({ state: 'normal', blockedCategories: [] });
  });

  it('reads DoH reachability from the observations when it is not given', () => {
    const results = [
      up('control-domestic'),
      result('control-global', 'tcp_ip', { confidence: 'possible', dohOk: false }),
      timedOut('news'),
    ];
    expect(assessConnection({ results }).state).toBe('whitelist');
    const withDoh = [...results, result('news', 'tls', { dohOk: true })];
    expect(assessConnection({ results: withDoh }).state).toBe('selective');
  });

  it('sees a connection whose every site answers through a national root as working, and intercepted', () => {
    // Firefox with the government's root installed: pages load, each certificate is the interceptor's.
    const throughInterceptor = (category: Category) => {
      const r = result(category, 'tls', {
        subKind: 'tls/untrusted-root',
        confidence: 'confirmed',
        dohOk: true,
      });
      r.observation!.http.status = 200;
      return r;
    };
    const assessment = assessConnection({
      results: [
        throughInterceptor('control-global'),
        throughInterceptor('news'),
        throughInterceptor('social'),
      ],
    });
    expect(assessment.state).not.toBe('unknown');
    expect(assessment.state).not.toBe('shutdown');
    expect(assessment.intercepted).toBe(true);
    expect(assessment.evidence[0]?.code).toBe('interception');
  });

  it('does not count an interception the browser refused (no answer) as reaching the site', () => {
    const refused = result('control-global', 'tls', { subKind: 'tls/untrusted-root', dohOk: true });
    const assessment = assessConnection({ results: [refused] });
    expect(assessment.intercepted).toBe(true);
    expect(assessment.state).toBe('unknown');
  });

  it('is unknown when nothing was checked', () => {
    expect(assessConnection({ results: [], dohReachable: true })).toMatchObject({
      state: 'unknown',
      blockedCategories: [],
    });
  });
});

describe('recordTransition', () => {
  it('opens the first entry of an empty log', () => {
    expect(recordTransition([], { state: 'normal' }, 1000)).toEqual([{ state: 'normal', start: 1000 }]);
  });

  it('closes the open entry and opens a new one when the state changes', () => {
    const log: OutageEntry[] = [{ id: 1, state: 'normal', start: 1000 }];
    expect(recordTransition(log, { state: 'shutdown' }, 5000)).toEqual([
      { id: 1, state: 'normal', start: 1000, end: 5000 },
      { state: 'shutdown', start: 5000 },
    ]);
    expect(log).toEqual([{ id: 1, state: 'normal', start: 1000 }]); // not mutated
  });

  it('changes nothing while the state stays the same', () => {
    const log: OutageEntry[] = [
      { state: 'normal', start: 1000, end: 5000 },
      { state: 'shutdown', start: 5000 },
    ];
    expect(recordTransition(log, { state: 'shutdown' }, 9000)).toBe(log);
  });

  it('does not record an unknown state', () => {
    const log: OutageEntry[] = [{ state: 'whitelist', start: 1000 }];
    expect(recordTransition(log, { state: 'unknown' }, 9000)).toBe(log);
  });

  it('opens a new entry after a closed one, even in the same state', () => {
    const log: OutageEntry[] = [{ state: 'selective', start: 1000, end: 2000 }];
    expect(recordTransition(log, { state: 'selective' }, 3000)).toEqual([
      { state: 'selective', start: 1000, end: 2000 },
      { state: 'selective', start: 3000 },
    ]);
  });
});

describe('reviseVerdicts: what one site cannot show alone', () => {
  const refused = (category: Category = 'news') =>
    result(category, 'inconclusive', { confidence: 'possible', subKind: 'inconclusive/refused' });

  it('says every site was not checked behind a captive portal, not accessible and not tls', () => {
    const results = [up('news'), result('messengers', 'tls', { subKind: 'tls/cert-mismatch' }), refused()];
    const revised = reviseVerdicts(results, {
      ok: false,
      status: 200,
      redirectedTo: 'http://portal.example/login',
    });
    for (const verdict of revised) {
      expect(verdict).toMatchObject({ blocking: 'inconclusive', subKind: 'inconclusive/captive-portal' });
      expect(verdict.evidence[0]).toEqual({
        code: 'captive-portal',
        detail: 'not checked: sign in to the network first',
      });
    }
  });

  it('leaves verdicts alone when the captive check answered 204 or not at all', () => {
    const results = [up('news'), refused()];
    expect(reviseVerdicts(results, { ok: true, status: 204 })).toEqual(results.map((r) => r.verdict));
    expect(reviseVerdicts(results, { ok: false, netError: 'net::ERR_TIMED_OUT' })[0]!.blocking).toBe(
      'accessible',
    );
  });

  it('keeps a lone refused connection inconclusive', () => {
    const revised = reviseVerdicts([up('news'), up('social'), refused(), refused('social')]);
    expect(revised.filter((v) => v.subKind === 'inconclusive/refused')).toHaveLength(2);
  });

  it('upgrades refused connections to a possible tcp_ip block when three sites refuse while others answer', () => {
    const revised = reviseVerdicts([up('control-global'), refused(), refused(), refused('social')]);
    expect(revised.slice(1)).toEqual(
      Array(3).fill(
        expect.objectContaining({ blocking: 'tcp_ip', subKind: 'tcp_ip/refused', confidence: 'possible' }),
      ),
    );
    expect(revised[1]!.evidence.map((e) => e.code)).toEqual(['same-failure-elsewhere']);
  });

  it('does not upgrade when no site answered at all (the network, not a pattern of blocks)', () => {
    const revised = reviseVerdicts([refused(), refused(), refused()]);
    expect(revised.every((v) => v.blocking === 'inconclusive')).toBe(true);
  });

  it('upgrades certificates for another name on three sites to a possible tls block', () => {
    const other = () =>
      result('news', 'inconclusive', { confidence: 'possible', subKind: 'inconclusive/cert-mismatch' });
    const revised = reviseVerdicts([up('news'), other(), other(), other()]);
    expect(revised[3]).toMatchObject({ blocking: 'tls', subKind: 'tls/cert-mismatch' });
  });
});
