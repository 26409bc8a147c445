import type { CaptiveCheckResult, Finding } from './types';

/** The captive-portal check answered, but not with its expected empty 204: a login page or a redirect. */
export function behindCaptivePortal(captive: CaptiveCheckResult | undefined): Finding | undefined {
  if (!captive || captive.ok) return undefined;
  if (captive.redirectedTo) {
    return {
      state: 'captive-portal',
      evidence: [
        {
          code: 'captive-answer',
          detail: `the connectivity check was redirected to ${captive.redirectedTo}`,
        },
      ],
    };
  }
  if (captive.status === undefined) return undefined; // it did not answer at all: not a portal
  return {
    state: 'captive-portal',
    evidence: [
      {
        code: 'captive-answer',
        detail: `the connectivity check answered HTTP ${captive.status} instead of 204`,
      },
    ],
  };
}
