import { useEffect, useState } from 'preact/hooks';
import { whatOthersSee, type OthersSee as Others } from '../lib/contribute';
import type { Translate } from '../lib/i18n';

/** OONI's aggregate for this site in the user's country; renders nothing when unavailable. */
export function OthersSee({
  t,
  apiBase,
  country,
  domain,
}: {
  t: Translate;
  apiBase: string;
  country: string;
  domain: string;
}) {
  const [others, setOthers] = useState<Others | undefined>();
  useEffect(() => {
    void whatOthersSee({ apiBase, probeCc: country, domain, fetch: (...args) => fetch(...args) }).then(
      (result) => setOthers(result.ok && result.value.measurements > 0 ? result.value : undefined),
    );
  }, [apiBase, country, domain]);
  if (!others) return null;
  return (
    <p class="others" data-testid="others-see">
      <strong>{t('othersTitle', country)}</strong>
      <br />
      {t('othersCounts', others.measurements, others.anomalies, others.confirmed, others.ok)}
    </p>
  );
}
