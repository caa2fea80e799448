// The console's cards: networks, the attribution decision, the visitor's cookies, the controls'
// state and the orders, each rendered from /qa/api/state.
import { ago, chip, el, money, slot } from './qa-dom.js';

export function renderEnv(state) {
  const { avantlink, aflite } = state.networks;
  const where = (info) =>
    info.mode === 'fake' ? `fake on ${info.url.replace('http://', '')}` : 'real network';
  document
    .getElementById('env')
    .replaceChildren(
      el('span', { class: 'env-item' }, chip('avantlink'), el('span', {}, where(avantlink))),
      el(
        'span',
        { class: 'env-item' },
        chip('aflite'),
        el('span', {}, where(aflite)),
        aflite.traceOnly ? el('span', { class: 'pill pill-warn' }, 'traceOnly') : '',
      ),
    );
}

export function renderDecision(state) {
  const { decision, attribution, consent } = state;
  const winner = decision.winners[0];
  const sourceText = {
    'server-cookie': 'Read from the signed server cookie.',
    'browser-cookie': 'Read from the browser cookie (no valid server cookie).',
    none: 'No cookie holds a click.',
  }[attribution.source];
  slot('decision').replaceChildren(
    el(
      'p',
      { class: 'decision-headline', 'data-testid': 'decision-headline' },
      winner ? [chip(winner.network), ' would get the next order'] : 'No network would be credited',
    ),
    el('p', { class: 'decision-explanation' }, decision.explanation),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, 'Policy'),
      el('dd', {}, decision.policy),
      el('dt', {}, 'Within window'),
      el('dd', {}, String(decision.eligible.length)),
      el('dt', {}, 'Expired'),
      el('dd', {}, String(decision.expired.length)),
      el('dt', {}, 'Source'),
      el('dd', {}, sourceText),
    ),
    consent === 'pending'
      ? el('p', { class: 'notice' }, 'Consent is pending: checkout reads no click and tells no network.')
      : '',
  );
}

function touchList(touches, state) {
  if (touches.length === 0) return el('p', { class: 'muted empty-note' }, 'No click');
  const wins = (touch) =>
    state.decision.winners.some(
      (winner) => winner.network === touch.network && winner.clickId === touch.clickId,
    );
  return el(
    'ul',
    { class: 'touch-list' },
    touches.map((touch) =>
      el(
        'li',
        { class: `touch${wins(touch) ? ' is-winner' : ''}` },
        el(
          'div',
          { class: 'touch-head' },
          chip(touch.network),
          wins(touch) ? el('span', { class: 'pill pill-ok' }, 'wins') : '',
        ),
        el('code', { class: 'click-id' }, touch.clickId),
        el('span', { class: 'touch-time' }, `captured ${ago(touch.capturedAt, state.now)}`),
      ),
    ),
  );
}

export function renderCookies(state) {
  const { browserCookie, serverCookie } = state;
  const column = (title, name, note, present, visitorId, touches, warning) =>
    el(
      'div',
      { class: 'cookie-column', 'data-testid': `cookie-${name}` },
      el('h3', {}, title, ' ', el('code', {}, name)),
      el('p', { class: 'hint' }, note),
      warning ? el('p', { class: 'notice notice-error' }, warning) : '',
      present || visitorId ? touchList(touches, state) : el('p', { class: 'muted empty-note' }, 'Not set'),
      visitorId ? el('p', { class: 'visitor' }, 'visitor ', el('code', {}, visitorId)) : '',
    );
  slot('cookies').replaceChildren(
    column(
      'Browser cookie',
      'ar_touches',
      'Written by the script at once.',
      browserCookie.present,
      browserCookie.visitorId,
      browserCookie.touches,
    ),
    column(
      'Server cookie',
      'ar_attr',
      'HttpOnly and signed; set by the collect endpoint. Survives Safari.',
      serverCookie.valid,
      serverCookie.visitorId,
      serverCookie.touches,
      serverCookie.present && !serverCookie.valid ? 'Present but its signature does not hold: ignored.' : '',
    ),
  );
}

export function renderControls(state) {
  const delivery = state.delivery;
  slot('delivery-status').textContent = delivery
    ? `Store (${delivery.store}): ${delivery.pending} pending, ${delivery.failed} failed${
        delivery.oldestPendingMs === undefined
          ? ''
          : `, oldest ${Math.round(delivery.oldestPendingMs / 1000)} s`
      }.`
    : '';
  const toggle = document.getElementById('consent-toggle');
  toggle.setAttribute('aria-checked', state.consent === 'granted' ? 'true' : 'false');
  slot('consent-label').textContent = {
    granted: 'Affiliate cookies allowed',
    pending: 'Consent pending: nothing is stored or sent',
    banner: 'The consent banner decides',
  }[state.consent];
  slot('consent-status').textContent = consentStatus(state);
  for (const network of ['avantlink', 'aflite']) {
    const info = state.networks[network];
    const pending = document.querySelector(`[data-fault-pending="${network}"]`);
    if (!pending) continue;
    pending.textContent = info.faultsPending > 0 ? `${info.faultsPending} will fail` : '';
    pending.classList.toggle('is-active', info.faultsPending > 0);
  }
}

