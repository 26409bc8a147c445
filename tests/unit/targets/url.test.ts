import { describe, expect, it } from 'vitest';
import { hostOf, nameForUrl, normaliseTargetUrl } from '../../../lib/targets';

const normalised = (input: string) => {
  const result = normaliseTargetUrl(input);
  return result.ok ? result.url : result.reason;
};

describe('normaliseTargetUrl', () => {
  it('lower-cases the host but keeps the path as typed', () => {
    expect(normalised('https://VLAST.kz/Ru/News')).toBe('https://vlast.kz/Ru/News');
  });

  it('assumes https for a bare domain, with or without a port', () => {
    expect(normalised('vlast.kz')).toBe('https://vlast.kz/');
    expect(normalised('  www.azattyq.org/a?b=1  ')).toBe('https://www.azattyq.org/a?b=1');
    expect(normalised('example.com:8443/x')).toBe('https://example.com:8443/x');
  });

  it('keeps plain http when the user asked for it', () => {
    expect(normalised('http://orda.kz')).toBe('http://orda.kz/');
  });

  it('drops the fragment, the default port, a trailing dot and any credentials', () => {
    expect(normalised('https://orda.kz:443/#top')).toBe('https://orda.kz/');
    expect(normalised('https://orda.kz./')).toBe('https://orda.kz/');
    expect(normalised('https://user:secret@orda.kz/')).toBe('https://orda.kz/');
  });

  it('rejects schemes a browser probe cannot test', () => {
    expect(normalised('ftp://files.example.org/')).toBe('not-http');
    expect(normalised('javascript:alert(1)')).toBe('not-http');
    expect(normalised('mailto:someone@example.org')).toBe('not-http');
    expect(normalised('file:///etc/passwd')).toBe('not-http');
  });

  it('rejects empty input, unparsable URLs and single-word hosts', () => {
    expect(normalised('   ')).toBe('empty');
    expect(normalised('http://exa mple.com/')).toBe('invalid-url');
    expect(normalised('facebook')).toBe('invalid-host');
  });

  it('rejects a host with characters no DNS name has, which Chromium lets through where Node does not', () => {
    // Chromium turns "exa mple.com" into the host "exa%20mple.com"; Node accepts "a*b.example".
    expect(normalised('https://a*b.example/')).toBe('invalid-host');
    expect(normalised('https://Straße.de/')).toBe('https://xn--strae-oqa.de/');
  });

  it('refuses loopback, private, local and onion hosts: checking one would send it to public resolvers', () => {
    // The lab reaches its servers by *.lab.test names (RFC 6761 test names), never by these.
    expect(normalised('http://127.0.0.1:8080/')).toBe('special-use');
    expect(normalised('http://[::1]:8080/')).toBe('special-use');
    expect(normalised('http://localhost:8080/')).toBe('special-use');
    expect(normalised('http://192.168.1.1/')).toBe('special-use');
    expect(normalised('printer.local')).toBe('special-use');
    expect(normalised('expyuzz4wqqyqhjn.onion')).toBe('special-use');
    expect(normalised('https://clean.lab.test/')).toBe('https://clean.lab.test/');
  });

  it('gives a reason a user can act on', () => {
    const result = normaliseTargetUrl('ftp://files.example.org/');
    expect(result).toEqual({
      ok: false,
      reason: 'not-http',
      detail: 'only http and https URLs can be tested, not ftp: ("ftp://files.example.org/")',
    });
  });
});

describe('hostOf and nameForUrl', () => {
  it('reads the host of a target, and an empty string for an unreadable one', () => {
    expect(hostOf({ url: 'https://rus.azattyq.org/a' })).toBe('rus.azattyq.org');
    expect(hostOf({ url: 'not a url' })).toBe('');
  });

  it('names a site by its host without www, adding the path when it is not the home page', () => {
    expect(nameForUrl('https://www.azattyq.org/')).toBe('azattyq.org');
    expect(nameForUrl('https://www.bbc.com/russian')).toBe('bbc.com/russian');
    expect(nameForUrl('https://www.dw.com/ru/')).toBe('dw.com/ru');
  });
});
