import { useEffect, useState } from 'preact/hooks';
import type { Translate } from '../../lib/i18n';
import { signatureStatus, type SignatureStatus } from '../../lib/library';
import { trustedKeys, trustKey } from '../../lib/signing';

/**
 * Who signed the pack an article came in, as this Vantage checked it at import: "signed by
 * <name> · <fingerprint>" for a key the user trusts, "signed by an unknown key · <fingerprint>"
 * with a way to trust it, or "unsigned". Trust is looked up now, so trusting changes the label.
 */
export function PackSignature({
  t,
  signer,
  onTrusted,
}: {
  t: Translate;
  signer: { publicKey: string; name: string } | undefined;
  onTrusted?: () => void;
}) {
  const [status, setStatus] = useState<SignatureStatus>();
  const [name, setName] = useState(signer?.name ?? '');
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let alive = true;
    void (async () => {
      const trusted = signer ? await trustedKeys() : [];
      const next = await signatureStatus(signer, trusted);
      if (alive) setStatus(next);
    })();
    return () => void (alive = false);
  }, [signer?.publicKey, signer?.name, version]);
  if (!status) return null;

  async function trust(publicKey: string) {
    await trustKey(publicKey, name || signer?.name || '');
    setVersion((v) => v + 1);
    onTrusted?.();
  }

  return (
    <div class="pack-signature" data-testid="pack-signature" data-status={status.kind}>
      <p>
        <strong data-testid="pack-signature-label">
          {status.kind === 'unsigned'
            ? t('packsigUnsigned')
            : status.kind === 'trusted'
              ? t('packsigTrusted', status.name, status.fingerprint)
              : t('packsigUnknown', status.fingerprint)}
        </strong>{' '}
        <small class="muted">{t('packsigMeaning')}</small>
      </p>
      {status.kind === 'unknown' && (
        <form
          class="add-source"
          onSubmit={(event) => {
            event.preventDefault();
            void trust(status.publicKey);
          }}
        >
          <p class="muted">
            <small>{t('packsigUnknownClaim', status.claimedName)}</small>
          </p>
          <label>
            {t('packsigTrustName')}{' '}
            <input
              value={name}
              maxLength={100}
              required
              data-testid="pack-trust-name"
              onInput={(event) => setName(event.currentTarget.value)}
            />
          </label>{' '}
          <button type="submit" data-testid="pack-trust">
            {t('packsigTrust')}
          </button>
        </form>
      )}
    </div>
  );
}
