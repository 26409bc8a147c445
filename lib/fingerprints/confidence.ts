import type { Confidence } from '../verdict/types';
import type { FingerprintScope } from './types';

/**
 * `confidence_no_fp` comes on two scales in ooni/blocking-fingerprints: OONI's and Censored
 * Planet's rows all carry 5 ("a verified fingerprint, no false positives known"), while Citizen
 * Lab's rows self-assess on 0–10, where 10 is sure and shorter, vaguer texts get lower numbers
 * (README "Schema": "Shorter or more vague text patterns ... are given lower numbers").
 *
 *   ≥ 9 or exactly 5 → confirmed
 *   6–8 (Citizen Lab's weaker grades) and 3–4 → likely
 *   0–2 → possible
 *
 * A vague blocking word (scope vbw, e.g. "Access Denied", "Доступ ограничен") is at most
 * `possible`, whatever its number: it also appears on pages that are not blockpages.
 */
export function confidenceOf(confidenceNoFp: number, scope: FingerprintScope): Confidence {
  const graded: Confidence =
    confidenceNoFp >= 9 || confidenceNoFp === 5 ? 'confirmed' : confidenceNoFp >= 3 ? 'likely' : 'possible';
  return scope === 'vbw' ? 'possible' : graded;
}

const RANK: Record<Confidence, number> = { possible: 0, likely: 1, confirmed: 2 };

export function confidenceRank(confidence: Confidence): number {
  return RANK[confidence];
}
