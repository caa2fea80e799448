// The console's live log: one line per call, beacon or relay event, newest first; a line unfolds
// to show what the network received and what it answered. Unfolded lines stay open across refreshes.
import { chip, clock, el, jsonView, slot } from './qa-dom.js';

const openDetails = new Set();
let filter = 'all';

/** Shows only one source: `all`, `network`, `browser` or `relay`. */
export function setFilter(value) {
  filter = value;
}

function pane(name, value) {
  if (value === undefined) return '';
  const title = name[0].toUpperCase() + name.slice(1);
  return el('div', { class: `log-pane log-pane-${name}` }, el('h4', {}, title), jsonView(value));
}

function matchesFilter(item) {
  if (filter === 'all') return true;
  if (filter === 'network') return item.source === 'avantlink' || item.source === 'aflite';
  return item.source === filter;
}

export function renderLog(state) {
  const items = state.log.filter(matchesFilter).reverse();
  if (items.length === 0) {
    slot('log').replaceChildren(
      el('li', { class: 'muted empty-note' }, 'Nothing yet. Simulate a click to start.'),
    );
    return;
  }
  slot('log').replaceChildren(
    ...items
      .map((item) => {
        const details = el(
          'details',
          { class: `log-item tone-${item.tone}`, open: openDetails.has(item.key), 'data-key': item.key },
          el(
            'summary',
            {},
            el('time', { class: 'log-time' }, clock(item.at)),
            chip(item.source),
            el('span', { class: 'log-title' }, item.title),
            item.status !== undefined
              ? el('span', { class: `pill pill-${item.tone}` }, item.status === 0 ? 'no answer' : item.status)
              : '',
            el('span', { class: 'log-summary' }, item.summary),
          ),
          el(
            'div',
            { class: 'log-body' },
            item.method
              ? el('p', { class: 'log-request-line' }, el('code', {}, `${item.method} ${item.path}`))
              : '',
            el(
              'div',
              { class: 'log-panes' },
              pane('received', item.received),
              item.answered !== undefined || item.headers
                ? el(
                    'div',
                    { class: 'log-side' },
                    pane('answered', item.answered),
                    pane('headers', item.headers),
                  )
                : '',
            ),
          ),
        );
        details.addEventListener('toggle', () => {
          if (details.open) openDetails.add(item.key);
          else openDetails.delete(item.key);
        });
        return details;
      })
      .map((details) => el('li', {}, details)),
  );
}
