// The storefront's consent banner: agreeing sets the demo's consent cookie and tells the script,
// which then stores and beacons what it captured on this page (the landing's click included).
(() => {
  const button = document.querySelector('[data-consent-accept]');
  if (!button) return;
  button.addEventListener('click', async () => {
    button.disabled = true;
    await fetch('/qa/api/consent', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ consent: 'granted' }),
    }).catch(() => undefined);
    try {
      window.AffiliateRelay?.grantConsent();
    } catch {
      // The script never throws; this guard is for a page where it failed to load.
    }
    button.closest('.consent-banner')?.remove();
  });
})();
