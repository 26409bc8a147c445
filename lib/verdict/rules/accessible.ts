import { evidence, kib, verdict } from '../evidence';
import type { Facts } from '../facts';
import { localInspectionCaIn } from '../interception';
import type { Evidence } from '../types';
import { netErrorEvidence } from './common';

/** Facts worth keeping beside a working page: they explain oddities without making it blocked. */
export function contextNotes(f: Facts): Evidence[] {
  const notes: Evidence[] = [];
  const http = f.obs.http;
  if (f.ipMismatch) {
    const list = [...f.doh.addresses].slice(0, 4).join(', ');
    notes.push(
      evidence(
        'ip-mismatch',
        `connected to ${f.connectedIp}, none of the resolvers' addresses (${list}); common for CDNs`,
      ),
    );
  }
  const inspector = f.obs.tls?.isBuiltInRoot === false ? localInspectionCaIn(f.obs.tls) : undefined;
  if (inspector) {
    notes.push(
      evidence(
        'local-tls-inspection',
        `HTTPS is inspected by security software on this device (${inspector.name})`,
      ),
    );
  }
  if (http.bodyTruncated) {
    notes.push(evidence('body-truncated', `body cut at ${kib(http.bodyBytes)}; the page was reachable`));
  }
  return notes;
}

/**
 * The server answered. A healthy server answering 403, 404 or 503 without a blockpage
 * fingerprint is not a block: the site is reachable and said no.
 */
export function serverAnswered(f: Facts) {
  const http = f.obs.http;
  if (!f.responded || http.error || f.status === undefined) return undefined;
  const ok = f.status >= 200 && f.status < 400;
  const notes = contextNotes(f);
  if (!ok) {
    return verdict('accessible', 'accessible/http-status', 'likely', [
      evidence('http-status', `server answered HTTP ${f.status} (no blockpage fingerprint)`),
      ...notes,
    ]);
  }
  const ms = Math.round(http.timing.endMs);
  return verdict(
    'accessible',
    'accessible/ok',
    notes.some((n) => n.code !== 'body-truncated') ? 'likely' : 'confirmed',
    [
      evidence('http-ok', `server answered HTTP ${f.status} with ${kib(http.bodyBytes)} in ${ms} ms`),
      ...notes,
    ],
  );
}

/** Nothing above explains it: say so, with whatever was seen. */
export function unexplained(f: Facts) {
  const facts = netErrorEvidence(f);
  return verdict(
    'inconclusive',
    'inconclusive/unexplained',
    'possible',
    facts.length > 0 ? facts : [evidence('no-observation', 'no answer and no error were recorded')],
  );
}
