/** The current tab's answer: what the popup and the toolbar show for the site in the tab. */
export { latestForPage } from './latest';
