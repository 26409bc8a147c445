import { render } from 'preact';
import { browser } from 'wxt/browser';
import { readEngineStatus } from '../../components/use-engine-state';
import { startTranslator } from '../../components/use-translator';
import { pageSettings } from '../../components/page-settings';
import { loadBundleInForce } from '../../lib/data-bundle';
import { hasConsented } from '../../lib/settings';
import { ConsentPrompt } from './ConsentPrompt';
import { Popup } from './Popup';

// The first render waits for the stored state and the strings, read side by side, so the popup
// paints the last known state, translated, in its first frame (docs/benchmarks.md: popup). The
// settings are read once for the whole page (pageSettings), the translator's included.
// Before the first-run choice it shows only the way there.
const app = document.getElementById('app')!;
// The data bundle's advice facts are put in force in the same wait (lib/data-bundle/in-force.ts).
void Promise.all([
  readEngineStatus(),
  startTranslator(),
  pageSettings(),
  loadBundleInForce(browser.storage.local),
]).then(
  ([status, , settings]) =>
    render(hasConsented(settings) ? <Popup initialStatus={status} /> : <ConsentPrompt />, app),
  () => render(<Popup />, app),
);
