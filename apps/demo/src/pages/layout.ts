import { DEFAULT_COLLECT_PATH } from '@affiliate-relay/core';
import { CATEGORIES } from '../catalog';
import { WINDOW_DAYS } from '../config';
import { html, type SafeHtml } from './html';

/** What every storefront page needs to know about the visitor. */
export interface PageContext {
  consent: 'granted' | 'pending' | 'banner';
  cartCount: number;
}

/** Where the script-tag build is served. */
export const SCRIPT_PATH = '/static/affiliate-relay.global.js';

/**
 * The `<script>` tag of `@affiliate-relay/browser`, exactly as a shop would paste it: on every page,
 * starting itself from its data-* attributes.
 */
export function scriptTag(consent: PageContext['consent']): SafeHtml {
  if (consent === 'banner') return bannerTags();
  return html`<script src="${SCRIPT_PATH}" data-endpoint="${DEFAULT_COLLECT_PATH}" data-window-days="${WINDOW_DAYS}" data-consent="${consent}"></script>`;
}

/**
 * With the consent banner, what a shop on a Consent Mode CMP pastes: Google's snippet with every default denied
 * (and `wait_for_update`, as the CMP answers soon), the script starting pending, the consent tag reading the data
 * layer (`data-gcm`), then the banner (vanilla-cookieconsent, served from node_modules) and its wiring (`cmp.js`:
 * `gtag('consent', 'update', …)` on accept and reject).
 */
function bannerTags(): SafeHtml {
  return html`<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('consent', 'default', {
    'ad_storage': 'denied',
    'ad_user_data': 'denied',
    'ad_personalization': 'denied',
    'analytics_storage': 'denied',
    'wait_for_update': 500
  });
</script>
<script src="${SCRIPT_PATH}" data-endpoint="${DEFAULT_COLLECT_PATH}" data-window-days="${WINDOW_DAYS}" data-consent="pending"></script>
<script src="${CONSENT_SCRIPT_PATH}" data-gcm></script>
<link rel="stylesheet" href="/static/cookieconsent.css">
<script src="/static/cookieconsent.umd.js" defer></script>
<script src="/static/cmp.js" defer></script>`;
}

/** Where the consent sources' script-tag build is served. */
export const CONSENT_SCRIPT_PATH = '/static/affiliate-relay.consent.global.js';

export function layout(title: string, context: PageContext, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Trailhead Outfitters</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/base.css">
<link rel="stylesheet" href="/static/shop.css">
${scriptTag(context.consent)}
<script src="/static/shop.js" defer></script>
</head>
<body class="shop">
<header class="shop-header">
  <div class="wrap shop-header-row">
    <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">▲</span> Trailhead Outfitters</a>
    <nav class="shop-nav" aria-label="Categories">
      ${CATEGORIES.map((category) => html`<a href="/c/${category.slug}">${category.name}</a>`)}
    </nav>
    <div class="shop-tools">
      <a class="qa-link" href="/qa" title="Open the QA console">QA console</a>
      <a class="cart-link" href="/cart" data-testid="cart-link">Cart <span class="cart-count">${context.cartCount}</span></a>
    </div>
  </div>
</header>
${context.consent === 'pending' ? consentBanner() : ''}
<main class="wrap">
${body}
</main>
<footer class="shop-footer">
  <div class="wrap">
    A demo store of <strong>affiliate-relay</strong>. Prices in USD. Nothing here is for sale, and nothing
    leaves this machine unless you point the demo at a real network.
    ${context.consent === 'banner' ? html`<button type="button" class="link-button" data-cc="show-preferencesModal">Cookie preferences</button>` : ''}
  </div>
</footer>
</body>
</html>`;
}

function consentBanner(): SafeHtml {
  return html`<div class="consent-banner" role="region" aria-label="Cookie consent">
  <div class="wrap consent-row">
    <p>We use a first-party cookie to credit the affiliate who sent you here. Nothing is stored until you agree.</p>
    <button type="button" class="button" data-consent-accept>Allow affiliate cookies</button>
  </div>
</div>`;
}
