import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Translate } from '../../lib/i18n';
import { closeDatabase } from '../../lib/db';
import { sendMessage } from '../../lib/messaging';
import { findLeftovers, type Leftovers } from '../../lib/options';
import { Section } from './Section';

/** Look at what is left after the background's wipe, reading only (never re-creating a database). */
function checkLeftovers(): Promise<Leftovers> {
  return findLeftovers({
    listDatabases: () => (indexedDB.databases ? indexedDB.databases() : Promise.resolve([])),
    storageKeys: async () => Object.keys(await browser.storage.local.get(null)),
    alarmNames: async () => (await browser.alarms.getAll()).map((alarm) => alarm.name),
  });
}

/**
 * "Wipe everything", for when the phone may be taken: one button, one confirmation in a modal
 * dialog (not window.confirm, which some browsers suppress), then the page shows the result.
 */
export function WipeSection(props: { t: Translate; onWiped(leftovers: Leftovers): void }) {
  const { t } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | undefined>();

  async function wipe() {
    setBusy(true);
    setFailed(undefined);
    // This page's own connection would hold the deletion until the page closed.
    await closeDatabase();
    const reply = await sendMessage('wipeEverything', {});
    setBusy(false);
    dialog.current?.close();
    // The reason is for a bug report; the person reads a sentence.
    if (!reply.ok) return setFailed(t('wordsWipeFailed'));
    props.onWiped(await checkLeftovers());
  }

  return (
    <Section id="wipe" title={t('optionsWipeTitle')} intro={t('optionsWipeIntro')}>
      <button type="button" class="danger" data-testid="wipe" onClick={() => dialog.current?.showModal()}>
        {t('optionsWipeButton')}
      </button>
      {failed && (
        <p class="error" role="alert">
          {failed}
        </p>
      )}
      <dialog ref={dialog} aria-labelledby="wipe-dialog-title" aria-describedby="wipe-dialog-text">
        <h2 id="wipe-dialog-title">{t('optionsWipeConfirmTitle')}</h2>
        <p id="wipe-dialog-text">{t('optionsWipeConfirmText')}</p>
        <div class="row">
          <button
            type="button"
            class="danger"
            data-testid="wipe-confirm"
            disabled={busy}
            onClick={() => void wipe()}
          >
            {t('optionsWipeConfirm')}
          </button>
          <button type="button" disabled={busy} onClick={() => dialog.current?.close()} autoFocus>
            {t('optionsCancel')}
          </button>
        </div>
      </dialog>
    </Section>
  );
}

/** The page after a wipe: what was removed, and honestly anything that is still there. */
export function WipedView(props: { t: Translate; leftovers: Leftovers }) {
  const { t, leftovers } = props;
  const left = [...leftovers.databases, ...leftovers.storageKeys, ...leftovers.alarms];
  // The dialog that had focus is gone: put the keyboard and screen reader on the result.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main class="wiped" data-testid="wiped">
      <h1 ref={heading} tabIndex={-1}>
        {left.length === 0 ? t('optionsWipedTitle') : t('optionsWipedPartlyTitle')}
      </h1>
      <p role="status">{left.length === 0 ? t('optionsWipedText') : t('optionsWipedPartlyText')}</p>
      {left.length > 0 && (
        <ul data-testid="leftovers">
          {left.map((name) => (
            <li key={name}>
              <code>{name}</code>
            </li>
          ))}
        </ul>
      )}
      <p>{t('optionsWipedNext')}</p>
    </main>
  );
}
