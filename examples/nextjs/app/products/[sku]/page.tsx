import { notFound } from 'next/navigation';
import { PRODUCTS } from '../../../lib/catalog';

export default async function ProductPage({ params }: { params: Promise<{ sku: string }> }) {
  const { sku } = await params;
  const product = PRODUCTS[sku];
  if (!product) notFound();
  return (
    <main>
      <h1>{product.name}</h1>
      <p>${product.price}</p>
    </main>
  );
}
