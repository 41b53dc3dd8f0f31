function isHttpUrl(value: unknown): value is string {
  return typeof value === 'string' && /^https?:\/\//i.test(value);
}

type Link = { label: string; href: string };

/** Where the delivery can be seen: the thread, the draft's edit link, the Discord message… */
export function resultLinks(kind: string, result: Record<string, unknown>): Link[] {
  const links: Link[] = [];
  const add = (label: string, href: unknown) => {
    if (isHttpUrl(href) && !links.some((l) => l.href === href)) links.push({ label, href });
  };
  if (kind === 'twitter-thread') add('Open the thread', result.url);
  if (kind === 'wordpress-post') {
    add('Edit the draft', result.editLink);
    add('Preview the post', result.link);
  }
  if (kind === 'discord-webhook') add('Open the Discord message', result.url);
  add('Open the result', result.url);
  return links;
}

export function ResultLinks({ kind, result }: { kind: string; result: unknown }) {
  if (!result || typeof result !== 'object') return <p className="text-sm text-slate-700">Nothing delivered yet.</p>;
  const r = result as Record<string, unknown>;
  const links = resultLinks(kind, r);
  return (
    <div className="space-y-2 text-sm">
      {links.length ? (
        <ul className="flex flex-wrap gap-3">
          {links.map((l) => (
            <li key={l.href}>
              <a className="text-sky-800 underline" href={l.href} target="_blank" rel="noreferrer noopener" data-testid="result-link">
                {l.label}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {typeof r.externalId === 'string' ? (
        <p className="break-all text-slate-700">
          External id <code>{r.externalId}</code>
        </p>
      ) : null}
      {kind === 'slack-webhook' ? <p className="text-slate-700">Slack incoming webhooks return no message link; the message is in the webhook&apos;s channel.</p> : null}
    </div>
  );
}
