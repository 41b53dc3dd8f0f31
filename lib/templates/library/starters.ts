// Read-only starting points, one per job Outpost is for (DESIGN §3.3). They live in code, not in
// the database: every instance has them, they are versioned with the app, and nobody can change
// one; forking makes an editable copy that remembers which starter (and version) it came from.

import type { Condition } from '../condition';

export type TemplateContent = {
  name: string;
  description: string;
  body: string;
  sampleInput: unknown;
  mapping: Record<string, unknown> | null;
  condition: Condition | null;
  config: Record<string, unknown>;
  /** Tasks made from it wait for a person's approval unless they say otherwise (DESIGN §3.4). */
  requireApproval?: boolean;
};

export type Starter = TemplateContent & { id: string; kind: string; version: number };

export const STARTER_AUTHOR = 'Outpost';
// A fixed date keeps starter reads stable across restarts.
export const STARTERS_UPDATED_AT = '2026-11-01T00:00:00.000Z';

const article = {
  title: 'How we cut our build times in half',
  summary: 'Caching, smaller images and parallel test shards took our CI from 14 to 7 minutes.',
  url: 'https://example.com/blog/faster-builds',
  body: [
    '## What was slow',
    '',
    'Every pipeline rebuilt **all** dependencies from scratch, and the test suite ran on a single runner.',
    '',
    '## What we changed',
    '',
    '1. A shared dependency cache keyed by the lockfile.',
    '2. Slimmer base images (from 1.2 GB to 180 MB).',
    '3. Tests split into four shards by historical duration.',
    '',
    'The result: median CI time went from 14 to 7 minutes, and flaky timeouts disappeared.',
  ].join('\n'),
  tags: ['ci', 'performance'],
};

export const STARTERS: readonly Starter[] = [
  {
    id: '00000000-0000-4000-8000-000000000001',
    kind: 'wordpress-post',
    version: 1,
    name: 'Blog post → WordPress draft',
    description: 'Turns an agent-written article (title, summary, Markdown body, sources) into a WordPress draft for review.',
    body: [
      '{{ input.body }}',
      '{% if input.sources.size > 0 %}',
      '',
      '## Sources',
      '',
      '{% for source in input.sources %}- [{{ source.title }}]({{ source.url }})',
      '{% endfor %}{% endif %}',
    ].join('\n'),
    sampleInput: {
      ...article,
      sources: [
        { title: 'Caching dependencies', url: 'https://example.com/docs/caching' },
        { title: 'Test sharding', url: 'https://example.com/docs/sharding' },
      ],
    },
    mapping: null,
    condition: null,
    config: { title: '{{ input.title }}', excerpt: '{{ input.summary }}', contentFormat: 'markdown' },
  },
  {
    id: '00000000-0000-4000-8000-000000000002',
    kind: 'twitter-thread',
    version: 1,
    name: 'Article → X thread',
    description: 'Announces an article as a numbered X thread: the headline, the summary, the key points, then the link.',
    body: [
      '{{ input.title }}',
      '',
      '{{ input.summary }}',
      '',
      '{% for point in input.points %}{{ point }}',
      '',
      '{% endfor %}Read it all: {{ input.url }}',
    ].join('\n'),
    sampleInput: {
      title: article.title,
      summary: article.summary,
      url: article.url,
      points: [
        'A shared dependency cache keyed by the lockfile means most pipelines never download a package.',
        'Base images went from 1.2 GB to 180 MB, so runners start in seconds instead of a minute.',
        'Four test shards balanced by historical duration finish within a few seconds of each other.',
      ],
    },
    mapping: null,
    condition: null,
    config: { numbering: true },
  },
  {
    id: '00000000-0000-4000-8000-000000000003',
    kind: 'slack-webhook',
    version: 1,
    name: 'Run summary → Slack',
    description: "Posts an agent run's outcome to a Slack channel: status, duration, what it did and a link to the details.",
    body: [
      '{% if input.status == "succeeded" %}:white_check_mark:{% else %}:x:{% endif %} **{{ input.agent }}** run {{ input.status }} in {{ input.durationSeconds }}s',
      '',
      '{{ input.summary }}',
      '{% for step in input.steps %}',
      '- {{ step }}{% endfor %}',
      '',
      '[Open the run]({{ input.url }})',
    ].join('\n'),
    sampleInput: {
      agent: 'research-bot',
      status: 'succeeded',
      durationSeconds: 42,
      summary: 'Collected _12_ sources and drafted a report on **CI caching**.',
      steps: ['Searched 3 sites', 'Read 12 pages', 'Wrote a 900-word draft'],
      url: 'https://example.com/runs/8812',
    },
    mapping: null,
    condition: null,
    config: { format: 'text' },
  },
  {
    id: '00000000-0000-4000-8000-000000000004',
    kind: 'discord-webhook',
    version: 1,
    name: 'Release note → Discord embed',
    description: 'Announces a release in a Discord channel as an embed: version in the title, Markdown notes as the description.',
    body: [
      '{"embeds": [{',
      '  "title": {{ input.version | prepend: "Release " | json }},',
      '  "url": {{ input.url | json }},',
      '  "description": {{ input.notes | markdown_to_discord | truncate: 4000 | json }},',
      '  "color": 5814783,',
      '  "timestamp": {{ input.releasedAt | date: "%Y-%m-%dT%H:%M:%SZ", "UTC" | json }}',
      '}]}',
    ].join('\n'),
    sampleInput: {
      version: 'v2.4.0',
      url: 'https://example.com/releases/v2.4.0',
      releasedAt: '2026-11-20T09:30:00Z',
      notes: [
        '# Highlights',
        '',
        '- **Scheduled tasks** can now run on a cron schedule.',
        '- Previews show exactly what will be sent.',
        '',
        '#### Fixes',
        '',
        '- Retries no longer double-post to X.',
      ].join('\n'),
    },
    mapping: null,
    condition: null,
    config: {},
  },
  {
    id: '00000000-0000-4000-8000-000000000005',
    kind: 'http-post',
    version: 1,
    name: 'JSON webhook',
    description: 'Sends the essentials of an agent result to any HTTP endpoint as a JSON document.',
    body: [
      '{',
      '  "event": "agent.result",',
      '  "title": {{ input.title | json }},',
      '  "summary": {{ input.summary | json }},',
      '  "score": {{ input.score | json }},',
      '  "tags": {{ input.tags | json }},',
      '  "finishedAt": {{ input.finishedAt | json }}',
      '}',
    ].join('\n'),
    sampleInput: { title: article.title, summary: article.summary, score: 0.92, tags: article.tags, finishedAt: '2026-11-20T09:30:00Z' },
    mapping: null,
    condition: null,
    config: {},
  },
];

const byId = new Map(STARTERS.map((s) => [s.id, s]));

export function findStarter(id: string): Starter | undefined {
  return byId.get(id);
}
