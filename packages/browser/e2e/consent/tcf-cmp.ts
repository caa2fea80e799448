/*
 * A CMP for the test pages, built on IAB Tech Lab's own CMP API (@iabtechlabtcf/cmpapi): it installs the real
 * `window.__tcfapi`, and `update(tcString, uiVisible)` moves it as a CMP does (the first update without the UI is
 * `tcloaded`, later ones `useractioncomplete`; `null` means GDPR does not apply). Bundled by esbuild for the page
 * (shop-server.ts serves it at /test-assets/tcf-cmp.js).
 */
import { CmpApi } from '@iabtechlabtcf/cmpapi';
import { TEST_CMP } from './tc-strings';

(window as { TestCmp?: unknown }).TestCmp = {
  start: () => new CmpApi(TEST_CMP.id, TEST_CMP.version, true),
};
