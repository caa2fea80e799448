import type { OrderExplanation } from '@affiliate-relay/node/store';
import { html, type SafeHtml } from '../pages/html';

/*
 * The QA console's page of one order (`/qa/orders/<id>`): `relay.explainOrder`'s answer as a support
 * person reads it (the verdict and its hint, what the relay knew and decided, each network's attempts
 * with the network's answer), and "Retry now" (`relay.redeliver`). It reads the durable store, so it
 * answers for orders recorded before a restart of the demo too.
 */

const time = (ms: number | undefined) =>
  ms === undefined ? '' : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

function networkSection(network: OrderExplanation['networks'][string]): SafeHtml {
  const attempts = network.log.map(
    (entry) =>
      html`<li><span class="muted">${time(entry.at)}</span> attempt ${entry.attempt}: <strong>${entry.outcome}</strong>${entry.error ? html` — ${entry.error.message}` : ''}${entry.nextAttemptAt ? html` <span class="muted">(next ${time(entry.nextAttemptAt)})</span>` : ''}</li>`,
  );
  return html`<article class="card" data-testid="network-${network.network}">
  <h2 class="card-title"><span class="chip chip-${network.network}">${network.name}</span> <span data-testid="state-${network.network}">${network.state}</span>${network.reason ? html` <span class="muted">(${network.reason})</span>` : ''}</h2>
  <p>${network.hint}</p>
  ${attempts.length > 0 ? html`<ol class="attempts">${attempts}</ol>` : ''}
  ${network.request ? html`<details><summary>Request as sent (secrets redacted)</summary><pre class="json">${JSON.stringify(network.request, null, 2)}</pre></details>` : ''}
</article>`;
}

/**
 * @example
 * sendHtml(response, orderPage(await relay.explainOrder(id)).value);
 */
export function orderPage(explanation: OrderExplanation): SafeHtml {
  const note = explanation.decision;
  const retry = Object.values(explanation.networks).some((network) =>
    ['pending', 'failed', 'refused'].includes(network.state),
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Order ${explanation.orderId} · QA console</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/base.css">
<link rel="stylesheet" href="/static/console.css">
<script type="module" src="/static/qa-order.js"></script>
</head>
<body class="qa" data-order-id="${explanation.orderId}">
<header class="qa-header">
  <div class="qa-brand"><span class="qa-logo" aria-hidden="true">◆</span> affiliate-relay <span class="qa-brand-sub">Why didn't this order track?</span></div>
  <a class="button button-ghost" href="/qa">← QA console</a>
</header>
<main class="qa-main">
  <section class="card">
    <h1 class="card-title">Order <code>${explanation.orderId}</code>: <span data-testid="verdict">${explanation.verdict}</span></h1>
    <p data-testid="hint">${explanation.hint}</p>
    ${explanation.recordedAt ? html`<p class="muted">recorded ${time(explanation.recordedAt)} UTC</p>` : ''}
    ${retry ? html`<button type="button" class="button" id="retry-now" data-testid="retry-now">Retry now</button> <span class="muted" data-slot="retry-result"></span>` : ''}
  </section>
  ${
    note
      ? html`<section class="card">
    <h2 class="card-title">What the relay knew</h2>
    <p>Attribution: <strong>${note.source}</strong>${note.visitorId ? html`, visitor <code>${note.visitorId}</code>` : ''} · policy ${note.policy}</p>
    <ul>${note.touches.map((touch) => html`<li><span class="chip chip-${touch.network}">${touch.network}</span> <code>${touch.clickId}</code> captured ${time(touch.capturedAt)} UTC${touch.landingUrl ? html` on ${touch.landingUrl}` : ''}</li>`)}</ul>
    <p>${note.explanation}</p>
  </section>`
      : ''
  }
  ${Object.values(explanation.networks).map(networkSection)}
</main>
</body>
</html>`;
}
