import { normalizeIp } from '../net';
import type { DnsObservation } from './types';

export interface DohOpinions {
  /** Ask every resolver after the first (once; later calls are free). */
  askOthers(): void;
  /**
   * Every answer there will be: the first resolver's, and the others' unless the site answered
   * from an address the first resolver gave (`confirmedIp`), in which case they were not needed.
   */
  answers(confirmedIp: string | undefined): Promise<DnsObservation[]>;
}

/**
 * The first DoH resolver is asked about a name at once; the others only when a second opinion
 * could change the verdict. A site that answered from an address the first resolver also gives
 * has consistent DNS, and more resolvers saying so add nothing — while each DoH query is a
 * request through the browser's network stack: at 600 sites they were 1,200 of a run's ~2,300
 * requests, and dropping the unneeded ones measured 10–15 % less browser CPU and a shorter run
 * (docs/benchmarks.md). Any doubt asks the rest: the first resolver failing or naming no address
 * (a blocked resolver, NXDOMAIN to corroborate), the site failing, redirecting elsewhere or
 * answering from another address, or the caller's `askOthers` (a request still waiting late in
 * its timeout, so the answers are in before it ends).
 */
export function dohOpinions(
  resolvers: readonly string[],
  signal: AbortSignal | undefined,
  ask: (resolver: string) => Promise<DnsObservation>,
): DohOpinions {
  const [first, ...rest] = resolvers;
  let others: Promise<DnsObservation[]> | undefined;
  const askOthers = () => {
    if (!signal?.aborted) others ??= Promise.all(rest.map(ask));
  };
  const firstAnswer = first === undefined ? Promise.resolve(undefined) : ask(first);
  void firstAnswer.then((answer) => {
    if (!answer || !namesAnAddress(answer)) askOthers();
  });
  return {
    askOthers,
    async answers(confirmedIp) {
      const answer = await firstAnswer;
      if (!answer) return [];
      const confirmed =
        confirmedIp !== undefined &&
        namesAnAddress(answer) &&
        answer.addresses.some((address) => normalizeIp(address) === normalizeIp(confirmedIp));
      if (!confirmed) askOthers();
      return [answer, ...((await others) ?? [])];
    },
  };
}

function namesAnAddress(answer: DnsObservation): boolean {
  return answer.ok && answer.addresses.length > 0;
}
