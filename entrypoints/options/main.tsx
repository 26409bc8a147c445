import { render } from 'preact';
import { browser } from 'wxt/browser';
import { followInstalledBundle, loadBundleInForce } from '../../lib/data-bundle';
import { Options } from './Options';
import './options.css';

// The pack lists shown are the ones in force: a signed data bundle's where it has some
// (lib/data-bundle/in-force.ts), drawn again when a refresh installs a new one.
const app = document.getElementById('app')!;
followInstalledBundle(browser, () => render(<Options />, app));
void loadBundleInForce(browser.storage.local).then(() => render(<Options />, app));
