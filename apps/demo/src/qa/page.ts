import type { Exchange } from '../http/router';
import { html, type SafeHtml } from '../pages/html';
import { scriptTag } from '../pages/layout';
import { RETRY_DELAY_MS } from '../relay';
import { consentOf } from '../shop/consent';

/*
 * The QA console's page. The frame and the controls are rendered here; /static/qa.js fills in the
 * live parts from /qa/api/state and refreshes them whenever /qa/api/stream says something moved.
 */

function faultRow(network: 'avantlink' | 'aflite', name: string, fake: boolean): SafeHtml {
  if (!fake) {
    return html`<div class="fault-row"><span class="chip chip-${network}">${name}</span><span class="muted">the real network: faults can only be injected into a fake</span></div>`;
  }
  return html`<form class="fault-row" data-fault="${network}">
  <span class="chip chip-${network}">${name}</span>
  <label class="fault-field">fail next <input type="number" name="times" value="4" min="1" max="50" aria-label="${name}: number of calls to fail"></label>
  <select name="kind" aria-label="${name}: how they fail">
    <option value="503">with 503</option>
    <option value="drop">dropped</option>
  </select>
  <button type="submit" class="button button-small">Inject</button>
  <span class="fault-pending" data-fault-pending="${network}"></span>
</form>`;
}

export function qaPage(exchange: Exchange): SafeHtml {
  const { networks } = exchange.app;
  const consent = consentOf(exchange.cookies);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>QA console · affiliate-relay demo</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/base.css">
<link rel="stylesheet" href="/static/console.css">
<link rel="stylesheet" href="/static/console-log.css">
${scriptTag(consent)}
<script type="module" src="/static/qa.js"></script>
</head>
<body class="qa">
<header class="qa-header">
  <div class="qa-brand"><span class="qa-logo" aria-hidden="true">◆</span> affiliate-relay <span class="qa-brand-sub">QA console</span></div>
  <div class="qa-env" id="env" aria-label="Networks"></div>
  <a class="button button-ghost" href="/">Open the shop →</a>
</header>
<main class="qa-main">
  <section class="qa-top">
    <article class="card card-decision" id="decision" aria-live="polite">
      <h2 class="card-title">Attribution right now</h2>
      <div data-slot="decision"><p class="muted">Loading…</p></div>
    </article>
    <article class="card" id="visitor">
      <h2 class="card-title">This visitor's clicks</h2>
      <div class="cookie-columns" data-slot="cookies"></div>
    </article>
    <article class="card card-controls" id="controls">
      <h2 class="card-title">Try things</h2>
      <div class="control-group">
        <h3>Simulate an affiliate click</h3>
        <div class="button-row">
          <a class="button button-avantlink" href="/qa/simulate/avantlink" data-testid="simulate-avantlink">AvantLink click</a>
          <a class="button button-aflite" href="/qa/simulate/aflite" data-testid="simulate-aflite">Aflite click</a>
        </div>
        <p class="hint">Lands on a deep link with a fresh click id, as an affiliate's link would.</p>
      </div>
      <div class="control-group">
        <h3>Consent</h3>
        <button type="button" class="switch" role="switch" id="consent-toggle" aria-checked="${consent === 'granted' ? 'true' : 'false'}">
          <span class="switch-track"><span class="switch-thumb"></span></span>
          <span class="switch-label" data-slot="consent-label">${consent === 'granted' ? 'Affiliate cookies allowed' : 'Consent pending: nothing is stored or sent'}</span>
        </button>
        <button type="button" class="button button-small" id="consent-banner" aria-pressed="${consent === 'banner' ? 'true' : 'false'}">Use the consent banner</button>
        <p class="hint">The banner is vanilla-cookieconsent, wired through Google Consent Mode to the consent script tag.</p>
        <p class="consent-status" data-testid="consent-status" data-slot="consent-status"></p>
      </div>
      <div class="control-group">
        <h3>Make a network fail</h3>
        ${faultRow('avantlink', 'AvantLink', networks.avantlink.mode === 'fake')}
        ${faultRow('aflite', 'Aflite', networks.aflite.mode === 'fake')}
        <p class="hint">Checkout tries each network once (within 1 s), then the delivery stays pending and the worker retries it; Aflite's goal feed is asked before a goal is sent again.</p>
      </div>
      <div class="control-group control-row">
        <button type="button" class="button button-small" id="flush">Send what is due now</button>
        <button type="button" class="button button-small button-danger" id="reset">Reset everything</button>
      </div>
      <p class="hint">Pending deliveries are retried on their own, ${RETRY_DELAY_MS / 1000} s after a failure, then twice as long each time. <span data-slot="delivery-status"></span></p>
    </article>
  </section>
  <section class="card" id="orders">
    <h2 class="card-title">Orders <span class="card-note">newest first · what each network was told</span></h2>
    <div data-slot="orders"></div>
  </section>
  <section class="card" id="log">
    <div class="log-head">
      <h2 class="card-title">Live log <span class="card-note">every server-to-server call as the network received it, newest first</span></h2>
      <div class="log-filters" role="group" aria-label="Show">
        <button type="button" class="filter is-on" data-filter="all">All</button>
        <button type="button" class="filter" data-filter="network">Networks</button>
        <button type="button" class="filter" data-filter="browser">Browser</button>
        <button type="button" class="filter" data-filter="relay">Relay</button>
      </div>
    </div>
    <ol class="log-list" data-slot="log"></ol>
  </section>
</main>
</body>
</html>`;
}
