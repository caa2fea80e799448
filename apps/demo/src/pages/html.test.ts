import { describe, expect, it } from 'vitest';
import { html, raw } from './html';

describe('html template', () => {
  it('escapes every interpolated value', () => {
    const clickId = `"><script>alert('x')</script>&`;
    expect(html`<code title="${clickId}">${clickId}</code>`.value).toBe(
      '<code title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</code>',
    );
  });

  it('inserts nested templates and raw markup as they are, joins arrays, and drops empty values', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>${raw('<hr>')}${undefined}${null}${false}${0}`.value).toBe(
      '<ul><li>a&lt;b</li><li>c</li></ul><hr>0',
    );
  });
});
