import { existsSync, readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { readKitPages } from '../../../scripts/release/assemble';
import { fingerprint, readPublicKey } from '../../../scripts/release/keys';
import { installKitHtml, LANGS, markdownToHtml } from '../../../scripts/release/install-kit-html';

const pages = readKitPages('.');
const FP = '14D7 ABB8 325D B3ED C07C 6A3C E232 4CC3';

describe('install kit', () => {
  it('is one page with all three languages, each headed by the key fingerprint', () => {
    const chromeId = 'cnmbegdfgabffjlapklkhobgnpldnkfm';
    const { document } = new JSDOM(installKitHtml({ pages, fingerprint: FP, chromeId })).window;
    for (const lang of LANGS) {
      const section = document.getElementById(lang)!;
      expect(section.getAttribute('lang')).toBe(lang);
      expect(section.querySelector('.key .fp')?.textContent).toBe(FP);
      expect(section.querySelector('.key code')?.textContent).toBe(chromeId);
      // Every language links to all three, so the switch is on screen wherever #lang scrolls.
      expect([...section.querySelectorAll('nav a')].map((a) => a.getAttribute('href'))).toEqual([
        '#en',
        '#ru',
        '#kk',
      ]);
    }
    expect(document.getElementById('ru')!.textContent).toContain('Режим разработчика');
    expect(document.getElementById('kk')!.textContent).toContain('Әзірлеуші режимін');
  });

  it('loads nothing from anywhere: no scripts, styles, images, fonts or frames from outside', () => {
    const html = installKitHtml({ pages, fingerprint: FP });
    const { document } = new JSDOM(html).window;
    expect(
      document.querySelectorAll('script, link, img, iframe, object, embed, video, audio, source'),
    ).toHaveLength(0);
    expect(html).not.toMatch(/url\(|@import|\ssrc=/i);
    expect(
      document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'),
    ).toBe("default-src 'none'; style-src 'unsafe-inline'");
  });

  it('says plainly when no key is published, and marks a test build in every language', () => {
    const none = new JSDOM(installKitHtml({ pages, fingerprint: null })).window.document;
    expect(none.querySelector('#en .key')!.textContent).toContain(
      'No project release key has been published yet',
    );
    expect(none.querySelector('#ru .key')!.textContent).toContain('ещё не опубликован');
    expect(none.querySelector('#kk .key')!.textContent).toContain('әлі жарияланған жоқ');
    const test = new JSDOM(installKitHtml({ pages, fingerprint: FP, testBuild: true })).window.document;
    for (const lang of LANGS) expect(test.querySelector(`#${lang} .key .test`)).not.toBeNull();
  });

  it('covers the same sections and commands in en, ru and kk', () => {
    const outline = (md: string) => md.split('\n').filter((line) => /^#{1,3} /.test(line)).length;
    const commands = (md: string) => md.split('```').filter((_, index) => index % 2 === 1);
    for (const lang of LANGS) {
      expect(outline(pages[lang]), lang).toBe(outline(pages.en));
      expect(commands(pages[lang]), lang).toEqual(commands(pages.en));
    }
  });

  it('escapes HTML in the Markdown and refuses an unclosed code block', () => {
    const html = markdownToHtml(
      'A <script>alert(1)</script> and `<b>` with **bold** and [a link](https://example.org/x)',
      'en',
    );
    expect(html).toBe(
      '<p>A &lt;script&gt;alert(1)&lt;/script&gt; and <code>&lt;b&gt;</code> with <strong>bold</strong> and <a href="https://example.org/x">a link</a></p>',
    );
    expect(() => markdownToHtml('```\nopen', 'en')).toThrow(/never closed/);
  });

  it('README and docs/distribution.md print the fingerprint of the key release-keys/ pins, or say none is published', () => {
    const pinned = 'release-keys/vantage-release.pub';
    let expected = 'none published yet (release-keys/README.md)';
    if (existsSync(pinned)) {
      const key = readPublicKey(readFileSync(pinned, 'utf8'));
      if (!key.ok) throw new Error(`${pinned}: ${key.detail}`);
      expected = fingerprint(key.key);
    }
    for (const doc of ['README.md', 'docs/distribution.md']) {
      expect(readFileSync(doc, 'utf8').match(/Release key fingerprint: \*\*(.+?)\*\*/)?.[1], doc).toBe(
        expected,
      );
    }
  });
});
