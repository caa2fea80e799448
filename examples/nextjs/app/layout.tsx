import type { ReactNode } from 'react';

export const metadata = { title: 'affiliate-relay Next.js example' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        {/* The script-tag build, from this origin (app/affiliate-relay.global.js/route.ts). */}
        <script src="/affiliate-relay.global.js" data-endpoint="/affiliate-relay/collect" async />
      </head>
      <body>{children}</body>
    </html>
  );
}
