/**
 * Calls `listener` after every URL change a single-page app makes: `history.pushState`, `replaceState`
 * (wrapped) and `popstate` (back, forward, hash navigation). An error of the page's own pushState call still
 * reaches the page, as it would without the wrapper; the listener is the caller's to guard.
 *
 * @example
 * onUrlChange(() => scan(location.href));
 */
export function onUrlChange(listener: () => void): void {
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      listener();
    };
  }
  addEventListener('popstate', listener);
}
