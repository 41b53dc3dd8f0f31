import type { ReactNode } from 'react';
import type { SandboxState } from '@/lib/sandbox/types';
import { bodyExcerpt, timeOf } from './format';

const LATEST = 5;

/** What each sandbox provider holds: counts and the latest few items. */
export function ProviderState({ state }: { state: SandboxState }) {
  const latest = <T,>(items: T[]) => items.slice(-LATEST).reverse();
  return (
    <div className="grid gap-3 sm:grid-cols-2" data-testid="sandbox-state">
      <Card title="X (tweets)" count={state.x.tweets.length}>
        {latest(state.x.tweets).map((t) => (
          <Item key={t.id} at={t.createdAt} text={`${t.inReplyToTweetId ? '↳ ' : ''}${t.text}`} />
        ))}
      </Card>
      <Card title="WordPress (posts)" count={state.wordpress.posts.length}>
        {latest(state.wordpress.posts).map((p) => (
          <Item key={p.id} at={p.createdAt} text={`#${p.id} [${p.status}] ${p.title || '(no title)'}`} />
        ))}
      </Card>
      <Card title="Slack (messages)" count={state.slack.messages.length}>
        {latest(state.slack.messages).map((m) => (
          <Item key={m.id} at={m.at} text={`${m.webhook}: ${m.text ?? bodyExcerpt(m.blocks)}`} />
        ))}
      </Card>
      <Card title="Discord (messages)" count={state.discord.messages.length}>
        {latest(state.discord.messages).map((m) => (
          <Item
            key={m.id}
            at={m.at}
            text={`${m.username ?? 'webhook'}: ${m.content ?? ''}${m.embeds.length ? ` [${m.embeds.length} embed${m.embeds.length > 1 ? 's' : ''}]` : ''}`}
          />
        ))}
      </Card>
    </div>
  );
}

function Card({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  return (
    <div className="rounded border border-slate-200 bg-white p-4">
      <div className="flex items-baseline justify-between">
        <h3 className="font-medium">{title}</h3>
        <span className="text-2xl font-semibold" data-testid={`sandbox-count-${title.split(' ')[0]!.toLowerCase()}`}>
          {count}
        </span>
      </div>
      {count === 0 ? <p className="mt-2 text-xs text-slate-500">None yet.</p> : <ul className="mt-2 space-y-1">{children}</ul>}
    </div>
  );
}

function Item({ at, text }: { at: string; text: string }) {
  return (
    <li className="truncate text-xs text-slate-700" title={text}>
      <span className="mr-2 font-mono text-slate-500">{timeOf(at)}</span>
      {text}
    </li>
  );
}
