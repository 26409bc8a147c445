import { answerOffscreen } from '../../lib/messaging';
import { processPage } from '../../lib/library';

// Chrome's offscreen document (reason DOM_PARSER): the real DOM the service worker lacks, for
// Readability and DOMPurify. It parses with DOMParser (inert: no script runs, nothing loads)
// and answers only our own background (lib/messaging/offscreen.ts).
answerOffscreen({
  processPage: ({ html, url }) => processPage(html, url, window),
});
