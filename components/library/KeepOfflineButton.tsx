import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { type Translate, plural } from '../../lib/i18n';
import { openDatabase } from '../../lib/db';
import { failureMessageKey, deleteArticle, type LoginSign } from '../../lib/library';
import { sendMessage } from '../../lib/messaging';
import { useTranslator } from '../use-translator';

/**
 * The background reads the page at once (lib/library/keep-offline.ts) and gives up after a few
 * seconds; this is the popup's own bound, for a background that never answers at all.
 */
const NO_ANSWER_MS = 20_000;

const SIGN_KEYS = {
  'password-field': 'libtrustSignPassword',
  'logout-link': 'libtrustSignLogout',
  'email-in-chrome': 'libtrustSignEmail',
} as const;

type State =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; title: string; evicted: number; id: string; loginSigns: LoginSign[]; partial: boolean }
  | { kind: 'deleted' }
  | { kind: 'failed'; why: string };

/**
 * "Keep offline": save the page in the current tab into the library, pinned. The tab is looked
 * up when the button is pressed (the popup belongs to the window it was opened from); the
 * background reads the page under activeTab and sanitizes it before storing (lib/library).
 */
export function KeepOfflineButton({ t }: { t: Translate }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const { language } = useTranslator();

  async function keep() {
    setState({ kind: 'saving' });
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined || !/^https?:/.test(tab.url ?? 'https:')) {
      return setState({ kind: 'failed', why: t(failureMessageKey('no-tab')) });
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reply = await Promise.race([
      sendMessage('libraryKeepOffline', { tabId: tab.id }),
      new Promise<'no-answer'>((resolve) => (timer = setTimeout(() => resolve('no-answer'), NO_ANSWER_MS))),
    ]);
    clearTimeout(timer);
    if (reply === 'no-answer') return setState({ kind: 'failed', why: t('wordsKeepNoAnswer') });
    // The messaging layer's reason is for a log, not for the user (an exception's text).
    if (!reply.ok) return setState({ kind: 'failed', why: t('wordsInternalError') });
    const result = reply.value;
    if (!result.ok) return setState({ kind: 'failed', why: t(failureMessageKey(result.reason)) });
    setState({
      kind: 'saved',
      title: result.title,
      evicted: result.evicted.length,
      id: result.articleId,
      loginSigns: result.loginSigns ?? [],
      partial: result.partial === true,
    });
  }

  // A page kept while logged in may carry the person's name or e-mail: say so, offer to undo.
  // Written here, like the reader's edits (lib/messaging/protocol.ts: one path per kind of write).
  async function removeKept(id: string) {
    const removed = await deleteArticle(await openDatabase(), id).then(
      () => true,
      () => false,
    );
    if (removed) setState({ kind: 'deleted' });
  }

  return (
    <section class="keep-offline">
      <button
        id="keep-offline-button"
        data-testid="keep-offline"
        disabled={state.kind === 'saving'}
        aria-describedby="keep-offline-hint"
        onClick={() => void keep()}
      >
        {state.kind === 'saving' ? t('libraryKeepOfflineSaving') : t('libraryKeepOffline')}
      </button>
      <p id="keep-offline-hint" class="muted">
        <small>{t('libraryKeepOfflineHint')}</small>
      </p>
      <p
        role="status"
        aria-live="polite"
        data-testid="keep-offline-status"
        style={{ overflowWrap: 'anywhere' }}
      >
        {state.kind === 'saved' && t('libraryKeepOfflineSaved', state.title)}
        {state.kind === 'saved' && state.partial && (
          <>
            {' '}
            <span data-testid="keep-offline-partial">{t('wordsKeptPartial')}</span>
          </>
        )}
        {state.kind === 'saved' && state.evicted > 0 && (
          <> {plural(t, language, 'wordsEvicted', state.evicted)}</>
        )}
        {state.kind === 'failed' && t('libraryKeepOfflineFailed', state.why)}
        {state.kind === 'deleted' && t('libtrustDeleted')}
      </p>
      {state.kind === 'saved' && state.loginSigns.length > 0 && (
        <div class="notice" role="alert" data-testid="keep-offline-logged-in">
          <p>{t('libtrustLoggedIn', state.loginSigns.map((sign) => t(SIGN_KEYS[sign])).join(', '))}</p>
          <button data-testid="keep-offline-delete" onClick={() => void removeKept(state.id)}>
            {t('libtrustDeleteKept')}
          </button>
        </div>
      )}
    </section>
  );
}
