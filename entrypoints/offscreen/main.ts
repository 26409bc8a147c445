import { browser } from 'wxt/browser';
import { isOffscreenRequest } from '../../lib/library/dom-host';
import { processPage } from '../../lib/library/process-page';

// Chrome's offscreen document (reason DOM_PARSER): the real DOM the service worker lacks, for
// Readability and DOMPurify. It parses with DOMParser (inert: no script runs, nothing loads)
// and answers only our own background.
browser.runtime.onMessage.addListener((message: unknown, sender) => {
  if (!isOffscreenRequest(message) || sender.id !== browser.runtime.id) return undefined;
  return Promise.resolve().then(() => processPage(message.html, message.url, window));
});
