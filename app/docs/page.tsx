import { headers } from 'next/headers';
import Link from 'next/link';
import { ApiReference } from '@/components/docs/api-reference';
import { McpSetup } from '@/components/docs/mcp-setup';

export const metadata = { title: 'API reference · Outpost' };

/** The public origin for the MCP client config: AUTH_URL when set, else the host the browser used. */
async function origin(): Promise<string> {
  if (process.env.AUTH_URL) {
    try {
      return new URL(process.env.AUTH_URL).origin;
    } catch {
      // fall through to the request's host
    }
  }
  const h = await headers();
  return `${h.get('x-forwarded-proto') ?? 'http'}://${h.get('host') ?? 'localhost:3000'}`;
}

/**
 * How to add Outpost to an MCP client, then the REST API reference: Scalar rendering
 * /api/v1/openapi.json (generated from the handlers' zod schemas).
 */
export default async function DocsPage() {
  const endpoint = `${await origin()}/api/mcp`;
  return (
    <div className="min-h-screen bg-white">
      <header className="border-b border-slate-200">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 text-sm sm:px-6">
          <Link href="/dashboard" className="text-base font-bold">
            Outpost
          </Link>
          <span className="text-slate-600">API reference</span>
          <a className="text-sky-800 underline" href="#mcp">
            MCP
          </a>
          <a className="ml-auto text-sky-800 underline" href="/api/v1/openapi.json">
            openapi.json
          </a>
        </div>
      </header>
      <main id="api-reference">
        <McpSetup endpoint={endpoint} />
        <ApiReference url="/api/v1/openapi.json" />
      </main>
    </div>
  );
}
