import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { connections } from '@/lib/db/schema';
import { waitForStatus } from '../engine/helpers';
import { startReceiver } from '../hostile/receiver';
import { api, createUserWithKey, sandboxUrl } from '../support/app';
import { createTemplate } from '../templates/helpers';

// Issue 17, finding 3 (and the sign: true part of 8): an http-post connection's secret headers and
// signing secret go only to the origins named when it was made, and a template shared by someone
// else never chooses where a user's task goes.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function newUser() {
  const { apiKey, userId } = await createUserWithKey();
  return { client: api(apiKey), userId };
}

describe('secrets bound to their origin (finding 3)', () => {
  it('a connection with secrets names its origins at creation (400 without), and shows them', async () => {
    const { client } = await newUser();
    const missing = await client.post('/connections', { kind: 'http-post', label: 'no origins', secret: { headers: { 'X-Api-Token': 'a-secret' } } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: 'secret.allowedOrigins' })]);
    const bad = await client.post('/connections', { kind: 'http-post', label: 'bad', secret: { signingSecret: 'whsec_12345678', allowedOrigins: ['https://hooks.example.com/path'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('secret.allowedOrigins[0]');

    const made = await client.post('/connections', { kind: 'http-post', label: 'bound', secret: { headers: { 'X-Api-Token': 'a-secret' }, allowedOrigins: ['https://hooks.example.com/'] } });
    expect(made.status).toBe(201);
    expect(made.body.metadata.allowedOrigins).toEqual(['https://hooks.example.com']);
    // Nothing secret about it, and not part of the stored secret either.
    expect(JSON.stringify(made.body)).not.toContain('a-secret');
  });

  it('a task to another origin is refused at create, and at delivery if the origins changed since; nothing is sent', async () => {
    const { client } = await newUser();
    const collector = await startReceiver(0, () => ({ status: 200, body: '{}' }));
    closers.push(collector.close);
    const own = new URL(sandboxUrl()).origin;
    const connection = await client.post('/connections', { kind: 'http-post', label: 'mine', secret: { headers: { 'X-Api-Token': 'tok-origin-1' }, allowedOrigins: [own] } });
    expect(connection.status).toBe(201);

    const refused = await client.post('/tasks', { kind: 'http-post', connectionId: connection.body.id, config: { url: `${collector.url}/steal` }, input: {} });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'config.url', message: expect.stringContaining(`may only be sent to ${own}`) })]);

    // Created while the origin was allowed; the connection is bound elsewhere before it runs.
    await db.update(connections).set({ metadata: { headerNames: ['X-Api-Token'], signs: false, allowedOrigins: [collector.url] } }).where(eq(connections.id, connection.body.id));
    const later = await client.post('/tasks', { kind: 'http-post', connectionId: connection.body.id, config: { url: `${collector.url}/later` }, input: {}, runAt: new Date(Date.now() + 1500).toISOString() });
    expect(later.status).toBe(201);
    await db.update(connections).set({ metadata: { headerNames: ['X-Api-Token'], signs: false, allowedOrigins: [own] } }).where(eq(connections.id, connection.body.id));
    const failed = await waitForStatus(client, later.body.id);
    expect(failed.status).toBe('failed');
    expect(JSON.stringify(failed.lastError)).toContain(`may only be sent to ${own}`);
    expect(collector.received).toEqual([]);
  });

  it("a shared template with its author's URL does not send the user's secret headers there", async () => {
    const author = await newUser();
    const collector = await startReceiver(0, () => ({ status: 200, body: '{}' }));
    closers.push(collector.close);
    const template = await createTemplate(author.client, {
      name: 'Handy hook',
      kind: 'http-post',
      description: 'Posts the result',
      body: '{"n": {{ input.n }}}',
      sampleInput: { n: 1 },
      config: { url: `${collector.url}/collect` },
    });
    expect((await author.client.post(`/templates/${template.id}/publish`)).status).toBe(200);

    const victim = await newUser();
    const own = new URL(sandboxUrl()).origin;
    const connection = await victim.client.post('/connections', { kind: 'http-post', label: 'mine', secret: { headers: { 'X-Api-Token': 'victim-token' }, allowedOrigins: [own] } });
    // No URL of their own: the author's is not taken, so the task needs one.
    const withoutUrl = await victim.client.post('/tasks', { kind: 'http-post', templateId: template.id, connectionId: connection.body.id, input: { n: 2 } });
    expect(withoutUrl.status).toBe(400);
    expect(withoutUrl.body.error.details).toEqual([expect.objectContaining({ path: 'config.url' })]);
    // Without a connection either: the author's destination is never the default.
    expect((await victim.client.post('/tasks', { kind: 'http-post', templateId: template.id, input: { n: 2 } })).status).toBe(400);

    const mine = await victim.client.post('/tasks', { kind: 'http-post', templateId: template.id, connectionId: connection.body.id, config: { url: `${own}/http/mine` }, input: { n: 3 } });
    expect(mine.status).toBe(201);
    expect((await waitForStatus(victim.client, mine.body.id)).status).toBe('succeeded');
    expect(collector.received).toEqual([]);

    // The author's own tasks still use the template's URL.
    const authors = await author.client.post('/tasks', { kind: 'http-post', templateId: template.id, input: { n: 4 } });
    expect(authors.status).toBe(201);
    expect((await waitForStatus(author.client, authors.body.id)).status).toBe('succeeded');
    expect(collector.received).toHaveLength(1);
  });
});

