import type { Translate } from '../i18n';
import type { AttemptReason, BundleRefresh } from './refresh';

const REASON_KEY: Record<AttemptReason, string> = {
  network: 'dataBundleReasonNetwork',
  'http-status': 'dataBundleReasonHttpStatus',
  'not-https': 'dataBundleReasonNotHttps',
  'too-large': 'dataBundleReasonTooLarge',
  malformed: 'dataBundleReasonMalformed',
  'bad-signature': 'dataBundleReasonBadSignature',
  older: 'dataBundleReasonOlder',
  same: 'dataBundleReasonSame',
};

/** What a refresh the user asked for did, in words: the outcome, then one line per endpoint skipped. */
export function refreshReportLines(result: BundleRefresh, t: Translate): string[] {
  const head =
    result.outcome === 'updated'
      ? t('dataBundleResultUpdated', String(result.version), hostOf(result.source))
      : result.outcome === 'current'
        ? t('dataBundleResultCurrent')
        : result.outcome === 'no-endpoints'
          ? t('dataBundleResultNoEndpoints')
          : result.outcome === 'no-key'
            ? t('dataBundleResultNoKey')
            : t('dataBundleResultFailed');
  return [
    head,
    ...result.attempts.map((attempt) =>
      t('dataBundleAttempt', hostOf(attempt.url), t(REASON_KEY[attempt.reason])),
    ),
  ];
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
