import { readFileSync } from 'node:fs';
/** Recognisable marker the project's fingerprint table matches (data/fingerprints/vantage_http.csv). */
export const LAB_BLOCKPAGE_MARKER = 'vantage-lab-blockpage';

/** Modelled on the wording of Kazakh ISPs' blockpages (see data/fingerprints/SOURCES.md). */
export function blockpageHtml(): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Доступ к ресурсу ограничен</title></head>
<body class="${LAB_BLOCKPAGE_MARKER}"><h1>Доступ к ресурсу ограничен</h1>
<p>Ресурс заблокирован в соответствии с законодательством Республики Казахстан.</p></body></html>`;
}

export function sitePage(host: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${host} — lab site</title></head>
<body><article><h1>News from ${host}</h1>${'<p>Reporting from the lab. The connection works and this page is whole.</p>'.repeat(20)}</article></body></html>`;
}

export const CAPTIVE_LOGIN_HTML =
  '<!doctype html><html><head><meta charset="utf-8"><title>Sign in to Wi-Fi</title></head><body><form><h1>Sign in to Wi-Fi</h1><input name="phone"><button>Continue</button></form></body></html>';

// Issue #13 (verdicts): block notices in other words, an article about censorship, a 451, a big
// site. The notices are the fixtures the unit tests read (tests/fixtures/blockpages/SOURCES.md).
export type LabPage =
  | 'kz-restricted'
  | 'ru-reworded'
  | 'article-about-censorship'
  | 'warning-landing'
  | 'small-notice'
  | 'big'
  | 'legal-451';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/blockpages/${name}.html`, import.meta.url), 'utf8');

/** A site whose front page is about 300 KB, as a news portal's is: what the size rule compares with. */
function bigSitePage(host: string): string {
  const paragraph = `<p>${'Market prices, weather, the city council and the football results. '.repeat(8)}</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${host}</title></head><body><main><h1>${host}</h1>${paragraph.repeat(560)}</main></body></html>`;
}

/** What a host with `page` answers: status, body. */
export function labPage(
  page: LabPage,
  host: string,
): { status: number; body: string; headers?: Record<string, string> } {
  switch (page) {
    case 'big':
      return { status: 200, body: bigSitePage(host) };
    case 'legal-451':
      // RFC 7725 §3's example: the status, a short explanation, and a Link naming who blocks.
      return {
        status: 451,
        headers: { link: '<https://spqr.example.org/legislatione>; rel="blocked-by"' },
        body: "<html><head><title>Unavailable For Legal Reasons</title></head><body><h1>Unavailable For Legal Reasons</h1><p>This request may not be serviced in the Roman Province of Judea due to the Lex Julia Majestatis, which disallows access to resources hosted on servers deemed to be operated by the People's Front of Judea.</p></body></html>",
      };
    default:
      return { status: 200, body: fixture(page) };
  }
}
