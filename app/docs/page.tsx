import { openApiDocument, type OpenApiOperation } from '@/lib/openapi/document';

export const metadata = { title: 'API reference · Outpost' };

const methodColors: Record<string, string> = {
  get: 'bg-sky-100 text-sky-800',
  post: 'bg-emerald-100 text-emerald-800',
  patch: 'bg-amber-100 text-amber-800',
  delete: 'bg-rose-100 text-rose-800',
};

function refName(value: unknown): string | null {
  const ref = (value as { $ref?: string } | undefined)?.$ref;
  return ref ? ref.split('/').pop()! : null;
}

function bodySchemaName(op: OpenApiOperation): string | null {
  const content = (op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content;
  return refName(content?.['application/json']?.schema);
}

function responseSchemas(op: OpenApiOperation): { status: string; description: string; schema: string | null }[] {
  return Object.entries(op.responses).map(([status, raw]) => {
    const r = raw as { description?: string; content?: Record<string, { schema?: unknown }> };
    return { status, description: r.description ?? '', schema: refName(r.content?.['application/json']?.schema) };
  });
}

/** A readable list of the endpoints and their schemas, rendered from /api/v1/openapi.json's document. */
export default function DocsPage() {
  const doc = openApiDocument() as {
    info: { title: string; description: string };
    paths: Record<string, Record<string, OpenApiOperation>>;
    components: { schemas: Record<string, unknown> };
  };
  return (
    <main className="mx-auto max-w-5xl space-y-10 p-8">
      <header className="space-y-2">
        <h1 className="text-3xl font-semibold">{doc.info.title}</h1>
        <p className="text-slate-600">{doc.info.description}</p>
        <p className="text-sm text-slate-500">
          Base URL <code className="rounded bg-slate-100 px-1">/api/v1</code> · authenticate with{' '}
          <code className="rounded bg-slate-100 px-1">Authorization: Bearer &lt;api key&gt;</code> · machine-readable:{' '}
          <a className="text-sky-700 underline" href="/api/v1/openapi.json">
            openapi.json
          </a>
        </p>
      </header>

      <section className="space-y-4">
        <h2 className="text-xl font-semibold">Endpoints</h2>
        {Object.entries(doc.paths).map(([path, methods]) =>
          Object.entries(methods).map(([method, op]) => {
            const bodyName = bodySchemaName(op);
            return (
              <article key={`${method} ${path}`} id={`${method}-${path}`} className="rounded-lg border border-slate-200 p-4">
                <div className="flex items-center gap-3">
                  <span className={`rounded px-2 py-0.5 font-mono text-xs font-bold uppercase ${methodColors[method] ?? 'bg-slate-100'}`}>{method}</span>
                  <code className="font-mono text-sm">{path}</code>
                  <span className="text-sm text-slate-600">{op.summary}</span>
                </div>
                {op.description ? <p className="mt-2 text-sm text-slate-600">{op.description}</p> : null}
                {op.parameters?.length ? (
                  <p className="mt-2 text-sm">
                    Parameters:{' '}
                    {(op.parameters as { name: string; in: string }[]).map((p) => (
                      <code key={p.name} className="mr-2 rounded bg-slate-100 px-1">
                        {p.name} ({p.in})
                      </code>
                    ))}
                  </p>
                ) : null}
                {bodyName ? (
                  <p className="mt-2 text-sm">
                    Body: <a className="text-sky-700 underline" href={`#schema-${bodyName}`}>{bodyName}</a>
                  </p>
                ) : null}
                <ul className="mt-2 text-sm text-slate-700">
                  {responseSchemas(op).map((r) => (
                    <li key={r.status}>
                      <span className="font-mono">{r.status}</span> {r.description}
                      {r.schema ? (
                        <>
                          {' '}
                          → <a className="text-sky-700 underline" href={`#schema-${r.schema}`}>{r.schema}</a>
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </article>
            );
          }),
        )}
      </section>

      <section className="space-y-4">
        <h2 className="text-xl font-semibold">Schemas</h2>
        {Object.entries(doc.components.schemas).map(([name, schema]) => (
          <details key={name} id={`schema-${name}`} className="rounded-lg border border-slate-200 p-4">
            <summary className="cursor-pointer font-mono text-sm font-semibold">{name}</summary>
            <pre className="mt-3 overflow-x-auto rounded bg-slate-50 p-3 text-xs">{JSON.stringify(schema, null, 2)}</pre>
          </details>
        ))}
      </section>
    </main>
  );
}
