import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// Why each setting is here: docs/architecture.md#build.
export default defineConfig({
  // Explicit imports only, so a reader can follow every name to its file.
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  manifestVersion: 3,
  vite: () => ({
    plugins: [preact()],
    build: {
      modulePreload: { polyfill: false },
      rollupOptions: { output: { experimentalMinChunkSize: 40_000 } },
    },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    short_name: 'Vantage',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: [
      'storage',
      'unlimitedStorage',
      'alarms',
      'webRequest',
      // The popup reads the current tab's address only when the user opens it.
      'activeTab',
      // "Keep offline": read the current tab's rendered page (under activeTab) to save it.
      'scripting',
      // Firefox: system DNS answers, and certificate chains (getSecurityInfo needs a blocking listener).
      ...(browser === 'firefox' ? ['dns', 'webRequestBlocking'] : ['offscreen']),
    ],
    // Measuring any site the user asks about needs every origin; nothing is injected into pages.
    host_permissions: ['<all_urls>'],
    action: { default_title: '__MSG_extName__' },
    // Firefox's default extension CSP adds upgrade-insecure-requests, which would turn the
    // plain-HTTP probes (captive-portal check, blockpage detection) into HTTPS ones.
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'",
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'vantage@vantage-probe.org',
              strict_min_version: '142.0',
              // Nothing leaves the device unless the user opts in to contributing measurements.
              data_collection_permissions: {
                required: ['none'],
                optional: ['technicalAndInteraction'],
              },
            },
          },
        }
      : {}),
  }),
});
