import { describe, expect, it } from 'vitest';
import { dohOpinions } from '../../../lib/probe/second-opinion';
import type { DnsObservation } from '../../../lib/probe/types';

const FIRST = 'https://first.example/dns-query';
const SECOND = 'https://second.example/dns-query';
const THIRD = 'https://third.example/dns-query';

const answer = (resolver: string, addresses: string[], rcode: DnsObservation['rcode'] = 'NOERROR') => ({
  resolver,
  via: 'doh-wire' as const,
  ok: true,
  rcode,
  addresses,
  ms: 5,
});
const unreachable = (resolver: string): DnsObservation => ({
  resolver,
  via: 'doh-wire',
  ok: false,
  addresses: [],
  error: 'net::ERR_CONNECTION_RESET',
  ms: 5,
});

/** Resolvers that answer from a table, recording who was asked. */
function resolvers(table: Record<string, DnsObservation>) {
  const asked: string[] = [];
  const ask = async (resolver: string) => {
    asked.push(resolver);
    return table[resolver]!;
  };
  return { asked, ask };
}

const agreeing = {
  [FIRST]: answer(FIRST, ['192.0.2.1']),
  [SECOND]: answer(SECOND, ['192.0.2.1']),
  [THIRD]: answer(THIRD, ['192.0.2.1']),
};

describe('asking further DoH resolvers only when their opinion could matter', () => {
  it('asks only the first when the site answered from an address it gave (IPv4-mapped too)', async () => {
    const { asked, ask } = resolvers(agreeing);
    const opinions = dohOpinions([FIRST, SECOND, THIRD], undefined, ask);
    const answers = await opinions.answers('::ffff:192.0.2.1');
    expect(asked).toEqual([FIRST]);
    expect(answers.map((a) => a.resolver)).toEqual([FIRST]);
  });

  it('asks every resolver when the site answered from an address the first did not give', async () => {
    const { asked, ask } = resolvers(agreeing);
    const answers = await dohOpinions([FIRST, SECOND, THIRD], undefined, ask).answers('203.0.113.9');
    expect(asked).toEqual([FIRST, SECOND, THIRD]);
    expect(answers.map((a) => a.resolver)).toEqual([FIRST, SECOND, THIRD]);
  });

  it('asks every resolver when the site did not answer (no confirmed address)', async () => {
    const { asked, ask } = resolvers(agreeing);
    await dohOpinions([FIRST, SECOND], undefined, ask).answers(undefined);
    expect(asked).toEqual([FIRST, SECOND]);
  });

  it('asks the others as soon as the first resolver cannot be reached, before the site settles', async () => {
    const { asked, ask } = resolvers({ ...agreeing, [FIRST]: unreachable(FIRST) });
    const opinions = dohOpinions([FIRST, SECOND], undefined, ask);
    await expect.poll(() => asked).toEqual([FIRST, SECOND]);
    // Even a site that then answers cannot be confirmed by a resolver that said nothing.
    const answers = await opinions.answers('192.0.2.1');
    expect(answers.map((a) => [a.resolver, a.ok])).toEqual([
      [FIRST, false],
      [SECOND, true],
    ]);
  });

  it('asks the others to corroborate a name the first says does not exist', async () => {
    const { asked, ask } = resolvers({ ...agreeing, [FIRST]: answer(FIRST, [], 'NXDOMAIN') });
    const opinions = dohOpinions([FIRST, SECOND], undefined, ask);
    await expect.poll(() => asked).toEqual([FIRST, SECOND]);
    expect((await opinions.answers('192.0.2.1')).map((a) => a.rcode)).toEqual(['NXDOMAIN', 'NOERROR']);
  });

  it('keeps answers asked for earlier (a request late in its timeout) even when the site then confirms', async () => {
    const { asked, ask } = resolvers(agreeing);
    const opinions = dohOpinions([FIRST, SECOND], undefined, ask);
    opinions.askOthers();
    opinions.askOthers();
    const answers = await opinions.answers('192.0.2.1');
    expect(asked).toEqual([FIRST, SECOND]);
    expect(answers).toHaveLength(2);
  });

  it('answers nothing when no resolver is configured', async () => {
    const { asked, ask } = resolvers(agreeing);
    expect(await dohOpinions([], undefined, ask).answers('192.0.2.1')).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('asks nothing more once the run is stopped', async () => {
    const { asked, ask } = resolvers(agreeing);
    const stop = new AbortController();
    const opinions = dohOpinions([FIRST, SECOND], stop.signal, ask);
    stop.abort();
    opinions.askOthers();
    expect((await opinions.answers(undefined)).map((a) => a.resolver)).toEqual([FIRST]);
    expect(asked).toEqual([FIRST]);
  });
});
