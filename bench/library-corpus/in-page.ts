/**
 * What the reader page records about itself while the bench types (installed before the page's
 * own scripts, as an init script): the time of every `input` event (a keystroke, or the single
 * event of a fill), and the end of the frame that painted the search results or their passages
 * as they last changed. "Changed" is judged from the DOM the user sees — the result count and the
 * hits' titles for results, the `.excerpt` passages' text for passages — so any build that renders
 * those elements is measured the same way, whatever it does internally (debounce, workers,
 * streaming). A frame that already shows the right results when the key is pressed counts as 0.
 */
export interface InPageState {
  lastInput: number;
  inputs: number;
  lastMutation: number;
  results: string;
  passages: string;
  resultsPainted: number;
  passagesPainted: number;
}

export const IN_PAGE_SCRIPT = `(() => {
  const state = { lastInput: 0, inputs: 0, lastMutation: 0, results: '', passages: '', resultsPainted: 0, passagesPainted: 0 };
  globalThis.__bench = state;
  addEventListener('input', (event) => { state.lastInput = event.timeStamp; state.inputs++; }, true);
  // After the frame that shows the change: a message posted from its animation frame callback is
  // handled once that frame's style, layout and paint are done (a frame callback alone runs
  // before them, and a long list's layout would go uncounted).
  const afterPaint = (then) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = then;
    channel.port2.postMessage(0);
  });
  const read = () => {
    const list = document.querySelector('[data-testid=search-results]');
    const count = document.querySelector('[data-testid=search-count]');
    if (!list && !count) return ['', ''];
    // The hits' titles, not their links: every build's links are href="#", so links alone would
    // only tell the number of hits, and a keystroke that changed which articles are shown (same
    // count) would count as 0 ms.
    const hits = list ? Array.from(list.querySelectorAll('[data-testid=search-hit] a'), (a) => a.textContent).join('\u0001') : '';
    const passages = list ? Array.from(list.querySelectorAll('.excerpt'), (p) => p.textContent).join('|') : '';
    return [(count ? count.textContent : '') + '#' + hits, passages];
  };
  const observe = () => new MutationObserver(() => {
    state.lastMutation = performance.now();
    const [results, passages] = read();
    if (results !== state.results) {
      state.results = results;
      afterPaint(() => { state.resultsPainted = performance.now(); });
    }
    if (passages !== state.passages) {
      state.passages = passages;
      afterPaint(() => { state.passagesPainted = performance.now(); });
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
  observe();
})();`;
