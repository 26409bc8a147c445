import { render } from 'preact';
import { readEngineStatus } from '../../components/use-engine-state';
import { startTranslator } from '../../components/use-translator';
import { pageSettings } from '../../components/page-settings';
import { hasConsented } from '../../lib/settings';
import { ConsentPrompt } from './ConsentPrompt';
import { Popup } from './Popup';

// The first render waits for the stored state and the strings, read side by side, so the popup
// paints the last known state, translated, in its first frame (docs/benchmarks.md: popup). The
// settings are read once for the whole page (pageSettings), the translator's included.
// Before the first-run choice it shows only the way there.
const app = document.getElementById('app')!;
void Promise.all([readEngineStatus(), startTranslator(), pageSettings()]).then(
  ([status, , settings]) =>
    render(hasConsented(settings) ? <Popup initialStatus={status} /> : <ConsentPrompt />, app),
  () => render(<Popup />, app),
);
