import { render } from 'preact';
import { Reader } from './Reader';
import './reader.css';

render(<Reader />, document.getElementById('app')!);
