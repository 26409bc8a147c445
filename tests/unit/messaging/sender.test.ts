import { describe, expect, it } from 'vitest';
import { isOwnPage } from '../../../lib/messaging/sender';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

describe('who may message the background', () => {
  it('accepts the extension’s own pages', () => {
    expect(isOwnPage({ id: ID, url: `${ORIGIN}popup.html` }, ID, ORIGIN)).toBe(true);
  });

  it('refuses a content script in a web page even though it carries our id', () => {
    expect(isOwnPage({ id: ID, url: 'https://evil.example/' }, ID, ORIGIN)).toBe(false);
  });

  it('refuses another extension', () => {
    expect(isOwnPage({ id: 'other', url: `chrome-extension://other/page.html` }, ID, ORIGIN)).toBe(false);
  });

  it('refuses a sender without a URL', () => {
    expect(isOwnPage({ id: ID }, ID, ORIGIN)).toBe(false);
  });
});
