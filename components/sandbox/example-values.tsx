import Link from 'next/link';
import type { ReactNode } from 'react';
import { CopyValue } from './copy-value';

export type SandboxExamples = {
  /** The user's sandbox namespace, carried by every value below. */
  namespace: string;
  slackWebhookUrl: string;
  discordWebhookUrl: string;
  wordpressSiteUrl: string;
  wordpressUsername: string;
  wordpressApplicationPassword: string;
  httpReceiverUrl: string;
  xUsername: string;
};

/** Ready-to-paste values for the Connections form; all of them point at the local sandbox. */
export function ExampleValues({ examples }: { examples: SandboxExamples }) {
  return (
    <div className="space-y-4 rounded border border-slate-200 bg-white p-4 text-sm" data-testid="sandbox-examples">
      <p className="text-slate-600">
        Paste these on the <Link className="underline" href="/connections">Connections</Link> page to deliver to the sandbox instead of
        a real service. Nothing leaves this machine. They carry your sandbox namespace{' '}
        <code data-testid="sandbox-namespace">{examples.namespace}</code>, so only you see what they receive.
      </p>
      <Group title="Slack (slack-webhook) — webhook URL">
        <CopyValue label="Slack webhook URL" value={examples.slackWebhookUrl} />
      </Group>
      <Group title="Discord (discord-webhook) — webhook URL">
        <CopyValue label="Discord webhook URL" value={examples.discordWebhookUrl} />
      </Group>
      <Group title="WordPress (wordpress-post) — site URL, user, application password">
        <CopyValue label="WordPress site URL" value={examples.wordpressSiteUrl} />
        <CopyValue label="WordPress username" value={examples.wordpressUsername} />
        <CopyValue label="WordPress application password" value={examples.wordpressApplicationPassword} />
      </Group>
      <Group title="HTTP (http-post) — any path under the receiver">
        <CopyValue label="HTTP receiver URL" value={examples.httpReceiverUrl} />
      </Group>
      <Group title="X (twitter-thread) — sandbox account">
        <CopyValue label="X username" value={examples.xUsername} />
      </Group>
      <p className="text-xs text-slate-500">
        X (twitter-thread) connects with the OAuth flow; in the sandbox it ends on a local consent page instead of x.com. Requests
        of the X account named after your namespace are listed here.
      </p>
    </div>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <div className="text-xs font-medium uppercase text-slate-500">{title}</div>
      {children}
    </div>
  );
}
