import { render } from 'preact';
import { readEngineStatus } from '../../components/use-engine-state';
import { startTranslator } from '../../components/use-translator';
import { Popup } from './Popup';

// The first render waits for the stored state and the strings, read side by side, so the popup
// paints the last known state, translated, in its first frame (docs/benchmarks.md: popup).
const app = document.getElementById('app')!;
void Promise.all([readEngineStatus(), startTranslator()]).then(
  ([status]) => render(<Popup initialStatus={status} />, app),
  () => render(<Popup />, app),
);
