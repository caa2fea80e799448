import type { Product } from '../catalog';
import { raw, type SafeHtml } from './html';

/* Product pictures drawn as SVG: the demo loads nothing from off this machine. */

const SHAPES: Record<Product['shape'], string> = {
  tent: '<path d="M20 92 L60 28 L100 92 Z" fill="var(--fg)"/><path d="M60 28 L72 92 L48 92 Z" fill="var(--bg)" opacity=".55"/><path d="M14 92 H106" stroke="var(--fg)" stroke-width="3" stroke-linecap="round"/>',
  pack: '<rect x="36" y="30" width="48" height="62" rx="14" fill="var(--fg)"/><rect x="44" y="56" width="32" height="22" rx="6" fill="var(--bg)" opacity=".55"/><path d="M48 30 C48 18 72 18 72 30" stroke="var(--fg)" stroke-width="5" fill="none"/>',
  bag: '<rect x="30" y="26" width="60" height="68" rx="30" fill="var(--fg)"/><path d="M38 48 H82 M36 64 H84 M38 80 H82" stroke="var(--bg)" stroke-width="3" opacity=".5"/>',
  pad: '<rect x="18" y="46" width="84" height="30" rx="12" fill="var(--fg)"/><path d="M32 46 V76 M46 46 V76 M60 46 V76 M74 46 V76 M88 46 V76" stroke="var(--bg)" stroke-width="3" opacity=".5"/>',
};

export function picture(product: Product, size: 'card' | 'large' = 'card'): SafeHtml {
  const style = `--bg:hsl(${product.hue} 45% 88%);--fg:hsl(${product.hue} 38% 34%)`;
  return raw(
    `<svg class="picture picture-${size}" viewBox="0 0 120 110" role="img" aria-label="${product.name}" style="${style}">` +
      `<rect width="120" height="110" rx="10" fill="var(--bg)"/>${SHAPES[product.shape]}</svg>`,
  );
}
