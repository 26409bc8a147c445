import { describe, expect, it } from 'vitest';
import { contributionPatterns, withoutInstallIdentifiers } from '../../../lib/contribute/request-guard';

const ORIGIN = 'moz-extension://0b6b3a4e-1c2d-4e5f-9a8b-7c6d5e4f3a2b/';

describe('no per-install identifier in contribution requests', () => {
  it('drops Origin, Referer, Cookie and any header carrying the extension id', () => {
    const headers = [
      { name: 'Host', value: 'api.ooni.io' },
      { name: 'User-Agent', value: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0' },
      { name: 'Content-Type', value: 'application/json' },
      { name: 'Origin', value: 'moz-extension://0b6b3a4e-1c2d-4e5f-9a8b-7c6d5e4f3a2b' },
      { name: 'Referer', value: `${ORIGIN}_generated_background_page.html` },
      { name: 'cookie', value: 'a=1' },
      { name: 'X-Something', value: 'from 0B6B3A4E-1C2D-4E5F-9A8B-7C6D5E4F3A2B' },
    ];
    expect(withoutInstallIdentifiers(headers, ORIGIN).map((h) => h.name)).toEqual([
      'Host',
      'User-Agent',
      'Content-Type',
    ]);
  });

  it('guards exactly the check-in and collector origins (match patterns take no port)', () => {
    expect(
      contributionPatterns([
        'https://api.ooni.io',
        'https://api.ooni.io/',
        'https://api.lab.test:8443/x',
        'nonsense',
      ]),
    ).toEqual(['https://api.ooni.io/*', 'https://api.lab.test/*']);
  });
});
