'use client';

// The rendered payload drawn the way each provider shows it. Everything here comes from the
// server's POST /preview answer (lib/tasks/preview): nothing is rendered twice in the browser.

type Props = { kind: string; payload: unknown; config?: Record<string, unknown> };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function ThreadPreview({ payload }: { payload: Record<string, unknown> }) {
  const posts = Array.isArray(payload.posts) ? payload.posts.map(String) : [];
  if (posts.length === 0) return <p className="text-sm text-slate-700">The template renders no post.</p>;
  return (
    <ol className="space-y-0" aria-label="Thread">
      {posts.map((post, i) => (
        <li key={i} className="flex gap-3 border-b border-slate-200 bg-white p-3 last:border-b-0" data-testid="preview-post">
          <div aria-hidden className="h-9 w-9 shrink-0 rounded-full bg-slate-800" />
          <div className="min-w-0">
            <p className="text-sm">
              <span className="font-semibold">You</span> <span className="text-slate-600">· post {i + 1} of {posts.length}</span>
            </p>
            <p className="whitespace-pre-wrap break-words text-sm">{post}</p>
            <p className="mt-1 text-xs text-slate-600">{post.length} characters</p>
          </div>
        </li>
      ))}
    </ol>
  );
}

function slackBlockText(block: Record<string, unknown>): string {
  const text = block.text;
  if (isObject(text)) return str(text.text);
  if (Array.isArray(block.elements)) return block.elements.map((e) => (isObject(e) ? str(e.text) : '')).join(' ');
  return '';
}

function SlackPreview({ payload }: { payload: Record<string, unknown> }) {
  const blocks = Array.isArray(payload.blocks) ? payload.blocks.filter(isObject) : null;
  return (
    <div className="flex gap-3 bg-white p-3" data-testid="preview-slack">
      <div aria-hidden className="h-9 w-9 shrink-0 rounded bg-emerald-700" />
      <div className="min-w-0 text-sm">
        <p>
          <span className="font-bold">Outpost</span> <span className="rounded bg-slate-200 px-1 text-xs">APP</span>
        </p>
        {blocks ? (
          <div className="space-y-2">
            {blocks.map((b, i) =>
              b.type === 'divider' ? (
                <hr key={i} className="border-slate-300" />
              ) : (
                <p key={i} className={`whitespace-pre-wrap break-words ${b.type === 'header' ? 'font-bold' : ''} ${b.type === 'context' ? 'text-xs text-slate-600' : ''}`}>
                  {slackBlockText(b)}
                </p>
              ),
            )}
          </div>
        ) : (
          <p className="whitespace-pre-wrap break-words">{str(payload.text)}</p>
        )}
      </div>
    </div>
  );
}

function DiscordPreview({ payload }: { payload: Record<string, unknown> }) {
  const embeds = Array.isArray(payload.embeds) ? payload.embeds.filter(isObject) : [];
  return (
    <div className="flex gap-3 bg-[#313338] p-3 text-slate-100" data-testid="preview-discord">
      <div aria-hidden className="h-10 w-10 shrink-0 rounded-full bg-indigo-500" />
      <div className="min-w-0 text-sm">
        <p className="font-semibold text-white">
          {str(payload.username) || 'Webhook'} <span className="rounded bg-indigo-500 px-1 text-xs">BOT</span>
        </p>
        {payload.content ? <p className="whitespace-pre-wrap break-words">{str(payload.content)}</p> : null}
        {embeds.map((e, i) => {
          const color = typeof e.color === 'number' ? `#${e.color.toString(16).padStart(6, '0')}` : '#1e1f22';
          const fields = Array.isArray(e.fields) ? e.fields.filter(isObject) : [];
          return (
            <div key={i} className="mt-2 max-w-md rounded border-l-4 bg-[#2b2d31] p-3" style={{ borderLeftColor: color }} data-testid="preview-embed">
              {e.title ? <p className="font-semibold text-sky-300">{str(e.title)}</p> : null}
              {e.description ? <p className="mt-1 whitespace-pre-wrap break-words">{str(e.description)}</p> : null}
              {fields.map((f, j) => (
                <div key={j} className="mt-2">
                  <p className="text-xs font-semibold">{str(f.name)}</p>
                  <p className="whitespace-pre-wrap break-words">{str(f.value)}</p>
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function WordPressPreview({ payload }: { payload: Record<string, unknown> }) {
  const html = str(payload.content);
  // The draft's HTML is shown in a sandboxed frame: no scripts, no access to this page.
  const doc = `<!doctype html><meta charset="utf-8"><style>body{font:15px/1.6 Georgia,serif;margin:12px;color:#1e293b}img{max-width:100%}pre{white-space:pre-wrap}</style>${html}`;
  const categories = Array.isArray(payload.categories) ? payload.categories.map(String) : [];
  const tags = Array.isArray(payload.tags) ? payload.tags.map(String) : [];
  return (
    <article className="bg-white p-3" data-testid="preview-wordpress">
      <p className="text-xs uppercase tracking-wide text-slate-600">Draft</p>
      <h3 className="break-words text-xl font-semibold">{str(payload.title) || '(no title)'}</h3>
      {payload.excerpt ? <p className="mt-1 break-words text-sm italic text-slate-700">{str(payload.excerpt)}</p> : null}
      {categories.length || tags.length ? (
        <p className="mt-1 text-xs text-slate-700">
          {categories.length ? `Categories: ${categories.join(', ')}` : ''} {tags.length ? `Tags: ${tags.join(', ')}` : ''}
        </p>
      ) : null}
      <iframe title="Draft content" sandbox="" srcDoc={doc} className="mt-2 h-64 w-full rounded border border-slate-200" />
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer">HTML sent to WordPress</summary>
        <pre tabIndex={0} className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">{html}</pre>
      </details>
    </article>
  );
}

function HttpPreview({ payload, config }: { payload: Record<string, unknown>; config: Record<string, unknown> }) {
  const method = str(config.method) || 'POST';
  const contentType = str(payload.contentType) || 'application/json';
  let body = str(payload.body);
  if (contentType === 'application/json') {
    try {
      body = JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      // Shown as rendered; validation reports invalid JSON.
    }
  }
  const headers = isObject(config.headers) ? config.headers : {};
  return (
    <pre tabIndex={0} className="overflow-auto whitespace-pre-wrap break-all bg-slate-900 p-3 text-xs text-slate-100" data-testid="preview-http">
      {`${method} ${str(config.url) || '(no URL yet)'}\ncontent-type: ${contentType}\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${String(v)}\n`)
        .join('')}\n${body}`}
    </pre>
  );
}

export function ProviderPreview({ kind, payload, config = {} }: Props) {
  if (!isObject(payload)) return <p className="text-sm text-slate-700">Nothing to show: the template did not render.</p>;
  const frame = (children: React.ReactNode) => <div className="overflow-hidden rounded border border-slate-300">{children}</div>;
  switch (kind) {
    case 'twitter-thread':
      return frame(<ThreadPreview payload={payload} />);
    case 'slack-webhook':
      return frame(<SlackPreview payload={payload} />);
    case 'discord-webhook':
      return frame(<DiscordPreview payload={payload} />);
    case 'wordpress-post':
      return frame(<WordPressPreview payload={payload} />);
    case 'http-post':
      return frame(<HttpPreview payload={payload} config={config} />);
    default:
      return frame(<pre tabIndex={0} className="overflow-auto p-3 text-xs">{JSON.stringify(payload, null, 2)}</pre>);
  }
}
