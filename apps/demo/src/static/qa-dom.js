// The console's DOM helpers: elements built with textContent only (never innerHTML), chips, times and
// readable JSON.

const NAMES = { avantlink: 'AvantLink', aflite: 'Aflite', browser: 'Browser', relay: 'Relay' };

export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === false || value === null) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const chip = (source, text) =>
  el('span', { class: `chip chip-${source}` }, text ?? NAMES[source] ?? source);
export const slot = (name) => document.querySelector(`[data-slot="${name}"]`);

export function ago(at, now) {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}

export const clock = (at) =>
  `${new Date(at).toLocaleTimeString([], { hour12: false })}.${String(at % 1000).padStart(3, '0')}`;
export const money = (amount, currency) => `${amount.toFixed(2)} ${currency}`;

// Readable JSON: indented, keys and values coloured, long strings wrapped.
export function jsonView(value) {
  const pre = el('pre', { class: 'json' });
  const write = (item, indent) => {
    const pad = '  '.repeat(indent);
    if (Array.isArray(item)) {
      if (item.length === 0) return pre.append('[]');
      pre.append('[\n');
      item.forEach((entry, index) => {
        pre.append(`${pad}  `);
        write(entry, indent + 1);
        pre.append(index < item.length - 1 ? ',\n' : '\n');
      });
      pre.append(`${pad}]`);
    } else if (item && typeof item === 'object') {
      const entries = Object.entries(item);
      if (entries.length === 0) return pre.append('{}');
      pre.append('{\n');
      entries.forEach(([key, entry], index) => {
        pre.append(`${pad}  `, el('span', { class: 'json-key' }, JSON.stringify(key)), ': ');
        write(entry, indent + 1);
        pre.append(index < entries.length - 1 ? ',\n' : '\n');
      });
      pre.append(`${pad}}`);
    } else {
      const type = item === null ? 'null' : typeof item;
      pre.append(
        el('span', { class: `json-${type}` }, type === 'string' ? JSON.stringify(item) : String(item)),
      );
    }
  };
  write(value, 0);
  return pre;
}
