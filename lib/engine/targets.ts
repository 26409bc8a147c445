import type { Settings } from '../settings';
import { MAX_TARGETS, getPack, specialUseOf, hostOf } from '../targets';
import type { Target } from '../targets/types';

export interface ActiveTargets {
  /** What a run measures, at most MAX_TARGETS. */
  targets: Target[];
  /** Targets past MAX_TARGETS, not measured; the options page says how many. */
  overCap: number;
  /** Local, private or onion targets (say, from a hand-edited settings file), never measured. */
  specialUse: number;
}

/**
 * The targets a run measures: the chosen pack minus what the user removed (in the categories the
 * user chose), plus their own —
 * without special-use names (lib/targets/special-use.ts: checking one would send it to public
 * resolvers) and at most MAX_TARGETS of them. The typed, CSV and OONI ways in already refuse
 * both; this is where a settings file, written by hand or by an older version, is held to it.
 */
export function activeTargetsReport(settings: Settings): ActiveTargets {
  const removed = new Set(settings.removedTargetIds);
  const pack = settings.packId === 'none' ? [] : (getPack(settings.packId)?.targets ?? []);
  const seen = new Set<string>();
  const targets: Target[] = [];
  let overCap = 0;
  let specialUse = 0;
  // A category the user chose for a pack entry is what its measurements are filed under.
  // (A hand-made settings object from before the key existed has none.)
  const overrides = settings.categoryOverrides ?? {};
  const chosen = (t: Target): Target => {
    const category = Object.hasOwn(overrides, t.id) ? overrides[t.id] : undefined;
    return category && category !== t.category ? { ...t, category } : t;
  };
  const packTargets = pack.filter((t) => !removed.has(t.id)).map(chosen);
  for (const target of [...packTargets, ...settings.customTargets]) {
    if (seen.has(target.id)) continue;
    seen.add(target.id);
    if (specialUseOf(hostOf(target))) specialUse++;
    else if (targets.length >= MAX_TARGETS) overCap++;
    else targets.push(target);
  }
  return { targets, overCap, specialUse };
}

/** The targets a run measures (see activeTargetsReport). */
export function activeTargets(settings: Settings): Target[] {
  return activeTargetsReport(settings).targets;
}

/**
 * The target for a page the user has open: a known one for its site, else a new 'other' one.
 * None for a local, private or onion page: Vantage never checks those (lib/targets/special-use.ts).
 */
export function targetForUrl(url: string, known: Target[]): Target | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (specialUseOf(parsed.hostname)) return undefined;
  const host = parsed.hostname.replace(/^www\./, '');
  const match = known.find((t) => new URL(t.url).hostname.replace(/^www\./, '') === host);
  if (match) return match;
  const origin = `${parsed.protocol}//${parsed.host}/`;
  return { id: origin, url: origin, name: parsed.hostname, category: 'other', source: 'user' };
}
