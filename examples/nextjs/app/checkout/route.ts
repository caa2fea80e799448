import { PRODUCTS } from '../../lib/catalog';
import { relay } from '../../lib/relay';

// The order: the network that earned it gets it, once.
export async function POST(request: Request) {
  const { sku = 'tent', quantity = 1 } = (await request.json().catch(() => ({}))) as {
    sku?: string;
    quantity?: number;
  };
  const product = PRODUCTS[sku];
  if (!product || !Number.isInteger(quantity) || quantity < 1)
    return Response.json({ error: 'bad order' }, { status: 400 });
  const orderId = `EX-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const subtotal = product.price * quantity;
  const { results } = await relay.recordConversion({
    order: {
      orderId,
      subtotal,
      currency: 'USD',
      items: [{ parentSku: sku, price: product.price, quantity }],
    },
    request,
  });
  return Response.json({ orderId, subtotal, results });
}
