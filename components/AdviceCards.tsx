import { browser } from 'wxt/browser';
import type { AdviceCard, AdviceLink } from '../lib/advice';
import type { Translate } from '../lib/i18n';

/** What a link shows besides its label: the address a person could also type or write to. */
function linkDisplay(link: AdviceLink): string {
  if (link.kind === 'extension-page') return '';
  if (link.url.startsWith('mailto:')) return link.url.slice('mailto:'.length);
  const url = new URL(link.url);
  if (url.hostname === 't.me') return `@${url.pathname.slice(1)}`;
  return url.hostname;
}

function href(link: AdviceLink): string {
  return link.kind === 'extension-page' ? browser.runtime.getURL(`/${link.url}` as '/popup.html') : link.url;
}

function cardAnchor(sectionTestId: string, card: AdviceCard): string {
  return `${sectionTestId}-${card.id}`;
}

/** Opens a card shown elsewhere in the popup and puts the keyboard on it, as following a link should. */
function openCard(anchor: string) {
  const details = document.getElementById(anchor);
  if (!(details instanceof HTMLDetailsElement)) return;
  details.open = true;
  details.scrollIntoView({ block: 'start' });
  details.querySelector('summary')?.focus();
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
  elsewhere,
}: {
  t: Translate;
  cards: readonly AdviceCard[];
  headingKey: string;
  testId: string;
  /** Cards that apply here too but are shown further down, in the AdviceCards section `sectionTestId`. */
  elsewhere?: { cards: readonly AdviceCard[]; sectionTestId: string };
}) {
  const named = elsewhere?.cards ?? [];
  if (cards.length === 0 && named.length === 0) return null;
  const headingId = `${testId}-heading`;
  return (
    <section class="advice" data-testid={testId} aria-labelledby={headingId}>
      <h3 id={headingId}>{t(headingKey)}</h3>
      {elsewhere && named.length > 0 && (
        <p class="advice-elsewhere" data-testid={`${testId}-elsewhere`}>
          {t('popupFitAlsoBelow')}{' '}
          {named.map((card, i) => {
            const anchor = cardAnchor(elsewhere.sectionTestId, card);
            return (
              <span key={card.id}>
                {i > 0 && ', '}
                <a
                  href={`#${anchor}`}
                  data-card={card.id}
                  onClick={(event) => {
                    event.preventDefault();
                    openCard(anchor);
                  }}
                >
                  {t(card.titleKey)}
                </a>
              </span>
            );
          })}
        </p>
      )}
      <ul class="advice-list">
        {cards.map((card) => (
          <li key={card.id}>
            <details
              id={cardAnchor(testId, card)}
              class={`advice-card tone-${card.tone}`}
              data-testid="advice-card"
              data-card={card.id}
            >
              <summary title={t(card.titleKey)}>{t(card.titleKey)}</summary>
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
