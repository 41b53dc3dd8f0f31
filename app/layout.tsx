import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Outpost',
  description: 'Deliver AI agent results to X, WordPress, Slack, Discord and any HTTP endpoint.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request: the scripts carry this request's CSP nonce (proxy.ts), which a page
  // prerendered at build time could not.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