// Where consent stands: in this browser (the consent tag's window.AffiliateRelayConsent, with the banner), and
// what the signed server cookie remembers of it (source and time).
function consentStatus(state) {
  const parts = [`Setting: ${state.consent}.`];
  const watch = window.AffiliateRelayConsent;
  if (watch) {
    const source = watch.source();
    parts.push(`In this browser: ${watch.state()}${source ? ` (from ${source})` : ''}.`);
  }
  const remembered = state.serverCookie.consent;
  parts.push(
    remembered
      ? `Server cookie: consent from ${remembered.source}, ${ago(remembered.at, state.now)}.`
      : 'Server cookie: no consent recorded.',
  );
  return parts.join(' ');
}

const STATUS_TEXT = {
  sent: 'reported',
  pending: 'pending',
  failed: 'failed',
  duplicate: 'duplicate',
};

function deliveryCell(order, network) {
  const result = order.conversion.results[network];
  const record = order.deliveries.find((delivery) => delivery.network === network);
  if (!result && !record) return el('td', { class: 'muted', 'data-testid': `delivery-${network}` }, '—');
  const status = record ? record.status : result;
  const tone = status === 'sent' ? 'ok' : status === 'failed' ? 'error' : 'warn';
  return el(
    'td',
    { 'data-testid': `delivery-${network}` },
    el('span', { class: `pill pill-${tone}` }, STATUS_TEXT[status] ?? status),
    record
      ? el('span', { class: 'muted' }, ` ${record.attempts} attempt${record.attempts === 1 ? '' : 's'}`)
      : '',
    record?.lastError && record.status !== 'sent'
      ? el('div', { class: 'error-text' }, record.lastError.message)
      : '',
  );
}

function refundCell(order) {
  const last = order.refunds.at(-1);
  const outcomes = last
    ? Object.entries(last.results).map(([network, outcome]) =>
        el('div', {}, el('span', { class: `chip chip-${network}` }, network), ` ${outcome}`),
      )
    : [];
  // Only a network that received the order has a commission to take back (a pending one has none yet).
  const action =
    order.receivedBy.length > 0
      ? el('button', { type: 'button', class: 'button button-small', 'data-refund': order.id }, 'Refund')
      : el('span', { class: 'muted' }, 'no network received it');
  return el(
    'td',
    { 'data-testid': 'refund' },
    action,
    last?.amount ? el('div', { class: 'muted' }, `$${last.amount}`) : '',
    ...outcomes,
    last?.note ? el('div', { class: 'muted' }, last.note) : '',
  );
}

export function renderOrders(state) {
  if (state.orders.length === 0) {
    slot('orders').replaceChildren(
      el('p', { class: 'muted empty-note' }, 'No order yet. Buy something in the shop.'),
    );
    return;
  }
  slot('orders').replaceChildren(
    el(
      'table',
      { class: 'orders-table' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ['Order', 'Placed', 'Subtotal', 'Why', 'AvantLink', 'Aflite', 'Refund'].map((title) =>
            el('th', {}, title),
          ),
        ),
      ),
      el(
        'tbody',
        {},
        state.orders.map((order) =>
          el(
            'tr',
            { 'data-order': order.id },
            el(
              'td',
              {},
              el(
                'a',
                { href: `/qa/orders/${encodeURIComponent(order.id)}`, 'data-testid': 'order-link' },
                el('code', {}, order.id),
              ),
              el(
                'div',
                { class: 'muted' },
                `${order.items} item${order.items === 1 ? '' : 's'}${order.couponCode ? ` · ${order.couponCode}` : ''}`,
              ),
            ),
            el('td', {}, ago(order.createdAt, state.now)),
            el('td', { class: 'num' }, money(order.subtotal, order.currency)),
            el(
              'td',
              { class: 'why' },
              order.conversion.explanation,
              order.conversion.via
                ? el(
                    'div',
                    { class: 'muted', 'data-testid': 'via-webhook' },
                    `By webhook from the ${order.conversion.via.webhook}, ${order.conversion.via.cookieAtWebhook ? 'with a cookie' : 'with no cookie'}: credited from the hand-off.`,
                  )
                : '',
            ),
            deliveryCell(order, 'avantlink'),
            deliveryCell(order, 'aflite'),
            refundCell(order),
          ),
        ),
      ),
    ),
  );
}
