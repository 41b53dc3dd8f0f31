import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, appUrl, createUserWithKey } from '../support/app';
import { mutationsOf, type Json } from '../support/mutations';

// The MCP tools under what their schemas do not accept (issue 16): each tool starts from arguments
// it accepts, then every field in turn — nested ones too — is set to null, to each wrong type, to an
// empty and a huge string, an array for an object, removed, or joined by an unknown sibling. The
// only answers allowed are a result or an `isError` result carrying the REST error envelope: never
// a protocol error, never a 5xx (which the SDK client would throw).

let apiKey: string;
let client: Client;
let examples: { tool: string; args: Record<string, Json> }[];

beforeAll(async () => {
  ({ apiKey } = await createUserWithKey());
  client = new Client({ name: 'outpost-fuzz', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/api/mcp', appUrl()), { requestInit: { headers: { authorization: `Bearer ${apiKey}` } } }));
  const task = {
    kind: 'http-post',
    input: { title: 'Weekly report', nested: { deep: [1, 2] } },
    config: { url: 'https://example.com/hook', headers: { 'X-Trace': 'abc' } },
    template: '{"title": {{ input.title | json }}}',
    mapping: { title: { path: 'input.title', default: 'untitled' } },
  } satisfies Json;
  const draft = await api(apiKey).post('/tasks', { ...task, draft: true });
  expect(draft.status).toBe(201);
  examples = [
    { tool: 'list_integrations', args: {} },
    { tool: 'list_connections', args: {} },
    { tool: 'preview', args: task },
    { tool: 'create_task', args: { ...task, draft: true, name: 'fuzzed', maxAttempts: 3 } },
    { tool: 'get_task', args: { id: draft.body.id } },
    { tool: 'list_tasks', args: { status: 'draft', kind: 'http-post', limit: 5 } },
    { tool: 'cancel_task', args: { id: draft.body.id } },
    { tool: 'retry_task', args: { id: draft.body.id } },
    { tool: 'create_connect_link', args: { kind: 'x', label: 'My X', returnTo: '/connections' } },
    { tool: 'list_templates', args: { kind: 'http-post', limit: 5 } },
  ];
});

afterAll(async () => {
  await client?.close();
});

describe('MCP tools under arguments their schemas do not accept', () => {
  it('cover every tool the server lists', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(examples.map((e) => e.tool).sort());
  });

  it('answer a result or an isError naming the problem, at every field, never a protocol error', { timeout: 240_000 }, async () => {
    let sent = 0;
    for (const example of examples) {
      const variants: { what: string; args: Json | undefined }[] = [
        { what: 'the arguments as given', args: example.args },
        ...mutationsOf(example.args).map(({ what, body }) => ({ what, args: body })),
        { what: 'an unknown field', args: { ...example.args, unexpectedField: { surprise: [1, 'two'] } } },
        { what: 'no arguments', args: undefined },
      ];
      for (const variant of variants) {
        const where = `${example.tool} with ${variant.what}`;
        // The SDK client throws on a protocol error or an HTTP failure: that is the failure sought.
        const result = (await client.callTool({ name: example.tool, arguments: variant.args as Record<string, unknown> | undefined })) as CallToolResult;
        sent++;
        if (result.isError) {
          const [first] = result.content as { type: string; text: string }[];
          expect(JSON.parse(first!.text), where).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
        } else {
          expect(result.structuredContent, where).toBeDefined();
        }
      }
    }
    expect(sent).toBeGreaterThan(200);
  });
});
