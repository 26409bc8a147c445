import { useState } from 'preact/hooks';
import { addResolver, removeResolver, type FieldProblem } from '../../lib/options';
import { fieldProblemText } from './problem-text';
import type { SectionProps } from './section-props';
import { Section } from './Section';

/** The DNS-over-HTTPS resolvers asked beside every check (a censor's DNS lies; these may not). */
export function ResolversSection({ settings, save, t }: SectionProps) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<FieldProblem | undefined>();

  async function apply(result: ReturnType<typeof addResolver>, clear: boolean) {
    if (!result.ok) return setProblem(result.problem);
    setProblem(undefined);
    if (clear) setText('');
    await save({ dohResolvers: result.value });
  }

  return (
    <Section id="resolvers" title={t('optionsResolversTitle')} intro={t('optionsResolversIntro')}>
      <ul class="resolvers" data-testid="resolvers">
        {settings.dohResolvers.map((url) => (
          <li key={url}>
            <code>{url}</code>
            <button
              type="button"
              aria-label={t('optionsRemoveResolver', url)}
              onClick={() => void apply(removeResolver(settings.dohResolvers, url), false)}
            >
              {t('optionsRemove')}
            </button>
          </li>
        ))}
      </ul>
      <form
        class="row"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void apply(addResolver(settings.dohResolvers, text), true);
        }}
      >
        <div class="field">
          <label for="resolver-url">{t('optionsAddResolver')}</label>
          <input
            id="resolver-url"
            type="text"
            inputMode="url"
            placeholder="https://dns.example/dns-query"
            value={text}
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby={problem ? 'resolver-error' : undefined}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </div>
        <button type="submit">{t('optionsAdd')}</button>
      </form>
      {problem && (
        <p id="resolver-error" class="error" role="alert">
          {fieldProblemText(t, problem)}
        </p>
      )}
    </Section>
  );
}
