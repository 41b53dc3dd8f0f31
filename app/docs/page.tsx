import Link from 'next/link';
import { ApiReference } from '@/components/docs/api-reference';

export const metadata = { title: 'API reference · Outpost' };

/** The REST API reference: Scalar rendering /api/v1/openapi.json (generated from the handlers' zod schemas). */
export default function DocsPage() {
  return (
    <div className="min-h-screen bg-white">
      <header className="border-b border-slate-200">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 text-sm sm:px-6">
          <Link href="/dashboard" className="text-base font-bold">
            Outpost
          </Link>
          <span className="text-slate-600">API reference</span>
          <a className="ml-auto text-sky-800 underline" href="/api/v1/openapi.json">
            openapi.json
          </a>
        </div>
      </header>
      <main id="api-reference">
        <ApiReference url="/api/v1/openapi.json" />
      </main>
    </div>
  );
}
