import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { useTranslator } from '../../components/use-translator';
import { activeTargets } from '../../lib/engine';
import { sendMessage } from '../../lib/messaging';
import {
  CONSENT_ANSWERS,
  contactedServices,
  loadSettings,
  type ConsentAnswer,
  type Settings,
} from '../../lib/settings';

/** Intervals offered for "on a schedule"; any other is set in the options page. */
const INTERVALS = [30, 60, 180, 720];

const ANSWER_LABEL: Record<ConsentAnswer, string> = {
  now: 'consentChoiceNow',
  schedule: 'consentChoiceSchedule',
  manual: 'consentChoiceManual',
};

/**
 * The first-run page: what Vantage would contact, what a watching network sees, what stays here,
 * and when to check. Wiring only: the answer is saved and acted on by the background (consentChoose).
 */
export function Welcome() {
  const { t, ready } = useTranslator();
  const [settings, setSettings] = useState<Settings | undefined>();
  const [choice, setChoice] = useState<ConsentAnswer | undefined>();
  const [minutes, setMinutes] = useState(30);
  const [diagnose, setDiagnose] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [done, setDone] = useState<ConsentAnswer | undefined>();

  useEffect(() => {
    void loadSettings().then((loaded) => {
      setSettings(loaded);
      if (loaded.consent.choice !== 'none') setChoice(loaded.consent.choice);
      if (INTERVALS.includes(loaded.scheduleMinutes)) setMinutes(loaded.scheduleMinutes);
      setDiagnose(loaded.diagnoseFailedPages);
    });
  }, []);

  if (!ready || !settings) return <main aria-busy="true" />;
  const contacted = contactedServices(settings);
  const sites = activeTargets(settings).length;

  async function submit(event: Event) {
    event.preventDefault();
    // Read the form as submitted, not the last render's state: a click just before may not have
    // re-rendered yet.
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const choice = CONSENT_ANSWERS.find((answer) => answer === form.get('choice'));
    const diagnose = form.get('diagnose') === 'on';
    const minutes = Number(form.get('interval'));
    if (!choice) return setProblem(t('consentChooseFirst'));
    setProblem(undefined);
    const reply = await sendMessage('consentChoose', {
      choice,
      diagnose,
      ...(choice === 'schedule' ? { scheduleMinutes: minutes } : {}),
    });
    if (!reply.ok) return setProblem(t('consentSaveFailed', reply.detail ?? reply.reason));
    setDone(choice);
  }

  return (
    <main>
      <h1>{t('consentTitle')}</h1>
      <p>{t('consentIntro')}</p>

      <h2>{t('consentContactsTitle')}</h2>
      <ul>
        <li data-testid="consent-sites">{t('consentContactsSites', sites)}</li>
        <li data-testid="consent-resolvers">
          {t('consentContactsResolvers', contacted.resolvers.join(', '))}
        </li>
        <li data-testid="consent-connectivity">
          {t('consentContactsConnectivity', contacted.connectivityCheck)}
        </li>
      </ul>

      <h2>{t('consentWatcherTitle')}</h2>
      <p>{t('consentWatcher')}</p>

      <h2>{t('consentDeviceTitle')}</h2>
      <p>{t('consentDevice')}</p>

      <form onSubmit={(event) => void submit(event)}>
        <fieldset>
          <legend>{t('consentWhenTitle')}</legend>
          {CONSENT_ANSWERS.map((answer) => (
            <div class="choice" key={answer}>
              <input
                type="radio"
                name="choice"
                id={`consent-${answer}`}
                value={answer}
                checked={choice === answer}
                onChange={() => setChoice(answer)}
              />
              <label for={`consent-${answer}`}>{t(ANSWER_LABEL[answer])}</label>
              {answer === 'schedule' && (
                <select
                  aria-label={t('consentInterval')}
                  id="consent-interval"
                  name="interval"
                  value={minutes}
                  onChange={(event) => {
                    setMinutes(Number((event.target as HTMLSelectElement).value));
                    setChoice('schedule');
                  }}
                >
                  {INTERVALS.map((value) => (
                    <option key={value} value={value}>
                      {t('consentIntervalMinutes', value)}
                    </option>
                  ))}
                </select>
              )}
            </div>
          ))}
          <p class="hint" data-testid="consent-refreshes">
            {t('consentWhenRefreshes')}
          </p>
        </fieldset>

        <fieldset>
          <legend>{t('consentDiagnoseTitle')}</legend>
          <div class="choice">
            <input
              type="checkbox"
              id="consent-diagnose"
              name="diagnose"
              aria-describedby="consent-diagnose-hint"
              checked={diagnose}
              onChange={(event) => setDiagnose((event.target as HTMLInputElement).checked)}
            />
            <label for="consent-diagnose">{t('consentDiagnose')}</label>
          </div>
          <p class="hint" id="consent-diagnose-hint">
            {t('consentDiagnoseHint')}
          </p>
        </fieldset>

        <button type="submit" class="primary" id="consent-save">
          {t('consentSave')}
        </button>
        {problem && (
          <p class="error" role="alert" data-testid="consent-problem">
            {problem}
          </p>
        )}
      </form>

      <p role="status" data-testid="consent-done">
        {done && (
          <>
            {t(done === 'manual' ? 'consentDoneManual' : 'consentDoneChecking')}{' '}
            <a href={browser.runtime.getURL('/options.html')}>{t('consentOpenSettings')}</a>
          </>
        )}
      </p>
    </main>
  );
}
