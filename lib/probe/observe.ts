import type { Target } from '../targets/types';
import { resolveOverHttps } from './doh';
import { observeHttp } from './http';
import type { NetLog } from './net-log';
import { dohOpinions } from './second-opinion';
import { checkWithoutSni } from './sni-control';
import type {
  DnsObservation,
  HttpObservation,
  Observation,
  SniControlObservation,
  TlsObservation,
} from './types';

export interface ProbeDeps {
  fetch: typeof fetch;
  netLog?: NetLog;
  browser: 'chromium' | 'firefox';
  dohResolvers: string[];
  timeoutMs: number;
  /** Firefox: the system resolver's answer (browser.dns.resolve). */
  systemResolve?: (host: string) => Promise<DnsObservation>;
  /** Firefox: certificate chain of the response, by URL, captured in onHeadersReceived. */
  tlsFor?: (url: string) => TlsObservation | undefined;
  signal?: AbortSignal;
  now?: () => Date;
}

/** Errors after which a handshake without SNI tells SNI filtering from an IP block. */
const RESET_LIKE = new Set([
  'net::ERR_CONNECTION_RESET',
  'net::ERR_CONNECTION_CLOSED',
  'net::ERR_SSL_PROTOCOL_ERROR',
  'net::ERR_TIMED_OUT',
  'NS_ERROR_NET_RESET',
  'NS_ERROR_NET_INTERRUPT',
  'NS_ERROR_NET_TIMEOUT',
]);

/**
 * Observe one target: fetch it and ask the first DoH resolver about its name at the same time
 * (a run costs one timeout, not several), the other resolvers whenever their opinion could
 * matter (second-opinion.ts), then, only when an HTTPS request was reset or timed out, try the
 * resolved address without SNI.
 */
export async function observeTarget(target: Target, deps: ProbeDeps): Promise<Observation> {
  const startedAt = (deps.now?.() ?? new Date()).toISOString();
  const host = new URL(target.url).hostname;
  const dohTimeout = Math.min(deps.timeoutMs, 10_000);
  // A live handshake takes well under 3 s; longer would stretch every blackholed run.
  const controlTimeoutMs = Math.min(deps.timeoutMs / 5, 3_000);
  const settledDns: DnsObservation[] = [];
  const control = target.url.startsWith('https:')
    ? earlyControl(deps, controlTimeoutMs, () => firstAddress(settledDns))
    : undefined;

  const record = (answer: DnsObservation) => (settledDns.push(answer), answer);
  // A stopped run (Stop, the wipe) needs no further opinions: nothing new is asked once aborted.
  const opinions = dohOpinions(deps.dohResolvers, deps.signal, (resolver) =>
    resolveOverHttps(resolver, host, { fetch: deps.fetch, timeoutMs: dohTimeout, signal: deps.signal }).then(
      record,
    ),
  );
  // A request (or the first resolver) still waiting this late may be blocked: have every opinion
  // in before it ends.
  const lateTimer = setTimeout(opinions.askOthers, deps.timeoutMs - controlTimeoutMs);
  const [http, system] = await Promise.all([
    observeHttp(target.url, {
      fetch: deps.fetch,
      netLog: deps.netLog,
      timeoutMs: deps.timeoutMs,
      signal: deps.signal,
    }).then((observed) => {
      if (confirmingAddress(observed, host) === undefined) opinions.askOthers();
      return observed;
    }),
    deps.systemResolve?.(host).then(record),
  ]);
  const doh = await opinions.answers(confirmingAddress(http, host));
  clearTimeout(lateTimer);
  const dns = [...doh, ...(system ? [system] : [])];
  const observation: Observation = { target, startedAt, browser: deps.browser, http, dns };
  const tls = deps.tlsFor?.(http.finalUrl ?? http.url);
  if (tls) observation.tls = tls;

  const hops = http.error
    ? redirectHosts(
        host,
        http.redirects.map((hop) => hop.to),
      )
    : [];
  if (hops.length > 0) {
    observation.redirectDns = await Promise.all(
      hops.map(async (hopHost) => ({
        host: hopHost,
        dns: await Promise.all(
          deps.dohResolvers.map((resolver) =>
            resolveOverHttps(resolver, hopHost, {
              fetch: deps.fetch,
              timeoutMs: dohTimeout,
              signal: deps.signal,
            }),
          ),
        ),
      })),
    );
  }

  const netError = http.error?.netError ?? '';
  const resolvedIp = firstAddress(dns);
  if (control && resolvedIp && (RESET_LIKE.has(netError) || http.error?.kind === 'timeout')) {
    observation.sniControl =
      (await control.resultFor(resolvedIp)) ??
      (await checkWithoutSni(resolvedIp, {
        fetch: deps.fetch,
        netLog: deps.netLog,
        timeoutMs: controlTimeoutMs,
      }));
  } else {
    control?.abandon();
  }
  return observation;
}

/** Hosts a failed request was redirected to, other than the target's own: at most three. */
function redirectHosts(own: string, targets: string[]): string[] {
  const hosts = new Set<string>();
  for (const to of targets) {
    try {
      const hop = new URL(to).hostname.toLowerCase();
      const literal = /^[\d.]+$/.test(hop) || hop.includes(':');
      if (hop !== own.toLowerCase() && !literal) hosts.add(hop);
    } catch {
      // an unparsable Location: the browser failed on it too, with its own error
    }
  }
  return [...hosts].slice(-3);
}

/** The address a request answered from, if it answered at all and from the target's own host. */
function confirmingAddress(http: HttpObservation, host: string): string | undefined {
  if (http.error || !http.ip) return undefined;
  const last = http.finalUrl ?? http.redirects.at(-1)?.to ?? http.url;
  try {
    return new URL(last).hostname.toLowerCase() === host.toLowerCase() ? http.ip : undefined;
  } catch {
    return undefined;
  }
}

function firstAddress(answers: readonly DnsObservation[]): string | undefined {
  return answers.find((answer) => answer.ok && answer.addresses.length > 0)?.addresses[0];
}

/**
 * A blackholed HTTPS site ends only with our timeout, and its no-SNI control would then wait a
 * control timeout more. Starting the control that long before the named request times out
 * (if DoH has answered by then) lets both end together: the run costs one timeout, not 1.2.
 * If the named request answers after all, the control is aborted and forgotten.
 */
function earlyControl(
  deps: ProbeDeps,
  controlTimeoutMs: number,
  knownAddress: () => string | undefined,
): { resultFor(ip: string): Promise<SniControlObservation | undefined>; abandon(): void } {
  const abort = new AbortController();
  let started: { ip: string; result: Promise<SniControlObservation> } | undefined;
  const timer = setTimeout(() => {
    const ip = knownAddress();
    if (!ip || deps.signal?.aborted) return;
    started = {
      ip,
      result: checkWithoutSni(ip, {
        fetch: deps.fetch,
        netLog: deps.netLog,
        timeoutMs: controlTimeoutMs,
        signal: abort.signal,
      }),
    };
  }, deps.timeoutMs - controlTimeoutMs);
  return {
    async resultFor(ip) {
      clearTimeout(timer);
      if (started?.ip === ip) return started.result;
      abort.abort();
      return undefined;
    },
    abandon() {
      clearTimeout(timer);
      abort.abort();
    },
  };
}
