import { render } from 'preact';
import { Reader } from './Reader';

render(<Reader />, document.getElementById('app')!);
