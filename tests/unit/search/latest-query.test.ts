import { describe, expect, it } from 'vitest';
import { LatestQuery, nextTask } from '../../../lib/search';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('searching as the user types (LatestQuery)', () => {
  it('keystrokes queued together run only the newest query', async () => {
    const latest = new LatestQuery();
    const ran: string[] = [];
    const shown: string[] = [];
    for (const query of ['а', 'ал', 'алм'])
      latest.ask(
        () => (ran.push(query), query),
        (value) => shown.push(value),
        () => undefined,
      );
    await expect.poll(() => shown).toEqual(['алм']);
    expect(ran).toEqual(['алм']);
  });

  it('a slow stale search that finishes last never replaces the newer answer', async () => {
    const latest = new LatestQuery();
    const shown: string[] = [];
    let releaseSlow!: (value: string) => void;
    latest.ask(
      () => new Promise<string>((resolve) => (releaseSlow = resolve)),
      (value) => shown.push(value),
      () => undefined,
    );
    await expect.poll(() => releaseSlow).toBeTypeOf('function');
    latest.ask(
      () => 'new',
      (value) => shown.push(value),
      () => undefined,
    );
    await expect.poll(() => shown).toEqual(['new']);
    releaseSlow('old');
    await settle();
    await settle();
    expect(shown).toEqual(['new']);
  });

  it('cancel(): a cleared query shows nothing, not even its error', async () => {
    const latest = new LatestQuery();
    const seen: unknown[] = [];
    latest.ask(
      () => Promise.reject(new Error('boom')),
      (value) => seen.push(value),
      (error) => seen.push(error),
    );
    latest.cancel();
    await settle();
    await settle();
    expect(seen).toEqual([]);
    latest.ask(
      () => Promise.reject(new Error('boom')),
      (value) => seen.push(value),
      (error) => seen.push(error),
    );
    await expect.poll(() => seen.length).toBe(1);
    expect(String(seen[0])).toContain('boom');
  });
});

describe('a query that waited (the index loading) and went stale meanwhile', () => {
  it('is told so before its expensive part, and only the newest one does it', async () => {
    const latest = new LatestQuery();
    let loaded!: () => void;
    const index = new Promise<void>((resolve) => (loaded = resolve));
    const searched: string[] = [];
    const shown: string[] = [];
    const ask = (query: string) =>
      latest.ask(
        async (current) => {
          await index;
          if (!current()) return undefined;
          searched.push(query);
          return query;
        },
        (value) => value && shown.push(value),
        () => undefined,
      );
    ask('б');
    await settle();
    ask('бү');
    await settle();
    ask('бүк');
    await settle();
    loaded();
    await expect.poll(() => shown).toEqual(['бүк']);
    expect(searched).toEqual(['бүк']);
  });
});

describe('after the answer is shown', () => {
  it('deliver gets a check that turns false the moment the user types on, before the new answer', async () => {
    const latest = new LatestQuery();
    let wanted: (() => boolean) | undefined;
    let releaseNew!: (value: string) => void;
    latest.ask(
      () => 'old',
      (_value, current) => (wanted = current),
      () => undefined,
    );
    await expect.poll(() => wanted).toBeTypeOf('function');
    expect(wanted!()).toBe(true);
    latest.ask(
      () => new Promise<string>((resolve) => (releaseNew = resolve)),
      () => undefined,
      () => undefined,
    );
    // The new query has not even started (a microtask away): the old answer's work stops now.
    expect(wanted!()).toBe(false);
    await expect.poll(() => releaseNew).toBeTypeOf('function');
    releaseNew('new');
  });
});

describe('nextTask', () => {
  it('resolves in later tasks, in the order asked, and not within the current one', async () => {
    const order: number[] = [];
    const done = Promise.all([1, 2, 3].map((n) => nextTask().then(() => order.push(n))));
    await Promise.resolve();
    expect(order).toEqual([]);
    await done;
    expect(order).toEqual([1, 2, 3]);
  });
});
