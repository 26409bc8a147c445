import { describe } from './doh';

export interface CaptiveCheck {
  /** True when the check URL answered exactly as it does without a portal (204). */
  ok: boolean;
  status?: number;
  redirectedTo?: string;
  netError?: string;
  error?: string;
}

/**
 * A captive portal (hotel, airport, some mobile top-up pages) answers a plain-HTTP request
 * with its login page or a redirect to it. The check URL normally returns 204 and nothing else.
 */
export async function checkCaptivePortal(
  url: string,
  deps: { fetch: typeof fetch; timeoutMs: number },
): Promise<CaptiveCheck> {
  try {
    const response = await deps.fetch(url, {
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'follow',
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    const redirectedTo = response.redirected ? response.url : undefined;
    return { ok: response.status === 204 && !redirectedTo, status: response.status, redirectedTo };
  } catch (error) {
    return { ok: false, error: describe(error) };
  }
}
