/**
 * The install kit as one HTML file: all three languages, inline CSS, no scripts, no fonts, no
 * images, nothing fetched — so it can be mirrored anywhere, sent as a file, and opened offline.
 * Language links are in-page anchors; where the browser supports :has(), choosing one hides the
 * others, and without it all three simply follow each other.
 *
 * The Markdown is ours (docs/install/*.md), so only the subset those files use is understood:
 * headings, paragraphs, lists, fenced code, `code`, **bold** and [links](url).
 */
export type Lang = 'en' | 'ru' | 'kk';
export const LANGS: Lang[] = ['en', 'ru', 'kk'];

const LANG_NAMES: Record<Lang, string> = { en: 'English', ru: 'Русский', kk: 'Қазақша' };

const KEY_TEXT: Record<Lang, { title: string; chromeId: string; none: string; testBuild: string }> = {
  en: {
    title: 'Release key fingerprint',
    chromeId: 'Chrome extension id',
    none: 'No project release key has been published yet. Until it is, no download can be checked as one the project made.',
    testBuild: 'TEST BUILD signed with a throw-away key: do not install it or pass it on.',
  },
  ru: {
    title: 'Отпечаток ключа подписи выпусков',
    chromeId: 'Идентификатор расширения Chrome',
    none: 'Ключ подписи проекта ещё не опубликован. Пока его нет, ни одну загрузку нельзя проверить как сделанную проектом.',
    testBuild:
      'ТЕСТОВАЯ СБОРКА, подписанная одноразовым ключом: не устанавливайте её и не передавайте другим.',
  },
  kk: {
    title: 'Шығарылым кілтінің саусақ ізі',
    chromeId: 'Chrome кеңейтімінің идентификаторы',
    none: 'Жобаның шығарылым кілті әлі жарияланған жоқ. Ол жарияланғанша, ешбір жүктеуді жоба жасағанын тексеру мүмкін емес.',
    testBuild: 'Бір реттік кілтпен қол қойылған СЫНАҚ ЖИНАҒЫ: оны орнатпаңыз және ешкімге бермеңіз.',
  },
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function inline(text: string): string {
  // Split out code spans first so nothing inside them is treated as Markdown.
  return text
    .split(/(`[^`]+`)/)
    .map((part) => {
      if (part.startsWith('`') && part.endsWith('`') && part.length > 1) {
        return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      }
      return escapeHtml(part)
        .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
        .replace(
          /\[([^\]]+)\]\(([^)\s]+)\)/g,
          (_, label: string, href: string) => `<a href="${href}">${label}</a>`,
        );
    })
    .join('');
}

function slug(lang: Lang, heading: string, used: Set<string>): string {
  const base = `${lang}-${heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')}`;
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

export function markdownToHtml(markdown: string, lang: Lang): string {
  const out: string[] = [];
  const used = new Set<string>();
  let paragraph: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | null = null;
  let code: string[] | null = null;

  const flush = (): void => {
    if (paragraph.length) out.push(`<p>${inline(paragraph.join(' '))}</p>`);
    paragraph = [];
    if (list)
      out.push(`<${list.tag}>${list.items.map((item) => `<li>${inline(item)}</li>`).join('')}</${list.tag}>`);
    list = null;
  };

  for (const line of markdown.split('\n')) {
    if (code) {
      if (line.startsWith('```')) {
        out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
        code = null;
      } else code.push(line);
      continue;
    }
    if (line.startsWith('```')) {
      flush();
      code = [];
      continue;
    }
    const heading = /^(#{1,3}) (.+)$/.exec(line);
    const bullet = /^[-*] (.+)$/.exec(line);
    const numbered = /^\d+\. (.+)$/.exec(line);
    const continued = /^ {2,}(\S.*)$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1]!.length;
      out.push(`<h${level} id="${slug(lang, heading[2]!, used)}">${inline(heading[2]!)}</h${level}>`);
    } else if (bullet || numbered) {
      const tag = bullet ? 'ul' : 'ol';
      if (paragraph.length || (list && list.tag !== tag)) flush();
      list ??= { tag, items: [] };
      list.items.push((bullet ?? numbered)![1]!);
    } else if (continued && list) {
      list.items[list.items.length - 1] += ` ${continued[1]}`;
    } else if (line.trim() === '') {
      flush();
    } else {
      if (list) flush();
      paragraph.push(line.trim());
    }
  }
  if (code) throw new Error(`docs/install/${lang}.md: a code block is never closed`);
  flush();
  return out.join('\n');
}

const CSS = `
body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem;color:#1a1a1a;background:#fff}
nav{display:flex;gap:1rem;padding:.5rem 0;border-bottom:1px solid #ccc;margin-bottom:1rem}
nav a{font-weight:600}
section{padding-top:.5rem;border-top:3px solid #ccc;margin-top:2rem}
section:first-of-type{border-top:0;margin-top:0}
body:has(section:target) section:not(:target){display:none}
.key{border:2px solid #1a1a1a;padding:.5rem 1rem;margin:1rem 0}
.key .fp{font:1.25rem/1.4 ui-monospace,monospace;letter-spacing:.05em;word-spacing:.3em}
.test{border-color:#b00020;color:#b00020;font-weight:700}
pre{background:#f3f3f3;padding:.5rem;overflow-x:auto}
code{font-family:ui-monospace,monospace}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}pre{background:#222}.key{border-color:#eee}a{color:#8ab4f8}}
`.trim();

export function installKitHtml(input: {
  pages: Record<Lang, string>;
  /** The release key's fingerprint, or null while no project key is published. */
  fingerprint: string | null;
  /** The CRX key's extension id, when the page is built for a release. */
  chromeId?: string;
  /** Set when the release was signed with a throw-away key: the page says so in every language. */
  testBuild?: boolean;
}): string {
  const nav = LANGS.map((lang) => `<a href="#${lang}" hreflang="${lang}">${LANG_NAMES[lang]}</a>`).join('');
  const sections = LANGS.map((lang) => {
    const text = KEY_TEXT[lang];
    const key = input.fingerprint
      ? `<p class="fp">${escapeHtml(input.fingerprint)}</p>`
      : `<p>${escapeHtml(text.none)}</p>`;
    const testBuild = input.testBuild ? `<p class="test">${escapeHtml(text.testBuild)}</p>` : '';
    const chromeId = input.chromeId
      ? `<p>${escapeHtml(text.chromeId)}: <code>${escapeHtml(input.chromeId)}</code></p>`
      : '';
    return [
      // Each language carries the switch: opening #kk scrolls past anything above the section.
      `<section id="${lang}" lang="${lang}">`,
      `<nav>${nav}</nav>`,
      `<div class="key${input.testBuild ? ' test' : ''}"><strong>${escapeHtml(text.title)}</strong>${key}${chromeId}${testBuild}</div>`,
      markdownToHtml(input.pages[lang], lang),
      '</section>',
    ].join('\n');
  });
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing on this page may load from elsewhere, even if someone edits a link into it.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="referrer" content="no-referrer">',
    '<title>Vantage — install and verify / установка и проверка / орнату және тексеру</title>',
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...sections,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
