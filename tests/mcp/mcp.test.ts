import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextBin } from '../../scripts/lib/build-state.mjs';
import { sandbox } from '../engine/helpers';
import { api, appUrl, createUserWithKey } from '../support/app';
import { freePort, startProcess, waitFor, type ManagedProcess } from '../support/processes';

// The MCP server (DESIGN §3.4) driven by the SDK's own client over real HTTP against the built app.

const TOOLS = ['list_integrations', 'list_connections', 'preview', 'create_task', 'get_task', 'list_tasks', 'cancel_task', 'retry_task', 'create_connect_link', 'list_templates'];

type Fetch = typeof fetch;

async function connect(apiKey: string | null, opts: { origin?: string; fetch?: Fetch } = {}): Promise<Client> {
  const client = new Client({ name: 'outpost-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL('/api/mcp', opts.origin ?? appUrl()), {
    requestInit: apiKey ? { headers: { authorization: `Bearer ${apiKey}` } } : undefined,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  await client.connect(transport);
  return client;
}

const call = (client: Client, name: string, args: Record<string, unknown> = {}) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>;

/** The structured answer of a tool that succeeded. */
async function ok<T = any>(client: Client, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const result = await call(client, name, args);
  if (result.isError) throw new Error(`${name} → isError: ${JSON.stringify(result.content)}`);
  return result.structuredContent as T;
}

/** The error envelope an isError result carries as its text. */
function errorOf(result: CallToolResult): { code: string; message: string; details?: Array<{ path: string; message: string }> } {
  expect(result.isError).toBe(true);
  expect(result.structuredContent).toBeUndefined();
  const [first] = result.content as Array<{ type: string; text: string }>;
  return JSON.parse(first!.text).error;
}

/** A user with an API key and an X account connected through the sandbox. */
async function userWithX() {
  const user = await createUserWithKey();
  const issued = await sandbox().issueXTokens({ username: `mcp_${randomUUID().slice(0, 8)}` });
  const res = await api(user.apiKey).post('/connections', { kind: 'twitter-thread', label: 'X', secret: { accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: issued.expiresAt } });
  if (res.status !== 201) throw new Error(`POST /connections → ${res.status}: ${JSON.stringify(res.body)}`);
  return { ...user, xUserId: issued.user.id as string, connectionId: res.body.id as string };
}

function threadText(): string {
  const tag = randomUUID().slice(0, 8);
  return [
    `An agent posted this thread through MCP (${tag}). Each paragraph becomes a post of its own when it fits, because two of them together are longer than the 280 weighted characters X allows.`,
    `Second paragraph ${tag}: Outpost renders the template, splits the text on paragraphs and sentences, numbers the posts and posts them as a reply chain, saving each id before the next post.`,
    `Third paragraph ${tag}: the task's result holds every post id in order, and the URL of the first post, so the agent can link to the thread it just published for its person.`,
  ].join('\n\n');
}

const tweetsOf = async (xUserId: string) => (await sandbox().state()).x.tweets.filter((t) => t.authorId === xUserId);

async function waitForTask(client: Client, id: string): Promise<any> {
  return waitFor(
    async () => {
      const task = await ok(client, 'get_task', { id });
      return ['succeeded', 'failed', 'cancelled', 'skipped'].includes(task.status) ? task : null;
    },
    { timeoutMs: 30_000, intervalMs: 200, what: `task ${id} to finish` },
  );
}

/** preview → create_task → get_task, as an agent would; every answer checked against the sandbox. */
async function postThreadThrough(preview: Client, creator: Client, reader: Client, user: Awaited<ReturnType<typeof userWithX>>) {
  const args = { kind: 'twitter-thread', connectionId: user.connectionId, template: '{{ input.text }}', input: { text: threadText() } };
  const previewed = await ok(preview, 'preview', args);
  expect(previewed.validation).toEqual({ ok: true, errors: [] });
  expect(previewed.wouldRun).toBe(true);
  const posts: string[] = previewed.payload.posts;
  expect(posts.length).toBe(3);

  const created = await ok(creator, 'create_task', args);
  expect(created).toMatchObject({ kind: 'twitter-thread', connectionId: user.connectionId, status: expect.stringMatching(/queued|running|succeeded/) });
  const done = await waitForTask(reader, created.id);
  expect(done).toMatchObject({ id: created.id, status: 'succeeded', attempts: 1 });
  const tweets = await tweetsOf(user.xUserId);
  // What preview showed is exactly what the sandbox received.
  expect(tweets.map((t) => t.text)).toEqual(posts);
  expect(done.result.tweetIds).toEqual(tweets.map((t) => t.id));
  return created.id as string;
}

describe('MCP server at /api/mcp', () => {
  let user: Awaited<ReturnType<typeof userWithX>>;
  let client: Client;
  beforeAll(async () => {
    user = await userWithX();
    client = await connect(user.apiKey);
  });
  afterAll(() => client?.close());

  it('lists the ten tools, each with a description, an object input schema and annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOLS].sort());
    for (const tool of tools) {
      expect(tool.description!.length, tool.name).toBeGreaterThan(80);
      expect(tool.description, tool.name).toMatch(/Example/);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.annotations).toBeDefined();
    }
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    for (const name of ['list_integrations', 'list_connections', 'preview', 'get_task', 'list_tasks', 'list_templates']) {
      expect(byName[name]!.annotations!.readOnlyHint, name).toBe(true);
    }
    for (const name of ['create_task', 'retry_task']) expect(byName[name]!.annotations!.openWorldHint, name).toBe(true);
    expect(byName.cancel_task!.annotations!.destructiveHint).toBe(true);
    // The input schema is the REST route's zod schema: create_task knows the same fields as POST /tasks.
    const create = byName.create_task!.inputSchema as { properties: Record<string, unknown>; required?: string[]; additionalProperties?: boolean };
    expect(Object.keys(create.properties)).toEqual(expect.arrayContaining(['kind', 'input', 'connectionId', 'template', 'templateId', 'runAt', 'schedule', 'dependsOn', 'idempotencyKey']));
    expect(create.required).toEqual(expect.arrayContaining(['kind']));
    expect(create.additionalProperties).toBe(false);
    expect(byName.get_task!.inputSchema).toMatchObject({ properties: { id: { type: 'string' } }, required: ['id'] });
  });

  it('previews, then creates an X thread; get_task reads succeeded and the thread is in the sandbox', async () => {
    await postThreadThrough(client, client, client, user);
  });

  it('answers reads with structuredContent (integrations, connections, tasks, templates, connect link)', async () => {
    const integrations = await ok(client, 'list_integrations');
    expect(integrations.data.map((i: any) => i.kind)).toContain('twitter-thread');
    const connections = await ok(client, 'list_connections');
    expect(connections.data).toEqual([expect.objectContaining({ id: user.connectionId, kind: 'twitter-thread', status: 'active' })]);
    expect(JSON.stringify(connections)).not.toMatch(/accessToken|refreshToken/);
    const tasks = await ok(client, 'list_tasks', { kind: 'twitter-thread', limit: 5 });
    expect(tasks.data.length).toBeGreaterThan(0);
    expect(tasks.data.every((t: any) => t.kind === 'twitter-thread')).toBe(true);
    expect(await ok(client, 'list_templates')).toEqual({ data: [], nextCursor: null });
    const link = await ok(client, 'create_connect_link', { kind: 'slack', label: 'Team' });
    expect(link.url).toMatch(new RegExp(`^${appUrl()}/connect/slack\\?link=`));
    expect(Date.parse(link.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('cancels a scheduled task and refuses to retry one that did not fail, like REST', async () => {
    const runAt = new Date(Date.now() + 3600_000).toISOString();
    const created = await ok(client, 'create_task', { kind: 'twitter-thread', connectionId: user.connectionId, template: '{{ input.text }}', input: { text: 'later' }, runAt });
    expect(created.status).toBe('scheduled');
    expect(await ok(client, 'cancel_task', { id: created.id })).toMatchObject({ id: created.id, status: 'cancelled' });
    const retry = errorOf(await call(client, 'retry_task', { id: created.id }));
    const rest = await api(user.apiKey).post(`/tasks/${created.id}/retry`);
    expect(retry).toEqual(rest.body.error);
  });

  it('bad arguments are an isError result naming the field, with the same message as the REST 400', async () => {
    const body = { kind: 'twitter-thread', connectionId: user.connectionId, template: '{{ input.text }}', runAt: 'tomorrow' };
    const error = errorOf(await call(client, 'create_task', body));
    expect(error.code).toBe('validation_failed');
    expect(error.details!.map((d) => d.path).sort()).toEqual(['input', 'runAt']);
    const rest = await api(user.apiKey).post('/tasks', body);
    expect(rest.status).toBe(400);
    expect(error.message).toBe(rest.body.error.message);

    expect(errorOf(await call(client, 'get_task', {})).details).toEqual([{ path: 'id', message: expect.any(String) }]);
    expect(errorOf(await call(client, 'list_tasks', { status: 'lost' })).details).toEqual([{ path: 'status', message: expect.any(String) }]);
    expect(errorOf(await call(client, 'list_tasks', { colour: 'red' })).details).toEqual([{ path: 'colour', message: 'is not a known field' }]);
    expect(errorOf(await call(client, 'preview', { kind: 'twitter-thread', connectionId: user.connectionId, template: '{{ input.text ', input: { text: 'x' } })).details![0]).toMatchObject({ path: 'template', line: 1 });
    // A string no JSON column can hold is refused by the same guard as REST bodies, naming where it is.
    expect(errorOf(await call(client, 'preview', { kind: 'twitter-thread', connectionId: user.connectionId, template: 'x', input: { text: 'a\u0000b' } })).details).toEqual([{ path: 'input.text', message: expect.stringContaining('NUL') }]);
  });

  it("another user's task is not found, for reads and writes alike", async () => {
    const other = await createUserWithKey();
    const stranger = await connect(other.apiKey);
    try {
      const runAt = new Date(Date.now() + 3600_000).toISOString();
      const mine = await ok(client, 'create_task', { kind: 'twitter-thread', connectionId: user.connectionId, template: '{{ input.text }}', input: { text: 'mine' }, runAt });
      for (const name of ['get_task', 'cancel_task', 'retry_task']) {
        expect(errorOf(await call(stranger, name, { id: mine.id })), name).toEqual({ code: 'not_found', message: 'Task not found' });
      }
      expect((await ok(stranger, 'list_tasks')).data).toEqual([]);
      expect((await ok(client, 'get_task', { id: mine.id })).status).toBe('scheduled');
      // Nor can a task use someone else's connection.
      const error = errorOf(await call(stranger, 'create_task', { kind: 'twitter-thread', connectionId: user.connectionId, template: 'x', input: {} }));
      expect(error.details![0]!.path).toBe('connectionId');
    } finally {
      await stranger.close();
    }
  });

  it('without an API key: 401 with WWW-Authenticate: Bearer, and the SDK client cannot connect', async () => {
    const res = await fetch(`${appUrl()}/api/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await res.json()).error.message).toMatch(/Authorization: Bearer/);
    await expect(connect(null)).rejects.toThrow();
    await expect(connect('op_not_a_real_key')).rejects.toThrow();
    // A session cookie is not an API key: agents authenticate with keys only.
    const get = await fetch(`${appUrl()}/api/mcp`, { headers: { accept: 'text/event-stream' } });
    expect(get.status).toBe(401);
  });

  it('is stateless: GET (no event stream) is 405 and no session id is handed out', async () => {
    const res = await fetch(`${appUrl()}/api/mcp`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${user.apiKey}` } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    const init = await fetch(`${appUrl()}/api/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${user.apiKey}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } } }),
    });
    expect(init.status).toBe(200);
    expect(init.headers.get('mcp-session-id')).toBeNull();
    expect((await init.json()).result.serverInfo.name).toBe('outpost');
  });
});

describe('MCP through two web processes', () => {
  let second: ManagedProcess;
  let secondOrigin: string;
  beforeAll(async () => {
    const port = await freePort();
    secondOrigin = `http://localhost:${port}`;
    second = startProcess(
      'web-mcp-second',
      process.execPath,
      [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
      // A small pending-task quota on this process only, to see MCP held to the same quota as REST.
      { ...process.env, NODE_ENV: 'production', PORT: String(port), OUTPOST_QUOTA_PENDING_TASKS: '3' },
      process.env.OUTPOST_TEST_LOG_DIR ?? path.join('/tmp', 'outpost-test-logs'),
    );
    await waitFor(async () => (await fetch(`${secondOrigin}/api/health`).catch(() => null))?.ok, { timeoutMs: 60_000, what: 'the second web process' });
  }, 70_000);
  afterAll(() => second?.stop());

  it('one client whose requests alternate between the two processes (a round-robin balancer) runs the whole flow', async () => {
    const user = await userWithX();
    const origins = [new URL(appUrl()), new URL(secondOrigin)];
    const served: string[] = [];
    let next = 0;
    const roundRobin: Fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const target = origins[next++ % origins.length]!;
      url.host = target.host;
      served.push(url.host);
      return fetch(url, init);
    };
    const client = await connect(user.apiKey, { fetch: roundRobin });
    try {
      await postThreadThrough(client, client, client, user);
    } finally {
      await client.close();
    }
    expect(new Set(served)).toEqual(new Set(origins.map((o) => o.host)));
  });

  it('a task created through one process is read, and cancelled, through the other', async () => {
    const user = await userWithX();
    const first = await connect(user.apiKey);
    const other = await connect(user.apiKey, { origin: secondOrigin });
    try {
      const id = await postThreadThrough(first, first, other, user);
      expect((await ok(other, 'list_tasks')).data.map((t: any) => t.id)).toContain(id);
      const later = await ok(other, 'create_task', { kind: 'twitter-thread', connectionId: user.connectionId, template: '{{ input.text }}', input: { text: 'x' }, runAt: new Date(Date.now() + 3600_000).toISOString() });
      expect((await ok(first, 'cancel_task', { id: later.id })).status).toBe('cancelled');
    } finally {
      await first.close();
      await other.close();
    }
  });

  it('is held to the same per-user quota as REST: past it, create_task is an isError quota_exceeded', async () => {
    const user = await userWithX();
    const client = await connect(user.apiKey, { origin: secondOrigin });
    try {
      const later = { kind: 'twitter-thread', connectionId: user.connectionId, template: '{{ input.text }}', input: { text: 'x' }, runAt: new Date(Date.now() + 3600_000).toISOString() };
      for (let i = 0; i < 3; i++) await ok(client, 'create_task', later);
      const error = errorOf(await call(client, 'create_task', later));
      expect(error.code).toBe('quota_exceeded');
      const rest = await fetch(`${secondOrigin}/api/v1/tasks`, { method: 'POST', headers: { authorization: `Bearer ${user.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(later) });
      expect(rest.status).toBe(429);
      expect(error).toEqual((await rest.json()).error);
    } finally {
      await client.close();
    }
  });
});

describe('/docs', () => {
  it('shows the exact commands to add this instance to an MCP client', async () => {
    const html = await (await fetch(`${appUrl()}/docs`)).text();
    expect(html).toContain(`claude mcp add --transport http outpost ${appUrl()}/api/mcp --header &quot;Authorization: Bearer $OUTPOST_API_KEY&quot;`);
    expect(html).toContain('npx @modelcontextprotocol/inspector --cli');
  });
});

describe('MCP under the per-account API rate limit', () => {
  let limited: ManagedProcess;
  let origin: string;
  beforeAll(async () => {
    const port = await freePort();
    origin = `http://localhost:${port}`;
    limited = startProcess(
      'web-mcp-rate-limited',
      process.execPath,
      [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
      { ...process.env, NODE_ENV: 'production', PORT: String(port), OUTPOST_API_RATE_LIMIT: '1', OUTPOST_API_RATE_BURST: '3' },
      process.env.OUTPOST_TEST_LOG_DIR ?? path.join('/tmp', 'outpost-test-logs'),
    );
    await waitFor(async () => (await fetch(`${origin}/api/health`).catch(() => null))?.ok, { timeoutMs: 60_000, what: 'the rate-limited web process' });
  }, 70_000);
  afterAll(() => limited?.stop());

  it('counts each request like REST: past the burst, 429 with Retry-After; each account on its own', async () => {
    const { apiKey } = await createUserWithKey();
    const post = (key: string) =>
      fetch(`${origin}/api/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${key}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(apiKey)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const refused = await post(apiKey);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await refused.json()).error.message).toMatch(/1\/s per account \(bursts of 3\)/);
    const other = await createUserWithKey();
    expect((await post(other.apiKey)).status).toBe(200);
  });
});
