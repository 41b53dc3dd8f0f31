// Times are shown in UTC so the server render and the browser agree (no hydration drift).
const whenFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return `${whenFormat.format(date)} UTC`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return '—';
  if (ms < 1000) return `${ms} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export const kindLabels: Record<string, string> = {
  'http-post': 'HTTP request',
  'slack-webhook': 'Slack',
  'discord-webhook': 'Discord',
  'twitter-thread': 'X thread',
  'wordpress-post': 'WordPress draft',
};

export const kindLabel = (kind: string) => kindLabels[kind] ?? kind;
