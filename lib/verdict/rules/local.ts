import { evidence, verdict } from '../evidence';
import type { Facts } from '../facts';
import { netErrorEvidence } from './common';

/** No network on this device: nothing can be said about the site (ERR_INTERNET_DISCONNECTED, NS_ERROR_OFFLINE). */
export function offlineDevice(f: Facts) {
  if (f.family !== 'offline') return undefined;
  return verdict('inconclusive', 'inconclusive/offline', 'likely', [
    ...netErrorEvidence(f),
    evidence('offline', 'this device reports no network connection'),
  ]);
}

/** The request was cancelled (user stopped the run), not answered. Our own timeout is not a cancel. */
export function cancelledRequest(f: Facts) {
  if (f.kind !== 'aborted' && !(f.family === 'aborted' && f.kind !== 'timeout')) return undefined;
  return verdict('inconclusive', 'inconclusive/aborted', 'likely', [
    evidence('aborted', 'the request was cancelled before it finished'),
  ]);
}

/**
 * Something on this device stopped the request: another extension (ERR_BLOCKED_BY_CLIENT), a
 * policy, a local firewall, a proxy setting, or the network changing mid-request. "It's me".
 */
export function blockedOnThisDevice(f: Facts) {
  if (f.family === 'blocked-locally') {
    return verdict('inconclusive', 'inconclusive/blocked-locally', 'likely', [
      ...netErrorEvidence(f),
      evidence('blocked-locally', 'an extension, policy or firewall on this device stopped the request'),
    ]);
  }
  if (f.family === 'proxy') {
    return verdict('inconclusive', 'inconclusive/proxy', 'likely', [
      ...netErrorEvidence(f),
      evidence('proxy-error', 'the configured proxy failed, not the site'),
    ]);
  }
  if (f.family === 'network-changed') {
    return verdict('inconclusive', 'inconclusive/network-changed', 'likely', netErrorEvidence(f));
  }
  return undefined;
}
