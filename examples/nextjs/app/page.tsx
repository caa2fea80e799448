import Link from 'next/link';

export default function Home() {
  return (
    <main>
      <h1>Outdoor shop</h1>
      <Link href="/products/tent">Ridgeline 2 tent</Link>
    </main>
  );
}
