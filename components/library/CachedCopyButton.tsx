import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { openDatabase } from '../../lib/db';
import type { Translate } from '../../lib/i18n';
import {
  isFromPack,
  signatureStatus,
  type SignatureStatus,
  countOnHost,
  findCopy,
  leaveReaderIntent,
  type ReaderIntent,
} from '../../lib/library';
import { trustedKeys } from '../../lib/signing';

/**
 * When the library holds this page (or other pages of its site), a way to read them now —
 * the answer to "it is blocked" that needs no network. Looked up after the popup has painted.
 */
export function CachedCopyButton({ t, pageUrl }: { t: Translate; pageUrl: string }) {
  const [found, setFound] = useState<{ copy: boolean; pack?: SignatureStatus; onSite: number }>();
  useEffect(() => {
    let alive = true;
    void (async () => {
      const db = await openDatabase();
      const copy = await findCopy(db, pageUrl);
      const onSite = copy ? 0 : await countOnHost(db, new URL(pageUrl).hostname);
      // A pack's copy is a stranger's claim: the button says so (provenance.ts), and who signed
      // it as checked at import — named only if the user trusts that key.
      const pack =
        copy && isFromPack(copy)
          ? await signatureStatus(copy.packSigner, copy.packSigner ? await trustedKeys() : [])
          : undefined;
      if (alive) setFound({ copy: Boolean(copy), ...(pack ? { pack } : {}), onSite });
    })();
    return () => void (alive = false);
  }, [pageUrl]);
  if (!found || (!found.copy && !found.onSite)) return null;
  const intent: ReaderIntent = found.copy
    ? { kind: 'copy', url: pageUrl }
    : { kind: 'site', host: new URL(pageUrl).hostname };
  return (
    <p>
      <a
        class="button-link"
        data-testid="cached-copy"
        href={browser.runtime.getURL('/reader.html')}
        target="_blank"
        onClick={(event) => {
          // The page to show goes to the new reader tab in memory, never in its address (which
          // would keep a blocked site in the browser's own history). Should the hand-over fail,
          // the library still opens.
          event.preventDefault();
          void leaveReaderIntent(browser, intent)
            .catch(() => undefined)
            .then(() => browser.tabs.create({ url: browser.runtime.getURL('/reader.html') }));
        }}
      >
        {found.copy ? copyLabel(t, found.pack) : t('popupCachedSite', found.onSite)}
      </a>
    </p>
  );
}

function copyLabel(t: Translate, pack: SignatureStatus | undefined): string {
  if (!pack) return t('popupCachedCopy');
  if (pack.kind === 'trusted') return t('packsigCachedCopyTrusted', pack.name, pack.fingerprint);
  if (pack.kind === 'unknown') return t('packsigCachedCopyUnknown', pack.fingerprint);
  return t('libtrustCachedCopyFromPack');
}
