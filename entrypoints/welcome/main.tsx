import { render } from 'preact';
import { Welcome } from './Welcome';
import '../options/options.css';
import './welcome.css';

// The first-run page: opened on install; nothing is contacted until it is answered.
render(<Welcome />, document.getElementById('app')!);
