import type { Settings } from '../settings';
import { getPack } from '../targets/packs';
import type { Target } from '../targets/types';

/** The targets a run measures: the chosen pack minus what the user removed, plus their own. */
export function activeTargets(settings: Settings): Target[] {
  const removed = new Set(settings.removedTargetIds);
  const pack = settings.packId === 'none' ? [] : (getPack(settings.packId)?.targets ?? []);
  const seen = new Set<string>();
  const targets: Target[] = [];
  for (const target of [...pack.filter((t) => !removed.has(t.id)), ...settings.customTargets]) {
    if (seen.has(target.id)) continue;
    seen.add(target.id);
    targets.push(target);
  }
  return targets;
}

/** The target for a page the user has open: a known one for its site, else a new 'other' one. */
export function targetForUrl(url: string, known: Target[]): Target | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const host = parsed.hostname.replace(/^www\./, '');
  const match = known.find((t) => new URL(t.url).hostname.replace(/^www\./, '') === host);
  if (match) return match;
  const origin = `${parsed.protocol}//${parsed.host}/`;
  return { id: origin, url: origin, name: parsed.hostname, category: 'other', source: 'user' };
}
