import { CATEGORIES, type Category, formatPrice, PRODUCTS, type Product, productsIn } from '../catalog';
import { html, type SafeHtml } from './html';
import { layout, type PageContext } from './layout';
import { picture } from './picture';

function productCard(product: Product): SafeHtml {
  return html`<a class="product-card" href="/products/${product.slug}">
  ${picture(product)}
  <span class="product-card-name">${product.name}</span>
  <span class="product-card-price">${formatPrice(product.price)}</span>
</a>`;
}

export function homePage(context: PageContext): SafeHtml {
  return layout(
    'Gear for the long way round',
    context,
    html`<section class="hero">
  <h1>Gear for the long way round</h1>
  <p>Tents, packs and sleeping bags, tested on real trails. Free returns for 60 days.</p>
</section>
${CATEGORIES.map(
  (category) => html`<section class="shelf">
  <div class="shelf-head"><h2>${category.name}</h2><a href="/c/${category.slug}">All ${category.name.toLowerCase()} →</a></div>
  <div class="product-grid">${productsIn(category.slug).map(productCard)}</div>
</section>`,
)}`,
  );
}

export function categoryPage(category: Category, context: PageContext): SafeHtml {
  return layout(
    category.name,
    context,
    html`<nav class="crumbs"><a href="/">Home</a> / ${category.name}</nav>
<h1>${category.name}</h1>
<p class="lede">${category.tagline}</p>
<div class="product-grid">${productsIn(category.slug).map(productCard)}</div>`,
  );
}

export function productPage(product: Product, context: PageContext): SafeHtml {
  const category = CATEGORIES.find((candidate) => candidate.slug === product.category);
  return layout(
    product.name,
    context,
    html`<nav class="crumbs"><a href="/">Home</a> / <a href="/c/${product.category}">${category?.name}</a> / ${product.name}</nav>
<article class="product">
  ${picture(product, 'large')}
  <div class="product-info">
    <h1>${product.name}</h1>
    <p class="price">${formatPrice(product.price)}</p>
    <p>${product.blurb}</p>
    <form method="post" action="/cart/add" class="add-form">
      <label>Option
        <select name="variant">${product.variants.map((variant) => html`<option value="${variant.sku}">${variant.label}</option>`)}</select>
      </label>
      <label>Quantity <input type="number" name="quantity" value="1" min="1" max="9"></label>
      <button type="submit" class="button">Add to cart</button>
    </form>
    <p class="sku">SKU ${product.sku}</p>
  </div>
</article>
<section class="shelf">
  <div class="shelf-head"><h2>You might also like</h2></div>
  <div class="product-grid">${PRODUCTS.filter((other) => other.category !== product.category)
    .slice(0, 4)
    .map(productCard)}</div>
</section>`,
  );
}

export function notFoundPage(context: PageContext): SafeHtml {
  return layout(
    'Not found',
    context,
    html`<section class="empty"><h1>That trail is closed</h1><p>The page does not exist. <a href="/">Back to the shop</a>.</p></section>`,
  );
}
