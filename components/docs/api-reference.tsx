'use client';
import dynamic from 'next/dynamic';
// Scalar's own stylesheet first (its layout, cards and responsive rules), then ours over it.
import '@scalar/api-reference-react/style.css';
import './scalar-overrides.css';

// Scalar is a client-only Vue app wrapped for React; loading it on the client keeps it out of the
// server render (it touches `window`) and out of every other page's bundle.
const ApiReferenceReact = dynamic(() => import('@scalar/api-reference-react').then((m) => m.ApiReferenceReact), {
  ssr: false,
  loading: () => (
    <p role="status" className="p-6 text-sm text-slate-600">
      Loading the API reference…
    </p>
  ),
});

/** The REST reference rendered by Scalar from the live OpenAPI document; nothing leaves this origin. */
export function ApiReference({ url }: { url: string }) {
  return (
    <ApiReferenceReact
      configuration={{
        url,
        // No internet on a self-hosted box: no Google fonts, no telemetry, no Scalar proxy or cloud client.
        withDefaultFonts: false,
        telemetry: false,
        // The "ask an agent" chat calls Scalar's cloud, and its send button has no accessible name.
        agent: { disabled: true },
        hideClientButton: true,
        showDeveloperTools: 'never',
        hideDarkModeToggle: true,
        forceDarkModeState: 'light',
        layout: 'modern',
        theme: 'default',
        metaData: { title: 'Outpost API reference' },
      }}
    />
  );
}