describe('forks and pulls keep the forker\'s destination (finding 3)', () => {
  it("a fork of someone else's template drops their URL, and a pull from the origin keeps the forker's own", async () => {
    const author = await newUser();
    const template = await createTemplate(author.client, {
      name: 'Forkable hook',
      kind: 'http-post',
      description: 'Posts the result',
      body: '{"n": {{ input.n }}}',
      sampleInput: { n: 1 },
      config: { url: 'https://collector.example/one', method: 'PUT' },
    });
    await author.client.post(`/templates/${template.id}/publish`);

    const forker = await newUser();
    const fork = (await forker.client.post(`/templates/${template.id}/fork`)).body;
    expect(fork.config).toEqual({ method: 'PUT' });
    // The author's own fork of their own template keeps it.
    expect((await author.client.post(`/templates/${template.id}/fork`)).body.config.url).toBe('https://collector.example/one');

    const own = `${new URL(sandboxUrl()).origin}/http/forker`;
    expect((await forker.client.patch(`/templates/${fork.id}`, { config: { method: 'PUT', url: own } })).status).toBe(200);
    await author.client.patch(`/templates/${template.id}`, { body: '{"n": {{ input.n }}, "v": 2}', config: { url: 'https://collector.example/two', method: 'POST' } });
    await author.client.post(`/templates/${template.id}/publish`);
    const pulled = await forker.client.post(`/templates/${fork.id}/pull`);
    expect(pulled.status).toBe(200);
    expect(pulled.body.body).toBe('{"n": {{ input.n }}, "v": 2}');
    expect(pulled.body.config).toEqual({ method: 'POST', url: own });
  });
});

describe('sign: true needs a signing secret at create (finding 8)', () => {
  it('is a 400 on config.sign without a connection or with one that has no signing secret', async () => {
    const { client } = await newUser();
    const url = `${sandboxUrl()}/http/sign`;
    const none = await client.post('/tasks', { kind: 'http-post', config: { url, sign: true }, input: {} });
    expect(none.status).toBe(400);
    expect(none.body.error.details).toEqual([expect.objectContaining({ path: 'config.sign' })]);
    const plain = await client.post('/connections', { kind: 'http-post', label: 'headers only', secret: { headers: { 'X-K': 'v' }, allowedOrigins: [new URL(url).origin] } });
    const unsigned = await client.post('/tasks', { kind: 'http-post', connectionId: plain.body.id, config: { url, sign: true }, input: {} });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.details).toEqual([expect.objectContaining({ path: 'config.sign', message: 'the connection has no signingSecret to sign with' })]);
    const signing = await client.post('/connections', { kind: 'http-post', label: 'signs', secret: { signingSecret: 'whsec_abcdefgh', allowedOrigins: [new URL(url).origin] } });
    expect((await client.post('/tasks', { kind: 'http-post', connectionId: signing.body.id, config: { url, sign: true }, input: {} })).status).toBe(201);
  });
});
