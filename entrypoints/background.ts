import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { handleMessages } from '../lib/messaging';

// Wiring only: every decision lives in lib/. Listeners are registered synchronously so a
// worker woken by an event finds them (MV3 service workers start and stop at will).
export default defineBackground(() => {
  handleMessages({
    ping: ({ sentAt }) => ({
      receivedAt: Math.max(Date.now(), sentAt),
      version: browser.runtime.getManifest().version,
    }),
  });
});
