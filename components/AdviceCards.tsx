import { browser } from 'wxt/browser';
import type { AdviceCard, AdviceLink } from '../lib/advice';
import type { Translate } from '../lib/i18n';

/** What a link shows besides its label: the address a person could also type or write to. */
export function linkDisplay(link: AdviceLink): string {
  if (link.kind === 'extension-page') return '';
  if (link.url.startsWith('mailto:')) return link.url.slice('mailto:'.length);
  const url = new URL(link.url);
  if (url.hostname === 't.me') return `@${url.pathname.slice(1)}`;
  return url.hostname;
}

function href(link: AdviceLink): string {
  return link.kind === 'extension-page' ? browser.runtime.getURL(`/${link.url}` as '/popup.html') : link.url;
}

/**
 * Advice cards: compact (a title each), expanded with the native details/summary, so the
 * keyboard (Tab, Enter/Space) and screen readers work without any script of ours.
 */
export function AdviceCards({
  t,
  cards,
  headingKey,
  testId,
}: {
  t: Translate;
  cards: readonly AdviceCard[];
  headingKey: string;
  testId: string;
}) {
  if (cards.length === 0) return null;
  const headingId = `${testId}-heading`;
  return (
    <section class="advice" data-testid={testId} aria-labelledby={headingId}>
      <h3 id={headingId}>{t(headingKey)}</h3>
      <ul class="advice-list">
        {cards.map((card) => (
          <li key={card.id}>
            <details class={`advice-card tone-${card.tone}`} data-testid="advice-card" data-card={card.id}>
              <summary>{t(card.titleKey)}</summary>
              <p>{t(card.bodyKey)}</p>
              {card.steps.map((steps, i) => (
                <div key={i} class="advice-steps">
                  <h4>{steps.headingKey ? t(steps.headingKey) : t('adviceHowTo')}</h4>
                  <ol>
                    {steps.stepKeys.map((key) => (
                      <li key={key}>{t(key)}</li>
                    ))}
                  </ol>
                </div>
              ))}
              {card.links.length > 0 && (
                <div class="advice-links">
                  {card.links.some((l) => l.kind !== 'extension-page') && <h4>{t('adviceWhereToGet')}</h4>}
                  <ul>
                    {card.links.map((link) => (
                      <li key={link.url}>
                        <a href={href(link)} target="_blank" rel="noopener noreferrer" data-kind={link.kind}>
                          {t(link.labelKey, linkDisplay(link))}
                        </a>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <dl>
                <dt>{t('adviceApplies')}</dt>
                <dd>{t(card.appliesKey)}</dd>
                <dt>{t('adviceNotApplies')}</dt>
                <dd>{t(card.notAppliesKey)}</dd>
                <dt>{t('adviceRisk')}</dt>
                <dd>{t(card.riskKey)}</dd>
              </dl>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
