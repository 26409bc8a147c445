import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import bundledMirrorsUrl from '../data/mirrors/mirrorSites.json?url';
import { archiveLinks, findAlternatives, loadMirrorList, type Alternative } from '../lib/advice';
import { loadInstalledBundle } from '../lib/data-bundle';
import type { Translate } from '../lib/i18n';

const KIND_KEY: Record<Alternative['kind'], string> = {
  mirror: 'adviceAltMirror',
  onion: 'adviceAltOnion',
  ipfs: 'adviceAltIpfs',
};

/** Shorten a long onion host so the line stays readable; the link keeps the full address. */
function shortHost(url: string): string {
  const host = new URL(url).hostname;
  return host.length > 40 ? `${host.slice(0, 18)}…${host.slice(-14)}` : host;
}

/**
 * Other addresses of a blocked page: mirrors and onions from the bypass-mirrors list, then the
 * web archives. The list (~85 KB) is fetched from the extension's own files only when this is
 * shown, so it costs the popup's first paint nothing.
 */
export function Alternatives({ t, pageUrl }: { t: Translate; pageUrl: string }) {
  const [found, setFound] = useState<Alternative[] | undefined>();
  useEffect(() => {
    let alive = true;
    void loadMirrorList(
      browser.storage.local,
      () => fetch(bundledMirrorsUrl).then((r) => r.text()),
      loadInstalledBundle,
    ).then(({ list }) => {
      if (alive) setFound(findAlternatives(list, new URL(pageUrl).hostname)?.alternatives ?? []);
    });
    return () => {
      alive = false;
    };
  }, [pageUrl]);

  const archives = archiveLinks(pageUrl);
  return (
    <section class="alternatives" data-testid="alternatives" aria-labelledby="alternatives-heading">
      <h3 id="alternatives-heading">{t('adviceAlternativesHeading')}</h3>
      {found === undefined ? null : found.length > 0 ? (
        <>
          <ul data-testid="mirrors">
            {found.map((alternative) => (
              <li key={alternative.url}>
                <a
                  href={alternative.url}
                  target="_blank"
                  rel="noopener noreferrer"
                  data-kind={alternative.kind}
                  data-testid="mirror-link"
                >
                  {t(KIND_KEY[alternative.kind], shortHost(alternative.url))}
                </a>
              </li>
            ))}
          </ul>
          <p class="muted">{t('adviceAltNote')}</p>
        </>
      ) : (
        <p class="muted" data-testid="no-mirrors">
          {t('adviceAltNone')}
        </p>
      )}
      <h4>{t('adviceArchivesHeading')}</h4>
      <ul data-testid="archives">
        <li>
          <a href={archives.wayback} target="_blank" rel="noopener noreferrer">
            {t('adviceWayback')}
          </a>
        </li>
        <li>
          <a href={archives.archiveToday} target="_blank" rel="noopener noreferrer">
            {t('adviceArchiveToday')}
          </a>
        </li>
      </ul>
      <p class="muted">{t('adviceArchivesNote')}</p>
    </section>
  );
}
