import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { useTranslator } from '../../components/use-translator';
import { sendMessage } from '../../lib/messaging';

export function Popup() {
  const { t } = useTranslator();
  const [background, setBackground] = useState<{ ok: boolean; text: string } | undefined>();

  useEffect(() => {
    void sendMessage('ping', { sentAt: Date.now() }).then((reply) =>
      setBackground(reply.ok ? { ok: true, text: reply.value.version } : { ok: false, text: reply.reason }),
    );
  }, []);

  return (
    <main>
      <h1>{t('popupTitle')}</h1>
      <p class="status" data-testid="connection-status">
        {t('popupNoCheckYet')}
      </p>
      {background && (
        <p class="status" data-testid="background-status" data-ok={String(background.ok)}>
          {background.ok
            ? t('popupBackgroundOk', background.text)
            : t('popupBackgroundDown', background.text)}
        </p>
      )}
      <nav>
        <a href={browser.runtime.getURL('/reader.html')} target="_blank">
          {t('popupOpenLibrary')}
        </a>
        <a href={browser.runtime.getURL('/options.html')} target="_blank">
          {t('popupOpenOptions')}
        </a>
      </nav>
    </main>
  );
}
