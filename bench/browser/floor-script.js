// The floor of the script's job, written by hand: the least a landing page needs to do what the script does
// (read the landing parameters, write the first-party cookies, beacon the click). No guards, no domain probe,
// no merge with an older click, no resend: the script's main-thread time is measured against this one's.
(() => {
  const query = new URLSearchParams(location.search);
  const avad = query.get('avad');
  const session = query.get('clickSource') === 'aflite' && query.get('clickSessionID');
  if (!avad && !session) return;
  const now = Date.now();
  const touches = [];
  if (avad) touches.push({ network: 'avantlink', clickId: avad, capturedAt: now });
  if (session) touches.push({ network: 'aflite', clickId: session, capturedAt: now });
  // crypto.randomUUID exists only in a secure context (https); getRandomValues everywhere.
  const visitorId = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(36)).join(
    '',
  );
  const attributes = '; path=/; max-age=2592000; samesite=lax';
  document.cookie = `ar_vid=${visitorId}${attributes}`;
  document.cookie = `ar_touches=2|a:${encodeURIComponent(avad)}:${now.toString(36)}${attributes}`;
  navigator.sendBeacon(
    '/affiliate-relay/collect',
    JSON.stringify({ touches, visitorId, pageUrl: location.href, referrer: document.referrer }),
  );
})();
