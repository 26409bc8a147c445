import { parseEndpointUrl } from '../../lib/options';
import type { SectionProps } from './section-props';
import { Section } from './Section';
import { TextField } from './TextField';

/** Where Vantage asks OONI for lists, sends contributions (if on) and checks for a captive portal; https only but the last. */
export function EndpointsSection({ settings, save, t }: SectionProps) {
  const fields = [
    ['ooni-api', 'optionsOoniApi', 'ooniApiBase'],
    ['collector', 'optionsCollector', 'collectorBase'],
    ['captive-url', 'optionsCaptiveUrl', 'captiveCheckUrl'],
  ] as const;
  return (
    <Section id="endpoints" title={t('optionsEndpointsTitle')} intro={t('optionsEndpointsIntro')}>
      {fields.map(([id, label, key]) => (
        <TextField
          key={id}
          id={id}
          label={t(label)}
          type="url"
          value={settings[key]}
          // Only the captive check may be http: a portal intercepts only what is not encrypted.
          parse={(text) => parseEndpointUrl(text, { allowHttp: key === 'captiveCheckUrl' })}
          onValid={(value) => save({ [key]: value })}
          t={t}
        />
      ))}
    </Section>
  );
}
