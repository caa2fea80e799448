// The QA console: renders /qa/api/state and refreshes it when /qa/api/stream says something moved.
// Plain DOM, no build step, nothing loaded from elsewhere. All text goes in through textContent.
(() => {
  const NAMES = { avantlink: 'AvantLink', aflite: 'Aflite', browser: 'Browser', relay: 'Relay' };
  const openDetails = new Set();
  let filter = 'all';
  let latest;

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes ?? {})) {
      if (value === undefined || value === false || value === null) continue;
      if (name === 'class') node.className = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const chip = (source, text) =>
    el('span', { class: `chip chip-${source}` }, text ?? NAMES[source] ?? source);
  const slot = (name) => document.querySelector(`[data-slot="${name}"]`);

  function ago(at, now) {
    const seconds = Math.max(0, Math.round((now - at) / 1000));
    if (seconds < 5) return 'just now';
    if (seconds < 90) return `${seconds} s ago`;
    if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
    if (seconds < 172800) return `${Math.round(seconds / 3600)} h ago`;
    return `${Math.round(seconds / 86400)} days ago`;
  }

  const clock = (at) =>
    `${new Date(at).toLocaleTimeString([], { hour12: false })}.${String(at % 1000).padStart(3, '0')}`;
  const money = (amount, currency) => `${amount.toFixed(2)} ${currency}`;

  // Readable JSON: indented, keys and values coloured, long strings wrapped.
  function jsonView(value) {
    const pre = el('pre', { class: 'json' });
    const write = (item, indent) => {
      const pad = '  '.repeat(indent);
      if (Array.isArray(item)) {
        if (item.length === 0) return pre.append('[]');
        pre.append('[\n');
        item.forEach((entry, index) => {
          pre.append(`${pad}  `);
          write(entry, indent + 1);
          pre.append(index < item.length - 1 ? ',\n' : '\n');
        });
        pre.append(`${pad}]`);
      } else if (item && typeof item === 'object') {
        const entries = Object.entries(item);
        if (entries.length === 0) return pre.append('{}');
        pre.append('{\n');
        entries.forEach(([key, entry], index) => {
          pre.append(`${pad}  `, el('span', { class: 'json-key' }, JSON.stringify(key)), ': ');
          write(entry, indent + 1);
          pre.append(index < entries.length - 1 ? ',\n' : '\n');
        });
        pre.append(`${pad}}`);
      } else {
        const type = item === null ? 'null' : typeof item;
        pre.append(
          el('span', { class: `json-${type}` }, type === 'string' ? JSON.stringify(item) : String(item)),
        );
      }
    };
    write(value, 0);
    return pre;
  }

  function renderEnv(state) {
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

  function renderDecision(state) {
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

  function renderCookies(state) {
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
        serverCookie.present && !serverCookie.valid
          ? 'Present but its signature does not hold: ignored.'
          : '',
      ),
    );
  }

  function renderControls(state) {
    const toggle = document.getElementById('consent-toggle');
    toggle.setAttribute('aria-checked', state.consent === 'granted' ? 'true' : 'false');
    slot('consent-label').textContent =
      state.consent === 'granted'
        ? 'Affiliate cookies allowed'
        : 'Consent pending: nothing is stored or sent';
    for (const network of ['avantlink', 'aflite']) {
      const info = state.networks[network];
      const pending = document.querySelector(`[data-fault-pending="${network}"]`);
      if (!pending) continue;
      pending.textContent = info.faultsPending > 0 ? `${info.faultsPending} will fail` : '';
      pending.classList.toggle('is-active', info.faultsPending > 0);
    }
  }

  const STATUS_TEXT = {
    sent: 'reported',
    queued: 'queued',
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

  function renderOrders(state) {
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
            ['Order', 'Placed', 'Subtotal', 'Why', 'AvantLink', 'Aflite'].map((title) => el('th', {}, title)),
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
                el('code', {}, order.id),
                el(
                  'div',
                  { class: 'muted' },
                  `${order.items} item${order.items === 1 ? '' : 's'}${order.couponCode ? ` · ${order.couponCode}` : ''}`,
                ),
              ),
              el('td', {}, ago(order.createdAt, state.now)),
              el('td', { class: 'num' }, money(order.subtotal, order.currency)),
              el('td', { class: 'why' }, order.conversion.explanation),
              deliveryCell(order, 'avantlink'),
              deliveryCell(order, 'aflite'),
            ),
          ),
        ),
      ),
    );
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

  function renderLog(state) {
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
                ? el(
                    'span',
                    { class: `pill pill-${item.tone}` },
                    item.status === 0 ? 'no answer' : item.status,
                  )
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

  function render(state) {
    latest = state;
    renderEnv(state);
    renderDecision(state);
    renderCookies(state);
    renderControls(state);
    renderOrders(state);
    renderLog(state);
    document.body.dataset.ready = 'true';
  }

  let inFlight = false;
  let again = false;
  async function refresh() {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    try {
      const response = await fetch('/qa/api/state', { cache: 'no-store' });
      if (response.ok) render(await response.json());
    } catch {
      // The demo server may be restarting: the next tick tries again.
    } finally {
      inFlight = false;
      if (again) {
        again = false;
        refresh();
      }
    }
  }

  async function post(path, body) {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    if (!response.ok)
      window.alert((await response.json().catch(() => ({}))).error ?? `HTTP ${response.status}`);
    await refresh();
  }

  document.getElementById('consent-toggle').addEventListener('click', async () => {
    const granted = latest?.consent !== 'granted';
    await post('/qa/api/consent', { consent: granted ? 'granted' : 'pending' });
    try {
      if (granted) window.AffiliateRelay?.grantConsent();
      else window.AffiliateRelay?.revokeConsent();
    } catch {
      // The script never throws, but the console must not break if it is missing.
    }
    await refresh();
  });

  for (const form of document.querySelectorAll('[data-fault]')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(form);
      post('/qa/api/fault', {
        network: form.dataset.fault,
        kind: data.get('kind'),
        times: Number(data.get('times')),
      });
    });
  }

  const flushButton = document.getElementById('flush');
  flushButton.addEventListener('click', async () => {
    flushButton.disabled = true;
    try {
      await post('/qa/api/flush');
    } finally {
      flushButton.disabled = false;
    }
  });

  document.getElementById('reset').addEventListener('click', async () => {
    await post('/qa/api/reset');
    // A fresh page also gives the script a fresh start (it keeps what it captured in memory).
    window.location.reload();
  });

  for (const button of document.querySelectorAll('[data-filter]')) {
    button.addEventListener('click', () => {
      filter = button.dataset.filter;
      for (const other of document.querySelectorAll('[data-filter]'))
        other.classList.toggle('is-on', other === button);
      if (latest) renderLog(latest);
    });
  }

  const stream = new EventSource('/qa/api/stream');
  stream.addEventListener('change', refresh);
  // Cookies change in other tabs without any server event; relative times age. A slow tick covers both.
  setInterval(refresh, 4000);
  refresh();
})();
