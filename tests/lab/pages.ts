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
