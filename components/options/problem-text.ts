import type { Translate } from '../../lib/i18n';
import type { FieldProblem } from '../../lib/options';
import { MAX_TARGETS, type ImportError, type UrlProblem } from '../../lib/targets';

/** A field problem in the user's words. */
export function fieldProblemText(t: Translate, problem: FieldProblem): string {
  switch (problem.reason) {
    case 'empty':
      return t('optionsErrorEmpty');
    case 'not-a-whole-number':
      return t('optionsErrorWholeNumber');
    case 'out-of-range':
      return t('optionsErrorRange', problem.min, problem.max);
    case 'invalid-url':
      return t('optionsErrorUrl');
    case 'not-http':
      return t('optionsErrorNotHttp');
    case 'not-https':
      return t('optionsPresetErrorNotHttps');
    case 'duplicate':
      return t('optionsErrorDuplicate');
    case 'last-one':
      return t('optionsErrorLastResolver');
  }
}

/** Why a site cannot be added (typed by hand or read from a CSV row). */
export function urlProblemText(
  t: Translate,
  reason: UrlProblem | 'duplicate' | 'malformed' | 'too-many',
): string {
  switch (reason) {
    case 'empty':
      return t('optionsErrorEmpty');
    case 'invalid-url':
      return t('optionsErrorUrl');
    case 'not-http':
      return t('optionsErrorNotHttp');
    case 'invalid-host':
      return t('optionsErrorHost');
    case 'special-use':
      return t('scaleErrorSpecialUse');
    case 'too-many':
      return t('scaleErrorTooMany', MAX_TARGETS);
    case 'duplicate':
      return t('optionsErrorSiteDuplicate');
    case 'malformed':
      return t('optionsErrorCsvRow');
  }
}

export function importErrorText(t: Translate, error: ImportError): string {
  if (error.reason === 'too-many') {
    return t('optionsCsvLine', error.line, t('scaleCsvTooMany', error.skipped ?? 0, MAX_TARGETS));
  }
  return t('optionsCsvLine', error.line, urlProblemText(t, error.reason));
}
