import { render } from 'preact';
import { startTranslator } from '../../components/use-translator';
import { Popup } from './Popup';

// Strings and settings start loading before the first render, alongside the stored state.
void startTranslator();
render(<Popup />, document.getElementById('app')!);
