import { render } from 'preact';
import { TimelinePage } from './TimelinePage';

render(<TimelinePage />, document.getElementById('app')!);
