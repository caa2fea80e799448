// The demo's consent banner: vanilla-cookieconsent (its npm package, served from node_modules as
// /static/cookieconsent.umd.js), wired to Google Consent Mode the way a shop wires any CMP: the page's head set
// every default to denied (Google's snippet, with wait_for_update); the banner's choice, now and on every later
// page, becomes a `gtag('consent', 'update', …)`. The consent script tag (data-gcm) reads ad_storage from the data
// layer and moves affiliate-relay: granted stores and beacons, denied removes the cookies and tells the server.
window.dataLayer = window.dataLayer || [];
function gtag() {
  // biome-ignore lint/complexity/noArguments: Google's snippet pushes the arguments object itself.
  window.dataLayer.push(arguments);
}

function updateConsentMode() {
  const marketing = window.CookieConsent.acceptedCategory('marketing') ? 'granted' : 'denied';
  gtag('consent', 'update', {
    ad_storage: marketing,
    ad_user_data: marketing,
    ad_personalization: marketing,
  });
}

window.CookieConsent.run({
  // Shown to automated browsers too (by default it hides from navigator.webdriver): the demo's journeys use it.
  hideFromBots: false,
  categories: {
    necessary: { enabled: true, readOnly: true },
    marketing: {},
  },
  onConsent: updateConsentMode,
  onChange: updateConsentMode,
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'Cookies at Trailhead Outfitters',
          description:
            'We would like to credit the affiliate who sent you here, with a first-party cookie. Nothing is stored until you agree.',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          showPreferencesBtn: 'Manage preferences',
        },
        preferencesModal: {
          title: 'Cookie preferences',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          savePreferencesBtn: 'Save preferences',
          closeIconLabel: 'Close',
          sections: [
            {
              title: 'Strictly necessary',
              description: 'Your cart and this choice.',
              linkedCategory: 'necessary',
            },
            {
              title: 'Affiliate marketing',
              description: 'Credits the affiliate site that sent you (AvantLink, Aflite), for 30 days.',
              linkedCategory: 'marketing',
            },
          ],
        },
      },
    },
  },
});
