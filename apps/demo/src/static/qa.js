// The QA console: renders /qa/api/state and refreshes it when /qa/api/stream says something moved.
// Plain ES modules, no build step, nothing loaded from elsewhere.
import { renderLog, setFilter } from './qa-log.js';
import { renderControls, renderCookies, renderDecision, renderEnv, renderOrders } from './qa-panels.js';

let latest;

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

document.getElementById('consent-banner').addEventListener('click', async () => {
  await post('/qa/api/consent', { consent: 'banner' });
  // The pages' head changes (the banner, Consent Mode, the consent tag): load this one again with it.
  location.reload();
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

// Refund buttons are rendered with the orders: one listener for all of them.
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-refund]') : null;
  if (!button) return;
  button.disabled = true;
  post('/qa/api/refund', { orderId: button.dataset.refund });
});

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
    setFilter(button.dataset.filter);
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
